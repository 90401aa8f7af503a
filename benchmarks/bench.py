"""One machine's run into the project's performance figures and their PASS/FAIL against the targets.

Usage::

    python benchmarks/bench.py            # the full run (a few minutes)
    python benchmarks/bench.py --quick    # fewer repeats, 20/80 articles instead of 100/400
    python benchmarks/bench.py --json benchmarks/out/results.json

Measures: ``import bulletin_docs``; warm in-process load + render of the example
(.docx, native PDF and OFD, median of several runs); a cold ``bulletin-docs build --pdf``
subprocess; LibreOffice converting the same .docx; generated issues of 100 and
400 articles (time and peak RSS, each in a fresh subprocess); a 合订本 (``volume``) of
12 generated monthly issues the size of the example (warm, fresh subprocess, peak RSS).
Outputs go to benchmarks/out/ (git-ignored). Nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
EXAMPLE = ROOT / "examples" / "guazhi-2020-01" / "issue.yaml"
ISSUEGEN = ROOT / "tests" / "issuegen.py"

#: The targets: (key, description, comparison, limit).
TARGETS = {
    "pdf_vs_lo": "native PDF ≥ 20× faster than LibreOffice's conversion",
    "pdf_vs_lo_new": "the same, new text (font-subset caches emptied, photos prepared)",
    "example_docx": "example warm load+.docx ≤ 100 ms",
    "example_pdf": "example warm load+PDF ≤ 300 ms",
    "ofd_vs_pdf": "example warm load+OFD ≤ 1.5× load+PDF (the same layout, another drawing)",
    "scale_docx": "4× the articles ≤ 4.6× the time (.docx)",
    "scale_pdf": "4× the articles ≤ 4.6× the time (PDF)",
    "peak_mem": "peak memory ≤ 400 MB at 400 articles",
    "import": "import bulletin_docs ≤ 150 ms",
    "cold_cli": "cold `bulletin-docs build --pdf` faster than LibreOffice's conversion alone",
    "volume": "合订本 of 12 example-sized issues ≤ 3 s warm",
    "second_vs_lo": "second cold `build --pdf` (cache filled) ≤ ⅓ of LibreOffice's conversion",
    "second_vs_warm": "second cold `build --pdf` ≤ 2× (interpreter start + warm render)",
    "jobs": "`build -j 2 --pdf` of 20 issues ≥ 1.6× as fast as `-j 1` (on 2 or more cores)",
    "example_import": "example's .docx warm `import_docx` (back to an issue) ≤ 300 ms",
}
#: Articles per generated issue in the volume benchmark: about the example's page count.
VOLUME_ARTICLES = 5
#: The persistent cache the benchmark's builds use (emptied for the "first cold" runs).
CACHE = OUT / "cache"


def _issuegen() -> Any:
    spec = importlib.util.spec_from_file_location("issuegen", ISSUEGEN)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: Median CPU time (process_time) of the last median_time call: a busy machine inflates
#: wall time, hardly CPU time.
last_cpu: list[float] = [float("nan")]


def _git(*args: str) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def median_time(fn: Callable[[], object], runs: int, warmup: int = 1) -> tuple[float, list[float]]:
    """Median wall time of ``fn`` in seconds over ``runs`` runs after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    last_cpu[0] = statistics.median(cpu)
    return statistics.median(times), times


#: CPU time (user + system) of the last run_timed's child process.
last_child_cpu: list[float] = [float("nan")]


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(cmd: list[str], **kw: Any) -> tuple[float, subprocess.CompletedProcess[str]]:
    c0, t0 = _children_cpu(), time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    elapsed = time.perf_counter() - t0
    last_child_cpu[0] = _children_cpu() - c0
    return elapsed, proc


def pdf_pages(path: Path) -> int | None:
    try:
        import pypdfium2

        return len(pypdfium2.PdfDocument(str(path)))
    except Exception:
        data = path.read_bytes()
        n = len(re.findall(rb"/Type\s*/Page[^s]", data))
        return n or None


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.0f} ms"


# --- the measurements -------------------------------------------------------------------


def measure_import(runs: int) -> dict[str, Any]:
    """``python -c "import bulletin_docs"`` minus ``python -c pass``, medians of ``runs``."""
    py = sys.executable
    starts, start_cpu = [], []
    for _ in range(runs):
        starts.append(run_timed([py, "-c", "pass"])[0])
        start_cpu.append(last_child_cpu[0])
    base = statistics.median(starts)
    full = statistics.median(run_timed([py, "-c", "import bulletin_docs"])[0] for _ in range(runs))
    # Which modules the import pulls in, heaviest first (python -X importtime, cumulative µs).
    proc = subprocess.run(
        [py, "-X", "importtime", "-c", "import bulletin_docs"], capture_output=True, text=True
    )
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(2)), int(m.group(1)), m.group(4).strip()))
    heavy = [
        {"module": name, "cumulative_ms": cum / 1000, "self_ms": own / 1000}
        for cum, own, name in sorted(rows, reverse=True)[:8]
    ]
    return {"python_startup_s": base, "python_startup_cpu_s": statistics.median(start_cpu),
            # below the noise of two medians a difference can come out negative: 0
            "with_import_s": full, "import_s": max(0.0, full - base), "heaviest": heavy}


def measure_example(runs: int) -> dict[str, Any]:
    """Warm in-process load and render of the example: medians over ``runs`` after a warm-up."""
    import bulletin_docs

    out = OUT / "example"
    out.mkdir(parents=True, exist_ok=True)
    res: dict[str, Any] = {}
    load_t, _ = median_time(lambda: bulletin_docs.load(EXAMPLE), runs)
    res["load_s"] = load_t
    b = bulletin_docs.load(EXAMPLE)
    for kind, fn in (
        ("docx", lambda: bulletin_docs.render_docx(b, out / "issue.docx")),
        ("pdf", lambda: bulletin_docs.render_pdf(b, out / "issue.pdf", engine="native")),
        ("ofd", lambda: bulletin_docs.render_ofd(b, out / "issue.ofd")),
    ):
        try:
            render_t, times = median_time(fn, runs)
            both_t, _ = median_time(
                lambda fn=fn: (bulletin_docs.load(EXAMPLE), fn()), runs, warmup=0
            )
            res[f"{kind}_cpu_s"] = last_cpu[0]
            res[f"{kind}_render_s"] = render_t
            res[f"{kind}_render_runs_s"] = times
            res[f"{kind}_s"] = both_t
        except Exception as exc:  # a renderer not built yet: say so, go on
            res[f"{kind}_error"] = f"{type(exc).__name__}: {exc}"
    # The same with the photo cache emptied before each run: what a batch pays per issue
    # (a new issue has new photo files; the warm figures above reuse decoded photos).
    from bulletin_docs import photos
    from bulletin_docs.cache.store import configure

    def uncached(fn: Callable[[], object]) -> Callable[[], object]:
        # the persistent cache off too: it would find the photos by their bytes
        return lambda: (
            configure(False), photos._cache.clear(), bulletin_docs.load(EXAMPLE), fn(),
            configure(None),
        )

    for kind, fn in (
        ("docx", lambda: bulletin_docs.render_docx(b, out / "issue.docx")),
        ("pdf", lambda: bulletin_docs.render_pdf(b, out / "issue.pdf", engine="native")),
        ("ofd", lambda: bulletin_docs.render_ofd(b, out / "issue.ofd")),
    ):
        if f"{kind}_s" in res:
            res[f"{kind}_nocache_s"], _ = median_time(uncached(fn), max(3, runs // 3))
    # New text each month: the font-subset caches hit only on identical characters, so
    # empty them before each run. Photos stay prepared (a build's .docx prepares them
    # and its PDF reuses them), as LibreOffice too converts a .docx with photos inside.
    if "pdf_s" in res:
        from bulletin_docs.pdf import fontset

        def new_text() -> object:
            fontset.clear_caches()
            configure(False)  # the persistent cache would give the same subsets back
            try:
                return (
                    bulletin_docs.load(EXAMPLE),
                    bulletin_docs.render_pdf(b, out / "issue.pdf", engine="native"),
                )
            finally:
                configure(None)

        res["pdf_newtext_s"], _ = median_time(new_text, runs, warmup=0)
    if (out / "issue.docx").exists():
        try:
            res["import_docx_s"], _ = median_time(
                lambda: bulletin_docs.import_docx(out / "issue.docx"), runs
            )
        except Exception as exc:  # the importer not built yet: say so, go on
            res["import_docx_error"] = f"{type(exc).__name__}: {exc}"
    res["rl_accel"] = importlib.util.find_spec("_rl_accel") is not None
    if (out / "issue.pdf").exists():
        res["pdf_pages"] = pdf_pages(out / "issue.pdf")
    return res


def _cli() -> list[str]:
    exe = shutil.which("bulletin-docs")
    return [exe] if exe else [sys.executable, "-m", "bulletin_docs"]


def _clear_cache() -> None:
    """Empty the benchmark's cache folder, and stop its background build process first."""
    _stop_server()
    if CACHE.exists():
        shutil.rmtree(CACHE)


def _stop_server() -> None:
    try:
        from bulletin_docs.warm.client import stop
    except ImportError:  # an older tree, before the background process
        return
    stop(CACHE)


def _wait_for_server(timeout: float = 60.0) -> bool:
    """Wait until the build's background process listens (a clerk's next build comes a
    minute later; the benchmark's comes as soon as it is ready). False if none came."""
    try:
        from bulletin_docs.warm.rendezvous import read_info
    except ImportError:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if read_info(CACHE) is not None:
            return True
        time.sleep(0.05)
    return False


def _served(cmd: list[str], env: dict[str, str]) -> bool:
    """Whether ``cmd`` (a build) is handed to the background process: run once more, untimed,
    through ``cli.main`` in a process that then says whether it imported python-docx."""
    code = (
        "import sys\n"
        "from bulletin_docs.cli import main\n"
        f"status = main({cmd[cmd.index('build'):]!r})\n"
        "print('SERVED' if 'docx' not in sys.modules else 'HERE')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return "SERVED" in proc.stdout


def measure_cold_cli(runs: int) -> dict[str, Any]:
    """``bulletin-docs build`` (.docx, then with --pdf) of the example, a fresh process each.

    The first cold build runs with the persistent cache emptied (and its background process
    stopped) before it; it builds in its own process and starts the background process.
    The second cold build, once that process listens, is the clerk's second build of the
    day: handed to the warm process. The same second build with
    ``BULLETIN_DOCS_NO_SERVER=1`` shows what the persistent cache alone gives. All after
    one untimed run, so Python's own bytecode cache is written (as pip writes it on install;
    this environment may say PYTHONDONTWRITEBYTECODE).
    """
    out = OUT / "cli"
    out.mkdir(parents=True, exist_ok=True)
    docx_cmd = [*_cli(), "build", str(EXAMPLE), "-o", str(out / "issue.docx")]
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "BULLETIN_DOCS_NO_SERVER")}
    alone = dict(env, BULLETIN_DOCS_NO_SERVER="1")
    res: dict[str, Any] = {}
    for key, cmd in (("docx_", docx_cmd), ("", [*docx_cmd, "--pdf", str(out / "issue.pdf")])):
        run_timed(cmd, env=alone)  # untimed: bytecode written
        first, second, first_cpu, second_cpu, cached, cached_cpu = [], [], [], [], [], []
        for _ in range(runs):
            _clear_cache()
            t, proc = run_timed(cmd, env=env)
            if proc.returncode != 0:
                res[f"{key}error"] = (proc.stderr or proc.stdout).strip()[-800:]
                break
            first.append(t)
            first_cpu.append(last_child_cpu[0])
            res[f"{key}server_started"] = _wait_for_server()
            t, proc = run_timed(cmd, env=env)
            second.append(t)
            second_cpu.append(last_child_cpu[0])
            t, proc = run_timed(cmd, env=alone)
            cached.append(t)
            cached_cpu.append(last_child_cpu[0])
        else:
            res[f"{key}first_s"] = statistics.median(first)
            res[f"{key}first_cpu_s"] = statistics.median(first_cpu)
            res[f"{key}s"] = statistics.median(second)
            res[f"{key}cpu_s"] = statistics.median(second_cpu)
            res[f"{key}runs_s"] = second
            res[f"{key}cache_only_s"] = statistics.median(cached)
            res[f"{key}cache_only_cpu_s"] = statistics.median(cached_cpu)
            res[f"{key}served"] = _served(cmd, env)
        res[f"{key}cmd"] = " ".join(cmd)
    _stop_server()
    env["BULLETIN_DOCS_NO_CACHE"] = "1"
    cmd = [*docx_cmd, "--pdf", str(out / "issue.pdf")]
    times, cpu = [], []
    for _ in range(runs):
        t, proc = run_timed(cmd, env=env)
        if proc.returncode == 0:
            times.append(t)
            cpu.append(last_child_cpu[0])
    if times:
        res["nocache_s"], res["nocache_cpu_s"] = statistics.median(times), statistics.median(cpu)
    return res


def measure_batch(count: int) -> dict[str, Any]:
    """``bulletin-docs build --pdf`` of ``count`` copies of the example in one fresh process."""
    folder = OUT / "batch"
    if folder.exists():
        shutil.rmtree(folder)
    paths = []
    for i in range(count):
        dst = folder / f"issue-{i + 1:02d}"
        shutil.copytree(EXAMPLE.parent, dst)  # own photo files: no cache hits between issues
        paths.append(str(dst / EXAMPLE.name))
    res: dict[str, Any] = {"issues": count}
    # Each copy a new issue: the persistent cache would find the photos by their bytes.
    env = dict(os.environ, BULLETIN_DOCS_NO_CACHE="1")
    for key, extra in (("docx_", []), ("", ["--pdf"])):
        t, proc = run_timed([*_cli(), "build", *extra, *paths], env=env)
        if proc.returncode != 0:
            res[f"{key}error"] = (proc.stderr or proc.stdout).strip()[-800:]
        else:
            res[f"{key}s"] = t
            res[f"{key}per_issue_s"] = t / count
    return res


def measure_volume(runs: int) -> dict[str, Any]:
    """``build_volume`` of 12 monthly issues, in a fresh process: once cold, then warm."""
    folder = OUT / "volume"
    if folder.exists():
        shutil.rmtree(folder)
    _issuegen().make_year(folder / "issues", n_articles=VOLUME_ARTICLES)
    proc = subprocess.run(
        [sys.executable, __file__, "--volume-child", str(folder), "--runs", str(runs)],
        capture_output=True, text=True,
    )
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": (proc.stderr or proc.stdout).strip()[-1500:]}


def volume_child(folder: Path, runs: int) -> None:
    """In a fresh process: the volume of ``folder``/issues built ``runs`` + 1 times."""
    import resource

    from bulletin_docs.volume import build_volume

    times = []
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        volume = build_volume([folder / "issues"], folder / "volume.pdf")
        times.append(time.perf_counter() - t0)
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "first_s": times[0], "s": statistics.median(times[1:]), "issues": len(volume.plan.placed),
        "pages": volume.plan.pages, "pdf_bytes": (folder / "volume.pdf").stat().st_size,
        "peak_rss_mb": r / (1 << 20) if sys.platform == "darwin" else r / 1024,
    }))


#: Articles of each issue in the -j batch: a month's bulletin of a busy office (≈30 pages).
JOBS_ARTICLES = 40


def measure_jobs(count: int, runs: int) -> dict[str, Any]:
    """``bulletin-docs build --pdf -j 1`` and ``-j 2`` of ``count`` generated issues
    (JOBS_ARTICLES articles and their photos each, seeds 1…count), fresh processes,
    medians of ``runs``."""
    folder = OUT / "jobs"
    if folder.exists():
        shutil.rmtree(folder)
    gen = _issuegen()
    paths = [
        str(gen.make_issue(folder / f"issue-{i:02d}", JOBS_ARTICLES, seed=i))
        for i in range(1, count + 1)
    ]
    res: dict[str, Any] = {"issues": count, "articles": JOBS_ARTICLES, "cpus": os.cpu_count()}
    for jobs in (1, 2):
        times = []
        for _ in range(runs):
            # the persistent cache off: -j 1 would otherwise fill it for -j 2
            t, proc = run_timed(
                [*_cli(), "build", "--pdf", "-j", str(jobs), *paths],
                env=dict(os.environ, BULLETIN_DOCS_NO_CACHE="1"),
            )
            if proc.returncode != 0:
                res[f"j{jobs}_error"] = (proc.stderr or proc.stdout).strip()[-800:]
                break
            times.append(t)
        else:
            res[f"j{jobs}_s"] = statistics.median(times)
    return res


def measure_libreoffice(runs: int) -> dict[str, Any]:
    """LibreOffice converting the example's .docx (from measure_example) into PDF."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {"error": "soffice not installed (LibreOffice missing): not measured"}
    docx = OUT / "example" / "issue.docx"
    if not docx.exists():
        return {"error": "no .docx of the example to convert (the .docx renderer failed)"}
    out = OUT / "libreoffice"
    out.mkdir(parents=True, exist_ok=True)
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout.strip()
    try:
        from bulletin_docs.libreoffice.convert import convert_to_pdf

        def convert() -> None:
            convert_to_pdf(docx, out / "issue.pdf", timeout=300)

        how = "bulletin_docs.libreoffice.convert.convert_to_pdf"
    except ImportError:
        profile = Path(tempfile.mkdtemp(prefix="bench-lo-profile-"))

        def convert() -> None:
            proc = subprocess.run(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                 "--norestore", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                capture_output=True, text=True, timeout=300,
            )
            if proc.returncode != 0:
                raise RuntimeError(proc.stderr)

        how = "soffice --headless --convert-to pdf (own profile folder)"
    times = []
    try:
        first, _ = median_time(convert, 1, warmup=0)  # includes a first-start profile, if any
        for _ in range(runs):
            t, _ = median_time(convert, 1, warmup=0)
            times.append(t)
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}", "how": how}
    return {"s": statistics.median(times), "first_s": first, "runs_s": times, "how": how,
            "version": version, "pdf_pages": pdf_pages(out / "issue.pdf")}


def measure_generated(sizes: tuple[int, ...], runs: int) -> dict[str, Any]:
    """Each size in its own fresh subprocess (``--child``): times per stage and peak RSS."""
    gen = _issuegen()
    res: dict[str, Any] = {}
    for n in sizes:
        folder = OUT / f"gen-{n}"
        if folder.exists():
            shutil.rmtree(folder)
        t0 = time.perf_counter()
        path = gen.make_issue(folder, n)
        gen_s = time.perf_counter() - t0
        samples = []
        # The scaling of the work itself: the persistent cache would hold the photos (and
        # subsets) of the earlier runs.
        env = dict(os.environ, BULLETIN_DOCS_NO_CACHE="1")
        for _ in range(runs):
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True,
                env=env,
            )
            try:
                samples.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            except (IndexError, json.JSONDecodeError):
                samples.append({"error": (proc.stderr or proc.stdout).strip()[-1500:]})
        good = [s for s in samples if "error" not in s] or samples
        row: dict[str, Any] = {"generate_s": gen_s, "runs": samples}
        for key in ("load_s", "docx_s", "pdf_s", "load_cpu_s", "docx_cpu_s", "pdf_cpu_s",
                    "peak_rss_mb", "rss_after_docx_mb", "pdf_pages",
                    "docx_bytes", "pdf_bytes", "photos"):
            values = [s[key] for s in good if s.get(key) is not None]
            if values:
                row[key] = statistics.median(values)
        for key in ("docx_error", "pdf_error", "error"):
            if any(key in s for s in samples):
                row[key] = next(s[key] for s in samples if key in s)
        res[str(n)] = row
    return res


def child(path: Path) -> None:
    """In a fresh process: warm up on the example, then load, .docx and PDF of ``path``."""
    import resource

    import bulletin_docs

    def rss_mb() -> float:
        # ru_maxrss is KiB on Linux (bytes on macOS).
        r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return r / (1 << 20) if sys.platform == "darwin" else r / 1024

    res: dict[str, Any] = {}
    warm = OUT / "child-warmup"
    warm.mkdir(parents=True, exist_ok=True)
    try:  # fonts, template and imports are per-process costs, not per-article ones
        wb = bulletin_docs.load(EXAMPLE)
        bulletin_docs.render_docx(wb, warm / f"{os.getpid()}.docx")
        bulletin_docs.render_pdf(wb, warm / f"{os.getpid()}.pdf")
    except Exception:
        pass
    res["rss_after_warmup_mb"] = rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    b = bulletin_docs.load(path)
    res["load_s"] = time.perf_counter() - t0
    res["load_cpu_s"] = time.process_time() - c0
    res["photos"] = len(b.photos())
    docx, pdf = path.with_suffix(".docx"), path.with_suffix(".pdf")
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        bulletin_docs.render_docx(b, docx)
        res["docx_s"] = time.perf_counter() - t0
        res["docx_cpu_s"] = time.process_time() - c0
        res["docx_bytes"] = docx.stat().st_size
    except Exception as exc:
        res["docx_error"] = f"{type(exc).__name__}: {exc}"
    res["rss_after_docx_mb"] = rss_mb()
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        bulletin_docs.render_pdf(b, pdf, engine="native")
        res["pdf_s"] = time.perf_counter() - t0
        res["pdf_cpu_s"] = time.process_time() - c0
        res["pdf_bytes"] = pdf.stat().st_size
        res["pdf_pages"] = pdf_pages(pdf)
    except Exception as exc:
        res["pdf_error"] = f"{type(exc).__name__}: {exc}"
    res["peak_rss_mb"] = rss_mb()
    print(json.dumps(res))


# --- the report ---------------------------------------------------------------------------


def verdicts(r: dict[str, Any], sizes: tuple[int, ...]) -> list[tuple[str, str, str]]:
    """(target, figure, PASS/FAIL/n/a) for every target."""
    ex, lo, cli = r["example"], r["libreoffice"], r["cold_cli"]
    gen, imp = r["generated"], r["import"]
    out: list[tuple[str, str, str]] = []

    def add(key: str, ok: bool | None, figure: str) -> None:
        lines = [ln for ln in str(figure).strip().splitlines() if ln.strip()]
        figure = lines[-1] if lines else "—"  # of a traceback, its last line
        out.append((TARGETS[key], figure, "n/a" if ok is None else "PASS" if ok else "FAIL"))

    if ex.get("pdf_s") and lo.get("s"):
        ratio = lo["s"] / ex["pdf_s"]
        add("pdf_vs_lo", ratio >= 20, f"{ratio:.1f}× ({ms(lo['s'])} / {ms(ex['pdf_s'])})")
    else:
        add("pdf_vs_lo", None, lo.get("error") or ex.get("pdf_error") or "not measured")
    if ex.get("pdf_newtext_s") and lo.get("s"):
        ratio = lo["s"] / ex["pdf_newtext_s"]
        add("pdf_vs_lo_new", ratio >= 20,
            f"{ratio:.1f}× ({ms(lo['s'])} / {ms(ex['pdf_newtext_s'])})")
    else:
        add("pdf_vs_lo_new", None, "not measured")
    for kind, limit in (("docx", 0.100), ("pdf", 0.300)):
        if f"{kind}_s" in ex:
            add(f"example_{kind}", ex[f"{kind}_s"] <= limit,
                f"{ms(ex[f'{kind}_s'])} (CPU time {ms(ex.get(f'{kind}_cpu_s'))})")
        else:
            add(f"example_{kind}", None, ex.get(f"{kind}_error", "—"))
    if ex.get("import_docx_s"):
        add("example_import", ex["import_docx_s"] <= 0.300, ms(ex["import_docx_s"]))
    else:
        add("example_import", None, ex.get("import_docx_error", "not measured"))
    if ex.get("ofd_s") and ex.get("pdf_s"):
        ratio = ex["ofd_s"] / ex["pdf_s"]
        add("ofd_vs_pdf", ratio <= 1.5, f"{ratio:.2f}× ({ms(ex['ofd_s'])} / {ms(ex['pdf_s'])})")
    else:
        add("ofd_vs_pdf", None, ex.get("ofd_error") or ex.get("pdf_error") or "not measured")
    small, big = (gen.get(str(n), {}) for n in sizes)
    for kind in ("docx", "pdf"):
        key = f"{kind}_s"
        if small.get(key) and big.get(key):
            a = small["load_s"] + small[key]
            b = big["load_s"] + big[key]
            # The verdict uses CPU time when there is one: the renders are single-threaded,
            # and the long ones are the most exposed to other work on the machine.
            if small.get(f"{kind}_cpu_s") and big.get(f"{kind}_cpu_s"):
                ca = small["load_cpu_s"] + small[f"{kind}_cpu_s"]
                cb = big["load_cpu_s"] + big[f"{kind}_cpu_s"]
                add(f"scale_{kind}", cb / ca <= 4.6,
                    f"CPU time {cb / ca:.2f}× ({sizes[0]}: {ms(ca)}, {sizes[1]}: {ms(cb)}, "
                    f"load+render); wall time {b / a:.2f}× ({ms(a)}, {ms(b)})")
            else:
                add(f"scale_{kind}", b / a <= 4.6,
                    f"{b / a:.2f}× ({sizes[0]}: {ms(a)}, {sizes[1]}: {ms(b)}, load+render)")
        else:
            add(f"scale_{kind}", None, big.get(f"{kind}_error") or big.get("error") or "—")
    if sizes[1] == 400 and big.get("peak_rss_mb"):
        add("peak_mem", big["peak_rss_mb"] <= 400, f"{big['peak_rss_mb']:.0f} MB (.docx + PDF)")
    else:
        add("peak_mem", None, "not measured at 400 articles (--quick)")
    add("import", imp["import_s"] <= 0.150, ms(imp["import_s"]))
    if cli.get("first_s") and lo.get("s"):
        add("cold_cli", cli["first_s"] < lo["s"],
            f"first cold build (empty cache) {ms(cli['first_s'])} vs {ms(lo['s'])}")
    else:
        add("cold_cli", None, cli.get("error") or lo.get("error") or "—")
    vol = r.get("volume", {})
    if vol.get("s"):
        add("volume", vol["s"] <= 3.0, f"{ms(vol['s'])} ({vol['issues']} issues, {vol['pages']} "
            f"pages; first build {ms(vol['first_s'])}; peak RSS {vol['peak_rss_mb']:.0f} MB)")
    else:
        add("volume", None, vol.get("error") or "not measured")
    if cli.get("s") and lo.get("s"):
        add("second_vs_lo", cli["s"] * 3 <= lo["s"],
            f"{ms(cli['s'])} vs {ms(lo['s'])} / 3 = {ms(lo['s'] / 3)} "
            f"({lo['s'] / cli['s']:.1f}× faster)")
    else:
        add("second_vs_lo", None, cli.get("error") or lo.get("error") or "—")
    warm = _warm_build(ex)
    if cli.get("s") and warm is not None and imp.get("python_startup_s"):
        base = imp["python_startup_s"] + warm
        cpu = ""
        if cli.get("cpu_s") and ex.get("docx_cpu_s") and ex.get("pdf_cpu_s"):
            cpu_base = imp.get("python_startup_cpu_s", imp["python_startup_s"]) + ex[
                "docx_cpu_s"] + ex["pdf_cpu_s"]
            cpu = f"; CPU time {ms(cli['cpu_s'])} = {cli['cpu_s'] / cpu_base:.2f}× {ms(cpu_base)}"
        served = "handed to the background process" if cli.get("served") else "NOT served"
        alone = cli.get("cache_only_s")
        alone_text = f"; cache alone {ms(alone)} = {alone / base:.2f}×" if alone else ""
        add("second_vs_warm", cli["s"] <= 2 * base,
            f"{ms(cli['s'])} = {cli['s'] / base:.2f}× ({ms(imp['python_startup_s'])} + "
            f"{ms(warm)}), {served}{cpu}{alone_text}")
    else:
        add("second_vs_warm", None, cli.get("error") or "not measured")
    jobs = r.get("jobs", {})
    if jobs.get("j1_s") and jobs.get("j2_s"):
        speedup = jobs["j1_s"] / jobs["j2_s"]
        enough = jobs["issues"] >= 20 and (jobs.get("cpus") or 1) >= 2
        add("jobs", speedup >= 1.6 if enough else None,
            f"{speedup:.2f}× ({jobs['issues']} issues: -j 1 {ms(jobs['j1_s'])}, "
            f"-j 2 {ms(jobs['j2_s'])}; {jobs.get('cpus')} CPUs)")
    else:
        add("jobs", None, jobs.get("j1_error") or jobs.get("j2_error") or "not measured")
    return out


def _warm_build(ex: dict[str, Any]) -> float | None:
    """The warm in-process work of one build: load, .docx and native PDF."""
    if not (ex.get("docx_s") and ex.get("pdf_s") and ex.get("load_s")):
        return None
    return float(ex["docx_s"] + ex["pdf_s"] - ex["load_s"])


def print_report(r: dict[str, Any], sizes: tuple[int, ...]) -> None:
    env = r["environment"]
    print(f"\n== bulletin-docs benchmark  {env['date']}  ({'quick' if env['quick'] else 'full'})")
    print(f"   Python {env['python']} on {env['platform']}, {env['cpus']} CPUs, "
          f"{env['memory_gb']} GB; bulletin-docs {env['version']}, commit {env.get('commit')}"
          + (" + uncommitted changes in src/" if env.get("dirty") else ""))
    la0, la1 = env["loadavg_start"][0], env.get("loadavg_end", (float("nan"),))[0]
    print(f"   load average {la0:.2f} at the start, {la1:.2f} at the end"
          + ("  (other work was running: timings are inflated)" if max(la0, la1) > 1.0 else ""))
    imp = r["import"]
    print(f"\nimport bulletin_docs: {ms(imp['import_s'])} "
          f"(python -c pass {ms(imp.get('python_startup_s'))})")
    for h in imp.get("heaviest", [])[:5]:
        print(f"   {h['module']:<40} {h['cumulative_ms']:7.1f} ms cumulative")
    ex = r["example"]
    if "error" in ex:
        print(f"\nexample: FAILED — {ex['error']}")
    print(f"\nexample, warm, in-process (median of {env['runs']}):")
    print(f"   load                 {ms(ex.get('load_s'))}")
    for kind, label in (("docx", ".docx"), ("pdf", "native PDF"), ("ofd", "OFD")):
        if f"{kind}_s" in ex:
            cpu = ms(ex.get(f"{kind}_cpu_s"))
            print(f"   load + {label:<13} {ms(ex[f'{kind}_s'])} (CPU {cpu})  "
                  f"(render alone {ms(ex[f'{kind}_render_s'])}; "
                  f"photos not cached {ms(ex.get(f'{kind}_nocache_s'))})")
        else:
            print(f"   {label}: FAILED — {ex.get(f'{kind}_error')}")
    if ex.get("pdf_pages"):
        print(f"   native PDF pages     {ex['pdf_pages']}")
    if "rl_accel" in ex:
        state = "present" if ex["rl_accel"] else "MISSING: reportlab runs its pure-Python fallbacks"
        print(f"   reportlab C accelerator (_rl_accel, package rl-accel): {state}")
    cli = r["cold_cli"]
    print("\ncold CLI, fresh process (first: cache emptied; second: cache filled):")
    print(f"   `bulletin-docs build`        first {ms(cli.get('docx_first_s'))}, "
          f"second {ms(cli.get('docx_s'))}")
    if "s" in cli:
        print(f"   `bulletin-docs build --pdf`  first {ms(cli.get('first_s'))} "
              f"(CPU {ms(cli.get('first_cpu_s'))}), second {ms(cli['s'])} "
              f"(CPU {ms(cli.get('cpu_s'))}; handed to the background process: "
              f"{'yes' if cli.get('served') else 'NO'}), --no-cache {ms(cli.get('nocache_s'))}")
        print(f"   second, background process off (cache only): {ms(cli.get('cache_only_s'))} "
              f"(CPU {ms(cli.get('cache_only_cpu_s'))}); .docx only "
              f"{ms(cli.get('docx_cache_only_s'))}")
    else:
        print(f"   `build --pdf` FAILED — {cli['error'].splitlines()[-1]}")
    warm = _warm_build(ex)
    print(f"   interpreter start + warm in-process build (load, .docx, PDF): "
          f"{ms(imp.get('python_startup_s'))} + {ms(warm)}")
    bt = r.get("batch", {})
    print(f"batch, one process: `bulletin-docs build` of {bt.get('issues')} example copies",
          ms(bt.get("docx_s")), f"({ms(bt.get('docx_per_issue_s'))} per issue); with --pdf",
          ms(bt.get("s")) if "s" in bt else "FAILED",
          f"({ms(bt.get('per_issue_s'))} per issue)" if "s" in bt else "")
    vol = r.get("volume", {})
    print(f"合订本 (`volume`) of {vol.get('issues')} generated issues, {vol.get('pages')} pages:",
          f"{ms(vol.get('s'))} warm, first build {ms(vol.get('first_s'))}, peak RSS "
          f"{vol.get('peak_rss_mb', 0):.0f} MB" if "s" in vol else f"FAILED — {vol.get('error')}")
    lo = r["libreoffice"]
    print("LibreOffice .docx → PDF:", end=" ")
    if "s" in lo:
        print(f"{ms(lo['s'])} median (first {ms(lo['first_s'])}; {lo['how']}; {lo['version']}; "
              f"{lo.get('pdf_pages')} pages)")
    else:
        print(lo["error"])
    print("\ngenerated issues (fresh subprocess each, after a warm-up on the example; "
          f"median of {len(next(iter(r['generated'].values()), {}).get('runs', [])) or 1}):")
    print(f"   {'articles':>8} {'photos':>6} {'load':>9} {'.docx':>9} {'PDF':>9} "
          f"{'pages':>6} {'peak RSS':>9}")
    for n in sizes:
        g = r["generated"].get(str(n), {})
        peak = f"{g['peak_rss_mb']:.0f} MB" if g.get("peak_rss_mb") else "—"
        print(f"   {n:>8} {g.get('photos', '—'):>6} {ms(g.get('load_s')):>9} "
              f"{ms(g.get('docx_s')):>9} {ms(g.get('pdf_s')):>9} {g.get('pdf_pages') or '—':>6} "
              f"{peak:>9}")
        for key in ("error", "docx_error", "pdf_error"):
            if g.get(key):
                print(f"      {key}: {g[key][:300]}")
    print("\ntargets:")
    for target, figure, verdict in r["verdicts"]:
        print(f"   {verdict:<4}  {target}\n         {figure}")


def markdown(r: dict[str, Any], sizes: tuple[int, ...]) -> str:
    """The figures and the targets as Markdown tables (for benchmarks/README.md)."""
    env, imp, ex = r["environment"], r["import"], r["example"]
    cli, bt, lo = r["cold_cli"], r.get("batch", {}), r["libreoffice"]
    vol = r.get("volume", {})

    def both(kind: str) -> str:
        if f"{kind}_s" not in ex:
            return "failed"
        return (f"{ms(ex[f'{kind}_s'])} (CPU {ms(ex.get(f'{kind}_cpu_s'))}; "
                f"render alone {ms(ex.get(f'{kind}_render_s'))})")

    rows = [
        ("`import bulletin_docs`",
         f"{ms(imp.get('import_s'))} (a bare `python -c pass`: {ms(imp.get('python_startup_s'))})"),
        ("example: warm `load`", ms(ex.get("load_s"))),
        ("example: warm `load` + .docx", both("docx")),
        (f"example: warm `load` + native PDF ({ex.get('pdf_pages')} pages)", both("pdf")),
        ("example: warm `load` + OFD (the same pages)", both("ofd")),
        ("example, new text (font-subset caches emptied): `load` + native PDF",
         ms(ex.get("pdf_newtext_s"))),
        ("example with the photo cache emptied (a new issue): `load` + .docx / + PDF",
         f"{ms(ex.get('docx_nocache_s'))} / {ms(ex.get('pdf_nocache_s'))}"),
        ("first cold `bulletin-docs build` / `build --pdf` of the example (cache emptied)",
         f"{ms(cli.get('docx_first_s'))} / {ms(cli.get('first_s'))} "
         f"(CPU {ms(cli.get('first_cpu_s'))})"),
        ("second cold `bulletin-docs build` / `build --pdf` (cache filled, handed to the "
         "warm background process)",
         f"{ms(cli.get('docx_s'))} / {ms(cli.get('s'))} (CPU {ms(cli.get('cpu_s'))}; "
         f"served: {'yes' if cli.get('served') else 'NO'})"),
        ("second cold `bulletin-docs build` / `build --pdf`, background process off "
         "(`BULLETIN_DOCS_NO_SERVER=1`: the persistent cache alone)",
         f"{ms(cli.get('docx_cache_only_s'))} / {ms(cli.get('cache_only_s'))} "
         f"(CPU {ms(cli.get('cache_only_cpu_s'))})"),
        ("cold `build --pdf` with `BULLETIN_DOCS_NO_CACHE=1`",
         f"{ms(cli.get('nocache_s'))} (CPU {ms(cli.get('nocache_cpu_s'))})"),
        ("interpreter start (`python -c pass`) + warm in-process build (load, .docx, PDF)",
         f"{ms(imp.get('python_startup_s'))} + {ms(_warm_build(ex))}"),
        (f"one `bulletin-docs build --pdf` of {bt.get('issues')} copies of the example",
         f"{ms(bt.get('s'))} ({ms(bt.get('per_issue_s'))} per issue)"),
        (f"合订本 of {vol.get('issues')} issues ({vol.get('pages')} pages), warm / first build / "
         "peak RSS", f"{ms(vol.get('s'))} / {ms(vol.get('first_s'))} / "
         f"{vol.get('peak_rss_mb', 0):.0f} MB"),
        ("LibreOffice converting the example's .docx",
         f"{ms(lo.get('s'))} (first run {ms(lo.get('first_s'))})" if "s" in lo
         else lo.get("error", "—")),
    ]
    for n in sizes:
        g = r["generated"].get(str(n), {})
        peak = f"{g['peak_rss_mb']:.0f} MB" if g.get("peak_rss_mb") else "—"
        rows.append((
            f"{n} articles, {g.get('photos', '—')} photos, {g.get('pdf_pages', '—')} pages: "
            "load / .docx / PDF / peak RSS",
            f"{ms(g.get('load_s'))} / {ms(g.get('docx_s'))} / {ms(g.get('pdf_s'))} / {peak}",
        ))
    la = f"{env['loadavg_start'][0]:.2f} → {env.get('loadavg_end', [float('nan')])[0]:.2f}"
    tree = f"commit {env.get('commit') or '?'}" + (
        " plus uncommitted changes in src/" if env.get("dirty") else "")
    out = [f"Run {env['date']} on {tree}, Python {env['python']}, {env['cpus']} CPUs, "
           f"{env['memory_gb']} GB, load average {la}.", "", "| figure | value |", "|---|---|"]
    out += [f"| {a} | {b} |" for a, b in rows]
    out += ["", "| target | figure | verdict |", "|---|---|---|"]
    out += [f"| {t} | {f} | **{v}** |" for t, f, v in r["verdicts"]]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, 20/80 articles")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--volume-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    if args.volume_child:
        volume_child(args.volume_child, args.runs)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    # Every build here (in-process and subprocesses) uses the benchmark's own cache folder.
    os.environ["BULLETIN_DOCS_CACHE_DIR"] = str(CACHE)
    os.environ.pop("BULLETIN_DOCS_NO_CACHE", None)
    runs = 3 if args.quick else 9
    sizes = (20, 80) if args.quick else (100, 400)
    import bulletin_docs

    mem_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    r: dict[str, Any] = {
        "environment": {
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "memory_gb": mem_gb, "version": bulletin_docs.__version__,
            "quick": args.quick, "runs": runs, "sizes": sizes,
            "loadavg_start": os.getloadavg(),
            "commit": _git("rev-parse", "--short", "HEAD"),
            "dirty": bool(_git("status", "--porcelain", "--untracked-files=no", "--", "src")),
        }
    }
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("import", lambda: measure_import(3 if args.quick else 7)),
        ("example", lambda: measure_example(runs)),
        ("cold_cli", lambda: measure_cold_cli(1 if args.quick else 3)),
        ("libreoffice", lambda: measure_libreoffice(1 if args.quick else 3)),
        ("batch", lambda: measure_batch(3 if args.quick else 10)),
        ("volume", lambda: measure_volume(1 if args.quick else 3)),
        ("jobs", lambda: measure_jobs(6 if args.quick else 20, 1 if args.quick else 3)),
        ("generated", lambda: measure_generated(sizes, 1 if args.quick else 3)),
    ]
    for name, step in steps:
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            r[name] = step()
        except Exception as exc:
            traceback.print_exc()
            r[name] = {"error": f"{type(exc).__name__}: {exc}"}
    r.setdefault("import", {}).setdefault("import_s", float("nan"))
    r["environment"]["loadavg_end"] = os.getloadavg()
    r["verdicts"] = verdicts(r, sizes)
    print_report(r, sizes)
    target = args.json or OUT / ("results-quick.json" if args.quick else "results.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(r, ensure_ascii=False, indent=2), encoding="utf-8")
    target.with_suffix(".md").write_text(markdown(r, sizes), encoding="utf-8")
    print(f"\nfigures written to {target} and {target.with_suffix('.md').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A generated issue into cProfile hot-spot tables for the loader and each renderer.

Usage::

    python benchmarks/prof.py                    # 100 articles: load, .docx, native PDF
    python benchmarks/prof.py --articles 400 --only pdf --top 40
    python benchmarks/prof.py --cold             # include first-call costs (fonts, template)

Each stage is profiled separately after a warm-up on the example (unless --cold),
so per-process costs do not hide per-article ones. The .prof files are written
to benchmarks/out/prof/ for snakeviz / ``python -m pstats``.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "prof"
EXAMPLE = ROOT / "examples" / "guazhi-2020-01" / "issue.yaml"


def _issuegen() -> Any:
    spec = importlib.util.spec_from_file_location("issuegen", ROOT / "tests" / "issuegen.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def profile(name: str, fn: Callable[[], object], top: int) -> None:
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    try:
        fn()
    finally:
        prof.disable()
    wall = time.perf_counter() - t0
    OUT.mkdir(parents=True, exist_ok=True)
    prof.dump_stats(OUT / f"{name}.prof")
    for sort in ("tottime", "cumulative"):
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.strip_dirs().sort_stats(sort).print_stats(top)
        text = buf.getvalue()
        body = text[text.find("   ncalls") :]
        print(f"\n=== {name}: {wall * 1000:.0f} ms wall (profiled), top {top} by {sort}\n{body}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--only", choices=("load", "docx", "pdf"), action="append")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--cold", action="store_true", help="no warm-up on the example first")
    args = parser.parse_args(argv)
    stages = args.only or ["load", "docx", "pdf"]

    import bulletin_docs

    folder = ROOT / "benchmarks" / "out" / f"gen-{args.articles}"
    path = folder / "issue.yaml"
    if not path.exists():
        _issuegen().make_issue(folder, args.articles)
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.cold:
        wb = bulletin_docs.load(EXAMPLE)
        bulletin_docs.render_docx(wb, OUT / "warmup.docx")
        try:
            bulletin_docs.render_pdf(wb, OUT / "warmup.pdf")
        except Exception as exc:  # the PDF renderer may not exist yet
            print(f"(warm-up PDF failed: {type(exc).__name__}: {exc})", file=sys.stderr)
    b = bulletin_docs.load(path)
    tag = f"{args.articles}{'-cold' if args.cold else ''}"
    if "load" in stages:
        profile(f"load-{tag}", lambda: bulletin_docs.load(path), args.top)
    if "docx" in stages:
        profile(f"docx-{tag}", lambda: bulletin_docs.render_docx(b, OUT / f"{tag}.docx"), args.top)
    if "pdf" in stages:
        profile(f"pdf-{tag}", lambda: bulletin_docs.render_pdf(b, OUT / f"{tag}.pdf"), args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())

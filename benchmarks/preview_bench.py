"""Save-to-image latency of ``bulletin-docs preview``, for the example and a 40-article issue.

Usage::

    python benchmarks/preview_bench.py            # 9 saves per edit
    python benchmarks/preview_bench.py --repeat 3

A preview session and its file watcher run in this process, as ``preview`` runs them (warm
after the first rendering). Each save rewrites the issue file as an editor does (a new file
renamed over the old one); the time is from the rename to the new snapshot with its page
images ready (what the page then fetches), median and worst of the saves. Three edits:
the 报头 title (page 1 changes), the last article's body (the last pages change), the first
article's body (everything after it may move). ``pages drawn`` counts the page images made
again; the others are reused and not re-sent. Target: under 300 ms for the example.
Nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import _issuegen  # the benchmarks' one loader of tests/issuegen.py

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DIR = ROOT / "examples" / "guazhi-2020-01"
TARGET_MS = 300.0


def _edits(text: str) -> dict[str, Any]:
    """Each edit: a function of the save's number into the file's new text."""
    lines = text.splitlines(keepends=True)
    title = next(i for i, ln in enumerate(lines) if ln.startswith("  title:"))
    bodies = [i for i, ln in enumerate(lines) if ln.strip().startswith("body:")]

    def at(index: int, word: str):
        def edit(n: int) -> str:
            out = list(lines)
            i = index
            if out[i].rstrip().endswith(("|", ">")):  # a block body: its first line begins anew
                i += 1
                cut = len(out[i]) - len(out[i].lstrip())
            else:  # a value after its key
                cut = out[i].index(": ") + 2
            out[i] = f"{out[i][:cut]}{word}{n}{out[i][cut:]}"
            return "".join(out)

        return edit

    return {
        "报头的简报名称": at(title, "新"),
        "最后一篇的正文": at(bodies[-1], "改动"),
        "第一篇的正文": at(bodies[0], "改动"),
    }


def _save(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp~")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def measure(issue: Path, repeat: int) -> list[tuple[str, float, float, float, int]]:
    """(edit, median ms, worst ms, median render ms, pages drawn) for each edit of ``issue``."""
    from bulletin_docs.preview.session import Session
    from bulletin_docs.preview.watch import Watcher

    session = Session(issue)
    watcher = Watcher(session)
    watcher.start()
    try:
        first = session.wait(0, 120)
        assert first is not None and first.pages and not first.errors, first
        text = issue.read_text(encoding="utf-8")
        rows = []
        for name, edit in _edits(text).items():
            times: list[float] = []
            renders: list[float] = []
            drawn: list[int] = []
            for n in range(repeat):
                before = session.snapshot
                _save(issue, edit(n))
                t0 = time.perf_counter()
                snap = session.wait(before.version, 60)
                assert snap is not None and not snap.errors, snap
                times.append((time.perf_counter() - t0) * 1000)
                renders.append(snap.seconds * 1000)
                old = {p.key for p in before.pages}
                drawn.append(sum(1 for p in snap.pages if p.key not in old))
            _save(issue, text)
            session.wait(session.snapshot.version, 60)
            rows.append((name, statistics.median(times), max(times),
                         statistics.median(renders), round(statistics.median(drawn))))
        return rows
    finally:
        watcher.stop()
        watcher.join()


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="saves per edit (default 9)")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example"
        shutil.copytree(EXAMPLE_DIR, example)
        generated = _issuegen().make_issue(Path(tmp) / "gen-40", 40)
        for label, issue in (("example", example / "issue.yaml"), ("40 articles", generated)):
            from bulletin_docs.preview.session import Session

            pages = len(Session(issue).refresh().pages)
            print(f"\n{label} ({pages} pages)\n")
            print("| edit | save → images, median | worst | of which rendering | pages drawn |")
            print("|---|---|---|---|---|")
            for name, median, worst, render, drawn in measure(issue, args.repeat):
                print(f"| {name} | {median:.0f} ms | {worst:.0f} ms | {render:.0f} ms | "
                      f"{drawn} of {pages} |")
    print(f"\ntarget: the example under {TARGET_MS:.0f} ms from save to new images")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

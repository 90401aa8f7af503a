"""The live preview of the example issue, in headless Chromium, into docs/preview.png (README).

    PYTHONPATH=src python tools/preview_screenshot.py [--out docs/preview.png]

Uses Debian's chromium and chromedriver through the tests' helper (tests/browser.py): the
example is copied to a temporary folder and previewed, then saved with one article title
unfilled, so that the status line and the list above the pages show what a clerk sees.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    from browser import chromium_missing, headless_chromium
    from previewkit import copy_example, replace_file, running, wait_for

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "preview.png")
    args = parser.parse_args()
    if (why := chromium_missing()) is not None:
        print(why, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        issue = copy_example(Path(tmp) / "guazhi-2020-01")
        text = issue.read_text(encoding="utf-8")
        loaded = (
            "const i = Array.from(document.querySelectorAll('#pages img'));"
            "return i.length > 1 && i.every(x => x.complete && x.naturalWidth > 0)"
        )
        with running(issue) as server, headless_chromium(1500, 1000) as driver:
            driver.get(server.url)
            wait_for(lambda: driver.execute_script(loaded), 30, "the page images")
            # A save while writing: the page updates by itself (the time shown is a warm one).
            replace_file(
                issue, text.replace("title: 进了村委门，就做村里人", "title: 【请填写文章标题】", 1)
            )
            wait_for(
                lambda: driver.execute_script(
                    f"{loaded} && document.querySelector('#problems li.unfilled') !== null"
                ),
                30,
                "the unfilled title",
            )
            driver.execute_script("document.body.style.zoom = '0.8'")
            args.out.write_bytes(driver.get_screenshot_as_png())
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

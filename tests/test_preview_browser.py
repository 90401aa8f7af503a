"""The preview in a real headless Chromium: pages, a new title, a broken file, the build button."""

from __future__ import annotations

import io
import time
from contextlib import redirect_stderr
from pathlib import Path

from browser import headless_chromium, needs_chromium
from bulletin_docs import cli
from previewkit import copy_example, replace_file, running, wait_for

pytestmark = needs_chromium
EXAMPLE_PAGES = 11


def _pages(driver) -> list[dict]:
    """The figures the page shows: image loaded, its key, the PDF text behind it."""
    return driver.execute_script(
        """return Array.from(document.querySelectorAll('#pages figure')).map(f => ({
             key: f.dataset.key,
             loaded: f.querySelector('img').complete && f.querySelector('img').naturalWidth > 0,
             text: f.querySelector('.pagetext').textContent}));"""
    )


def _problems(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#problems li.error'))"
        ".map(li => li.textContent);"
    )


def _stale(driver) -> bool:
    return bool(driver.execute_script(
        "return document.getElementById('pages').classList.contains('stale');"
    ))


def _check_lines(path: Path) -> list[str]:
    err = io.StringIO()
    with redirect_stderr(err):
        cli.main(["check", str(path)])
    return err.getvalue().splitlines()


def test_preview_in_chromium(tmp_path: Path) -> None:
    issue = copy_example(tmp_path / "issue")
    text = issue.read_text(encoding="utf-8")
    with running(issue) as server, headless_chromium() as driver:
        driver.get(server.url)
        pages = wait_for(
            lambda: (p := _pages(driver)) and len(p) == EXAMPLE_PAGES
            and all(x["loaded"] for x in p) and p,
            20, "11 loaded page images",
        )
        assert "简报预览" in driver.title
        assert "共 11 页" in driver.find_element("id", "status").text

        # A new title: on the page, in the PDF text behind page 1's image, within 2 s.
        replace_file(issue, text.replace("title: 挂职简报", "title: 吴中挂职快报", 1))
        saved = time.monotonic()
        new = wait_for(
            lambda: (p := _pages(driver)) and "吴中挂职快报" in p[0]["text"]
            and p[0]["loaded"] and p,
            2.0, "the new title within 2 s",
        )
        assert time.monotonic() - saved < 2.0
        assert new[0]["key"] != pages[0]["key"]
        assert [p["key"] for p in new[1:]] == [p["key"] for p in pages[1:]]

        # Broken YAML: the error with its line, as `check` prints it; the old pages stay, grey.
        lines = text.splitlines(keepends=True)
        at = next(i for i, ln in enumerate(lines) if ln.startswith("  issuer:"))
        lines[at] = lines[at].replace("issuer: ", "issuer:", 1)
        issue.write_text("".join(lines), encoding="utf-8")
        shown = wait_for(lambda: _problems(driver), 5, "the error")
        expected = _check_lines(issue)
        assert shown == expected
        assert f"{issue}:{at + 1}:" in shown[0]
        assert _stale(driver)
        kept = _pages(driver)
        assert len(kept) == EXAMPLE_PAGES and all(p["loaded"] for p in kept)
        assert "吴中挂职快报" in kept[0]["text"]

        # Fixed: the errors go, the pages come back in colour.
        issue.write_text(text, encoding="utf-8")
        wait_for(lambda: not _problems(driver) and not _stale(driver), 5, "the pages back")
        wait_for(lambda: "挂职简报" in _pages(driver)[0]["text"], 5, "the old title")

        # The build button writes the .docx and the PDF beside the issue file.
        driver.find_element("id", "build").click()
        built = wait_for(
            lambda: (t := driver.find_element("id", "built").text).startswith("√") and t,
            60, "the build",
        )
        docx, pdf = issue.with_suffix(".docx"), issue.with_suffix(".pdf")
        assert str(docx) in built and str(pdf) in built
        assert docx.read_bytes()[:2] == b"PK" and pdf.read_bytes()[:5] == b"%PDF-"
        import pypdfium2 as pdfium

        assert len(pdfium.PdfDocument(pdf)) == EXAMPLE_PAGES

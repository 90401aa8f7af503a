"""Both renderings held to the page spec: the example and a long issue, native and LibreOffice."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from bulletin_docs.inspect import Report, inspect_file
from conftest import EXAMPLE, needs_cjk_font, needs_soffice

#: A generated issue of this many articles prints well over 30 pages (tests/issuegen.py).
LONG_ARTICLES = 40
LONG_MIN_PAGES = 30


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def need(*modules: str) -> None:
    """Skip, saying which part is missing, while the renderers or the loader are not built yet."""
    missing = [m for m in modules if not _has(m)]
    if missing:
        pytest.skip(f"尚未实现：{', '.join(missing)}（渲染器或读取器还没有合入）")


def assert_passes(report: Report) -> None:
    assert report.ok, "版面检查不通过：\n" + "\n".join(c.line() for c in report.failures)


def native_pdf(issue: Path, out: Path) -> Path:
    need("bulletin_docs.issuefile.compose", "bulletin_docs.pdf.render")
    from bulletin_docs.api import load, render_pdf

    return render_pdf(load(issue), out, engine="native")


def docx_file(issue: Path, out: Path) -> Path:
    need("bulletin_docs.issuefile.compose", "bulletin_docs.docx.render", "bulletin_docs.soffice")
    from bulletin_docs.api import load, render_docx

    return render_docx(load(issue), out)


@pytest.fixture(scope="module")
def long_issue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not _has("issuegen"):
        pytest.skip("tests/issuegen.py 尚未合入")
    from issuegen import make_issue

    return make_issue(tmp_path_factory.mktemp("long"), LONG_ARTICLES, photos=True)


@needs_cjk_font
def test_example_native_pdf_passes_every_check(tmp_path: Path) -> None:
    pdf = native_pdf(EXAMPLE, tmp_path / "example.pdf")
    assert_passes(inspect_file(pdf))


@needs_soffice
def test_example_docx_through_libreoffice_passes_every_check(tmp_path: Path) -> None:
    docx = docx_file(EXAMPLE, tmp_path / "example.docx")
    report = inspect_file(docx, keep_pdf=tmp_path / "example-lo.pdf")
    assert report.get("font_substitution").status == "info"
    assert_passes(report)


@needs_cjk_font
def test_short_issue_native_pdf_passes_every_check(issue_file, tmp_path: Path) -> None:
    """A one-page issue: the 报尾 must still sit on the bottom of the type area (pinned)."""
    pdf = native_pdf(issue_file(), tmp_path / "short.pdf")
    report = inspect_file(pdf)
    assert report.get("footer_bottom").status == "pass", report.to_text()
    assert_passes(report)


@needs_soffice
def test_short_issue_docx_through_libreoffice_passes_every_check(
    issue_file, tmp_path: Path
) -> None:
    docx = docx_file(issue_file(), tmp_path / "short.docx")
    report = inspect_file(docx)
    assert report.get("footer_bottom").status == "pass", report.to_text()
    assert_passes(report)


@pytest.mark.slow
@needs_cjk_font
def test_long_issue_native_pdf_passes_every_check(long_issue: Path, tmp_path: Path) -> None:
    pdf = native_pdf(long_issue, tmp_path / "long.pdf")
    report = inspect_file(pdf)
    assert report.pages >= LONG_MIN_PAGES
    assert report.get("lines_per_page").status == "pass"  # full pages exist and are measured
    assert_passes(report)


@pytest.mark.slow
@needs_soffice
def test_long_issue_docx_through_libreoffice_passes_every_check(
    long_issue: Path, tmp_path: Path
) -> None:
    docx = docx_file(long_issue, tmp_path / "long.docx")
    report = inspect_file(docx, timeout=600, keep_pdf=tmp_path / "long-lo.pdf")
    assert report.pages >= LONG_MIN_PAGES
    assert report.get("lines_per_page").status == "pass"
    assert_passes(report)

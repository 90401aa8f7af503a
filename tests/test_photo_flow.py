"""Photo rows flow like lines: under the masthead, filling pages, the heading with its first row.

The done-when case of issue 10: an issue whose first section holds only 8 photos. Both
renderings (the native PDF and LibreOffice's of the .docx) pass ``inspect``, and no page
but the last has more than one photo row's height blank at its foot.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import bulletin_docs
from bulletin_docs.errors import BulletinWarning
from bulletin_docs.layout import DEFAULT, mm_to_pt
from bulletin_docs.pdf.items import GlyphRun, Picture
from bulletin_docs.pdf.render import layout_pages, load_fontset
from conftest import needs_cjk_font, needs_soffice
from issuegen import make_photos

P = DEFAULT
TOP = mm_to_pt(P.margin_top_mm)
BOTTOM = TOP + P.type_height_pt
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARA = (
    "挂职干部深入基层一线，围绕人居环境整治、集体经济发展和基层党建等重点工作，"
    "主动认领任务，认真履职尽责，在实践中增长才干，在一线经受考验。"
)


def _issue(folder: Path, photos: int = 8) -> Path:
    """Section 1: only ``photos`` photos; section 2: an article of five paragraphs."""
    files = make_photos(folder / "photos", photos, seed=5)
    lines = [
        "masthead:",
        "  title: 挂职简报",
        "  issue: {number: 3, year: 2020}",
        "  issuer: 吴中区年轻干部双向挂职工作小组",
        "  date: 2020-04",
        "sections:",
        "  - title: 挂职干部风采",
        "    photos:",
    ]
    for i, f in enumerate(files, start=1):
        lines += [f"      - file: photos/{f.name}", f"        caption: 第{i}张照片的说明文字"]
    lines += [
        "  - title: 工作动态",
        "    articles:",
        "      - title: 进了村委门 就做村里人",
        "        body: |",
    ]
    for i in range(5):
        lines += ["", f"          {PARA}{PARA}"] if i else [f"          {PARA}{PARA}"]
    lines += ["distribution:", "  - label: 报", "    to: 张瑛部长，区委组织部。", ""]
    path = folder / "issue.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def issue(tmp_path_factory) -> Path:
    return _issue(tmp_path_factory.mktemp("eight"))


@needs_cjk_font
def test_native_layout_heading_with_first_row_rows_fill_pages(issue: Path) -> None:
    bulletin = bulletin_docs.load(issue)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BulletinWarning)
        pages = layout_pages(bulletin, load_fontset(), P).pages
    pictures = [[it for it in pg.items if isinstance(it, Picture)] for pg in pages]
    # the section starts right under the masthead: its heading and first row on page 1
    heading = [
        it for it in pages[0].items if isinstance(it, GlyphRun) and "挂职干部风采" in it.text
    ]
    assert len(heading) == 2  # 本期要目 and the section heading
    assert pictures[0], "page 1 holds no photo: the section did not start under the masthead"
    assert max(r.y for r in heading) < min(p.y for p in pictures[0])
    assert sum(len(p) for p in pictures) == 8
    row = max(p.height for ps in pictures for p in ps) + P.line_pitch_pt  # one caption line
    for n, pg in enumerate(pages[:-1], start=1):
        lowest = max(
            (it.y + it.height if isinstance(it, Picture) else it.y)
            for it in pg.items
            if not isinstance(it, GlyphRun) or it.y < BOTTOM
        )
        assert BOTTOM - lowest <= row, f"page {n}: {BOTTOM - lowest:.1f} pt blank at its foot"


def _foot_blanks(pdf: Path) -> tuple[list[float], float, int]:
    """Per page: blank between the lowest content and the type area's foot; the row height."""
    import pdfplumber

    blanks, heights = [], []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            bottoms = [im["bottom"] for im in page.images]
            heights += [im["bottom"] - im["top"] for im in page.images]
            bottoms += [c["bottom"] for c in page.chars if c["top"] < BOTTOM]
            bottoms += [ln["bottom"] for ln in page.lines + page.rects if ln["top"] < BOTTOM]
            blanks.append(BOTTOM - max(bottoms))
        count = sum(len(page.images) for page in doc.pages)
    return blanks, max(heights) + P.line_pitch_pt, count


def _first_page_has_heading_and_photo(pdf: Path) -> bool:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        return bool(page.images) and page.extract_text().count("挂职干部风采") == 2


def _check(pdf: Path) -> None:
    blanks, row, count = _foot_blanks(pdf)
    assert count == 8
    assert _first_page_has_heading_and_photo(pdf)
    for n, blank in enumerate(blanks[:-1], start=1):
        assert blank <= row + 0.5, f"{pdf.name} page {n}: {blank:.1f} pt blank (a row: {row:.1f})"


@needs_cjk_font
def test_native_pdf_of_eight_photos_passes_inspect_and_fills_pages(
    issue: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "native.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BulletinWarning)
        bulletin_docs.render_pdf(bulletin_docs.load(issue), pdf)
    report = bulletin_docs.inspect(pdf)
    assert report.ok, report.to_text()
    _check(pdf)


@needs_soffice
@needs_cjk_font
def test_libreoffice_pdf_of_eight_photos_passes_inspect_and_fills_pages(
    issue: Path, tmp_path: Path
) -> None:
    docx = bulletin_docs.render_docx(bulletin_docs.load(issue), tmp_path / "issue.docx")
    pdf = tmp_path / "lo.pdf"
    report = bulletin_docs.inspect(docx, keep_pdf=pdf)
    assert report.ok, report.to_text()
    _check(pdf)


@needs_soffice
@needs_cjk_font
def test_both_renderings_break_pages_at_the_same_rows(issue: Path, tmp_path: Path) -> None:
    import pdfplumber

    bulletin = bulletin_docs.load(issue)
    native = tmp_path / "native.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BulletinWarning)
        bulletin_docs.render_pdf(bulletin, native)
    lo = bulletin_docs.render_pdf(bulletin, tmp_path / "lo.pdf", engine="libreoffice")

    def per_page(pdf: Path) -> list[int]:
        with pdfplumber.open(pdf) as doc:
            return [len(page.images) for page in doc.pages]

    assert per_page(native) == per_page(lo)


def test_docx_heading_keeps_with_next_rows_do_not_split_nor_keep(
    issue: Path, tmp_path: Path
) -> None:
    docx = bulletin_docs.render_docx(bulletin_docs.load(issue), tmp_path / "issue.docx")
    with zipfile.ZipFile(docx) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        document = etree.fromstring(z.read("word/document.xml"))

    def keeps(style_id: str) -> bool:
        (style,) = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == style_id]
        return style.find(f"{W}pPr/{W}keepNext") is not None

    assert keeps("BulletinSection")
    assert not keeps("BulletinPhoto")
    assert not keeps("BulletinCaption")
    tables = [t for t in document.iter(f"{W}tbl") if t.find(f".//{W}drawing") is not None]
    rows = [tr for t in tables for tr in t.iter(f"{W}tr")]
    assert len(rows) == 4
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows)
    assert not any(
        p.find(f"{W}pPr/{W}keepNext") is not None for t in tables for p in t.iter(f"{W}p")
    )

"""The native PDF's 报尾 read back: pinned to the foot, rows, rules, wrapped rows, moved pages."""

from __future__ import annotations

import pytest

from bulletin_docs.layout import mm_to_pt
from bulletin_docs.model import DistributionRow
from test_pdf_render import LEFT, LINE, RIGHT, P, bulletin, pdfplumber, render, rows, text_of


def _footer_check(page) -> None:
    black = sorted(
        (ln for ln in page.lines if tuple(ln["stroking_color"]) == (0, 0, 0)),
        key=lambda ln: ln["top"],
    )
    assert len(black) >= 3
    assert black[-1]["top"] == pytest.approx(mm_to_pt(262), abs=mm_to_pt(1))
    assert black[0]["linewidth"] == pytest.approx(mm_to_pt(P.footer_rule_outer_mm), abs=0.01)
    assert black[-1]["linewidth"] == pytest.approx(mm_to_pt(P.footer_rule_outer_mm), abs=0.01)
    assert black[1]["linewidth"] == pytest.approx(mm_to_pt(P.footer_rule_inner_mm), abs=0.01)
    for ln in black:
        assert ln["x0"] == pytest.approx(LEFT, abs=0.5)
        assert ln["x1"] == pytest.approx(RIGHT, abs=0.5)
    footer_rows = [(b, cs) for b, cs in rows(page) if black[0]["top"] < b < black[-1]["top"]]
    assert footer_rows
    for _, cs in footer_rows:
        assert cs[0]["size"] == pytest.approx(P.footer_style.size_pt)
    first = footer_rows[0][1]
    assert first[0]["x0"] == pytest.approx(LEFT + P.footer_style.size_pt, abs=0.5)
    last = footer_rows[-1][1]
    assert text_of(last).endswith("（共印60份）")
    assert last[-1]["x1"] == pytest.approx(RIGHT - P.footer_style.size_pt, abs=1.0)


def test_footer_pinned_on_short_issue(tmp_path):
    pdf_path = render(bulletin("短短一段。"), tmp_path / "short.pdf")
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == 1
        _footer_check(pdf.pages[0])


def test_footer_wrapped_row_hangs_after_colon(tmp_path):
    long_to = (
        "挂职干部派驻单位、接收单位主要领导，全体挂职干部，区委办公室，区政府办公室，各镇党委。"
    )
    b = bulletin("短短一段。", rows_=(DistributionRow("抄送", long_to),))
    with pdfplumber.open(render(b, tmp_path / "hang.pdf")) as pdf:
        page = pdf.pages[0]
        footer = [cs for _, cs in rows(page) if cs[0]["size"] == pytest.approx(14)][:-1]
        assert len(footer) >= 2
        colon = next(c for c in footer[0] if c["text"] == "：")
        assert footer[1][0]["x0"] == pytest.approx(colon["x1"], abs=1.0)


def test_footer_moves_to_new_page_when_body_ends_low(tmp_path):
    from bulletin_docs.pdf.render import layout_pages, load_fontset

    fonts = load_fontset()
    # find a body length whose last line falls where the 报尾 no longer fits under it
    for n in range(10, 40):
        b = bulletin("\n\n".join(LINE[:26] for _ in range(n)))
        pages = layout_pages(b, fonts).pages
        last_body = [it for it in pages[-1].items if getattr(it, "size", 0) == 16]
        if not last_body and len(pages) > 1:
            break
    else:
        pytest.fail("no body length pushed the 报尾 onto its own page")
    with pdfplumber.open(render(b, tmp_path / "moved.pdf")) as pdf:
        page = pdf.pages[-1]
        assert not [c for c in page.chars if c["size"] == pytest.approx(16)]
        _footer_check(page)
        prev = pdf.pages[-2]
        assert [c for c in prev.chars if c["size"] == pytest.approx(16)]


def test_both_renderers_put_the_copies_where_the_shared_rule_says():
    """（共印60份） on the last line or on its own: the .docx and the PDF decide alike.

    The .docx estimates its lines in ems (14 pt a character), the PDF measures its set
    line (13.75 pt): they agree while a row does not fill its first line to the last
    character (a row of 30 characters is one line in the PDF, two by the estimate).
    """
    from bulletin_docs.docx.context import distribution_paragraph
    from bulletin_docs.pdf.footer import footer_slice
    from bulletin_docs.pdf.items import GlyphRun
    from bulletin_docs.pdf.render import load_fontset
    from bulletin_docs.pdf.typesetter import Typesetter

    ts = Typesetter(load_fontset(), P)
    han = "挂职干部派驻单位接收单位主要领导全体挂职干部区委办公室区政府办公"
    seen = set()
    for k in range(1, 27):
        to = han[:k] + "。"
        in_docx = "<w:br/>" not in distribution_paragraph("发", to, "（共印60份）", P)
        rows_by_y: dict[float, str] = {}
        footer = footer_slice(bulletin("x", rows_=(DistributionRow("发", to),)), ts)
        for run in sorted((i for i in footer.items if isinstance(i, GlyphRun)), key=lambda r: r.x):
            rows_by_y[round(run.y, 3)] = rows_by_y.get(round(run.y, 3), "") + run.text
        in_pdf = "（共印60份）" not in rows_by_y.values()
        assert in_pdf == in_docx, k
        seen.add(in_pdf)
    assert seen == {True, False}

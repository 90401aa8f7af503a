"""Glyph runs drawn with the operators written directly: the bytes reportlab's text object makes."""

from __future__ import annotations

import pytest

from bulletin_docs.layout import DEFAULT
from bulletin_docs.pdf import draw
from bulletin_docs.pdf.items import GlyphRun, Page
from bulletin_docs.pdf.render import PdfInfo, load_fontset, pdf_canvas

P = DEFAULT
HAN = "为深入学习贯彻习近平总书记关于做好年轻干部工作的系列重要指示精神扎实推进"
#: More than 256 distinct characters: a face's second subset (a font change inside a run).
MANY = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 300))


@pytest.fixture(scope="module")
def fonts():
    fs = load_fontset()
    if not fs.roles["fangsong"].embedded:
        pytest.skip("没有可嵌入的 TrueType 中文字体")
    return fs


def _runs(fonts) -> list[GlyphRun]:
    body, heading = fonts.roles["fangsong"].name, fonts.roles["heiti"].name
    return [
        GlyphRun(56.7, 120.25, HAN, body, 16.0, -0.25, "000000"),
        GlyphRun(70.1, 150.5, "第1期 (Draft) \\ 100%", body, 16.0, 1.75, "C00000"),
        GlyphRun(80.0, 200.0, HAN[:9], heading, 22.0, 0.0, "000000", bold=True),
        GlyphRun(10.0, 300.0, MANY, body, 10.5, -0.25, "1F3864"),
        GlyphRun(10.0, 320.0, MANY[::-1] + "ab", heading, 12.0, 0.5, "000000", bold=True),
        GlyphRun(10.0, 340.0, "", body, 16.0, 0.0, "000000"),
        GlyphRun(10.0, 360.0, HAN[::2] + "\xa0新\ue000字" + MANY[:50], body, 16.0, 0.0, "000000"),
        GlyphRun(10.0, 380.0, "习近平 " + HAN[5:9], body, 16.0, 0.0, "000000"),
    ]


def _pdf(fonts, monkeypatch, *, reportlab: bool) -> bytes:
    """The runs drawn directly, or (``reportlab``) with reportlab's text objects and page
    streams alone."""
    runs = _runs(fonts)
    pages = [Page(1, tuple(runs[:4])), Page(2, tuple(runs[4:]))]
    info = PdfInfo("标题", "2020年第1期", "办公室", None)
    with monkeypatch.context() as m:
        if reportlab:
            m.setattr(draw, "_text", draw._text_object)
            m.setattr(draw, "_assign_codes", lambda canvas, pages: None)
            m.setattr(draw, "_page_contents", lambda canvas: None)
        with pdf_canvas(fonts, P, info) as (canvas, buf):
            draw.draw_pages(canvas, pages, P)
    return buf.getvalue()


def test_runs_drawn_directly_make_the_text_objects_bytes(fonts, monkeypatch):
    direct = _pdf(fonts, monkeypatch, reportlab=False)
    assert direct == _pdf(fonts, monkeypatch, reportlab=True)
    assert b"/F1+1" in direct and b"/F2+1" in direct  # both faces used a second subset


def test_a_page_drawn_again_is_deflated_once(fonts, monkeypatch):
    first = _pdf(fonts, monkeypatch, reportlab=False)
    kept = dict(draw._PAGE_FLATE._done)
    assert len(kept) >= 2  # both pages' streams
    assert _pdf(fonts, monkeypatch, reportlab=False) == first
    assert all(draw._PAGE_FLATE._done[k] is v for k, v in kept.items())  # not deflated again


def test_items_drawn_without_draw_pages_make_the_same_bytes(fonts, monkeypatch):
    """A page drawn with draw_items alone (a form in a 合订本): codes given run by run."""

    def pdf(text) -> bytes:
        with monkeypatch.context() as m:
            m.setattr(draw, "_text", text)
            with pdf_canvas(fonts, P, PdfInfo("标题", "", "", None)) as (canvas, buf):
                draw.draw_items(canvas, Page(1, tuple(_runs(fonts))), P)
                canvas.showPage()
        return buf.getvalue()

    assert pdf(draw._text) == pdf(draw._text_object)


def test_the_cid_font_goes_through_reportlabs_text_object(monkeypatch):
    from bulletin_docs.pdf.fontset import CID_FONT, FontSet, cid_face

    face = cid_face()
    fonts = FontSet({"fangsong": face})
    run = GlyphRun(10.0, 20.0, HAN[:4], CID_FONT, 16.0, 0.0, "000000")
    info = PdfInfo("标题", "", "", None)
    called: list[GlyphRun] = []
    monkeypatch.setattr(draw, "_text_object", lambda c, r, h, p: called.append(r))
    with pdf_canvas(fonts, P, info) as (canvas, _buf):
        draw.draw_items(canvas, Page(1, (run,)), P)
    assert called == [run]

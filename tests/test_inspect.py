"""The inspector on synthetic PDFs: the right page passes, each page made wrong is caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_docs.inspection import inspect_file, read_pdf
from bulletin_docs.inspection.extract import group_lines
from bulletin_docs.layout import DEFAULT, mm_to_pt
from pdfsamples import FAULTS, FONT_FILES, draw_sample, fonts_available

pytestmark = pytest.mark.skipif(
    not fonts_available(), reason="没有 TrueType 中文字体（AR PL UMing/UKai、文泉驿正黑）"
)

#: Each fault and the checks that must fail because of it.
CAUGHT_BY = {
    "margin": {"left_margin", "right_edge"},
    "lines21": {"lines_per_page"},
    "chars27": {"chars_per_line", "right_edge"},
    "no_page_number": {"page_number_text"},
    "even_right": {"page_number_side"},
    "footer_high": {"footer_bottom"},
    "helvetica": {"fonts_embedded"},
    "cid_font": {"fonts_embedded"},
    "title_black": {"title_colour"},
    "pitch": {"line_pitch"},
    "no_red_rule": {"red_rule"},
    "baseline_low": {"first_baseline"},
    "kinsoku": {"kinsoku"},
    "overflow": {"right_edge", "chars_per_line"},
    "image_out": {"images_in_type_area"},
    "caption_wide": {"captions_in_column"},
}


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str | None, Path]:
    folder = tmp_path_factory.mktemp("samples")
    return {f: draw_sample(folder / f"sample-{f or 'ok'}.pdf", f) for f in (None, *FAULTS)}


def test_every_fault_has_an_expectation() -> None:
    assert set(CAUGHT_BY) == set(FAULTS)


def test_correct_sample_passes_every_check(samples) -> None:
    report = inspect_file(samples[None])
    assert report.ok, report.to_text()
    assert report.pages == 3
    ids = {c.id for c in report.checks}
    for must in ("page_size", "left_margin", "right_edge", "first_baseline", "line_pitch",
                 "lines_per_page", "chars_per_line", "body_size", "title_colour", "title_centre",
                 "title_size", "title_top", "red_rule_width", "red_rule_colour", "red_rule_gap",
                 "page_number_text", "page_number_size", "page_number_gap", "page_number_side",
                 "footer_bottom", "footer_rule_outer", "footer_rule_inner", "footer_row_size",
                 "fonts_embedded", "glyphs_present", "kinsoku", "images_in_type_area",
                 "captions_in_column"):
        assert must in ids, must
    # Applicable, not skipped: the sample has a full page and continuation pages.
    assert report.get("lines_per_page").status == "pass"
    assert report.get("first_baseline").status == "pass"


def test_correct_sample_measures_the_profile(samples) -> None:
    r = inspect_file(samples[None])
    assert r.get("left_margin").measured == pytest.approx(DEFAULT.margin_left_mm, abs=0.05)
    assert r.get("right_edge").measured == pytest.approx(
        DEFAULT.page_width_mm - DEFAULT.margin_right_mm, abs=0.1)
    assert r.get("line_pitch").measured == pytest.approx(DEFAULT.line_pitch_pt, abs=0.01)
    assert r.get("lines_per_page").measured == DEFAULT.lines_per_page
    assert r.get("chars_per_line").measured == DEFAULT.chars_per_line
    assert r.get("body_size").measured == DEFAULT.body_size_pt
    assert r.get("page_number_gap").measured == pytest.approx(DEFAULT.page_number_gap_mm, abs=0.05)
    assert r.get("red_rule_gap").measured == pytest.approx(DEFAULT.rule_gap_mm, abs=0.05)
    assert r.get("title_top").measured == pytest.approx(DEFAULT.title_top_mm, abs=0.05)


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_is_caught(samples, fault: str) -> None:
    report = inspect_file(samples[fault])
    failed = {c.id for c in report.failures}
    assert not report.ok
    assert CAUGHT_BY[fault] <= failed, report.to_text()


def test_failures_carry_measured_and_expected_values(samples) -> None:
    r = inspect_file(samples["margin"])
    c = r.get("left_margin")
    assert c.measured == pytest.approx(DEFAULT.margin_left_mm + 3.0, abs=0.05)
    assert c.expected == pytest.approx(DEFAULT.margin_left_mm)
    assert "超差" in c.detail and "第1页" in c.detail
    r = inspect_file(samples["lines21"])
    assert r.get("lines_per_page").measured == 21
    assert "第2页" in r.get("lines_per_page").detail
    r = inspect_file(samples["chars27"])
    assert r.get("chars_per_line").measured == 27
    r = inspect_file(samples["helvetica"])
    assert "Helvetica" in r.get("fonts_embedded").detail


def test_report_text_is_chinese_and_json_parses(samples) -> None:
    import json

    r = inspect_file(samples["even_right"])
    text = r.to_text()
    assert "不通过" in text and "页码位置" in text and "结论：" in text
    data = json.loads(r.to_json())
    assert data["ok"] is False and data["pages"] == 3
    side = next(c for c in data["checks"] if c["id"] == "page_number_side")
    assert side["status"] == "fail" and side["expected"] == pytest.approx(14.0)


def test_lines_are_grouped_by_baseline_not_glyph_bottom(samples) -> None:
    """Glyphs of different fonts (different descents) on one baseline make one line."""
    doc = read_pdf(samples[None])
    issuer_line = [ln for ln in doc.pages[0].lines if "工作小组" in ln.text]
    assert len(issuer_line) == 1 and "2020年4月" in issuer_line[0].text
    from bulletin_docs.inspection.extract import Glyph

    a = Glyph("中", 10, 100.0, 26, 16, "A", "000000", 5)
    b = Glyph("文", 26, 100.3, 42, 16, "B", "000000", 6)
    c = Glyph("字", 10, 128.95, 26, 16, "A", "000000", 7)
    lines = group_lines(1, [c, b, a])
    assert [ln.text for ln in lines] == ["中文", "字"]


def test_inspect_refuses_other_files(tmp_path: Path) -> None:
    from bulletin_docs.errors import BulletinError

    txt = tmp_path / "a.txt"
    txt.write_text("x", encoding="utf-8")
    with pytest.raises(BulletinError, match="只能检查"):
        inspect_file(txt)
    with pytest.raises(BulletinError, match="找不到"):
        inspect_file(tmp_path / "missing.pdf")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    with pytest.raises(BulletinError, match="PDF"):
        inspect_file(bad)


def test_kinsoku_line_of_27_is_allowed(samples) -> None:
    """The right sample carries a character down with the comma after it: 27 on that line."""
    doc = read_pdf(samples[None])
    texts = [ln.text for ln in doc.pages[0].lines]
    assert any(t[1:2] == "，" for t in texts)
    r = inspect_file(samples[None])
    assert r.get("chars_per_line").status == "pass"
    assert "27" in r.get("chars_per_line").detail


def test_overprinted_glyph_counts_once() -> None:
    """LibreOffice draws fake bold twice in place: one character, not two."""
    from bulletin_docs.inspection.extract import Glyph

    g = [Glyph(ch, x, 100.0, x + 16, 16, "A", "000000", 1)
         for ch, x in (("坚", 10.0), ("坚", 10.0), ("持", 26.0), ("持", 26.3), ("持", 42.0))]
    (line,) = group_lines(1, g)
    assert line.text == "坚持持"


def test_text_missing_from_pdf_is_caught(samples) -> None:
    from bulletin_docs.inspection import inspect_document

    doc = read_pdf(samples[None])
    drawn = "".join(g.char for pg in doc.pages for ln in pg.lines for g in ln.visible)
    ok = inspect_document(doc, source_text=drawn)
    assert ok.get("text_complete").status == "pass"
    lost = drawn[:300] + "，" + drawn[300:]
    bad = inspect_document(doc, source_text=lost)
    c = bad.get("text_complete")
    assert c.status == "fail" and c.measured == 1 and "[，]" in c.detail


def test_text_drawn_out_of_order_is_not_missing(samples) -> None:
    """A table cell's wrapped second line comes after the row in reading order: not lost."""
    from bulletin_docs.inspection import inspect_document

    doc = read_pdf(samples[None])
    drawn = "".join(g.char for pg in doc.pages for ln in pg.lines for g in ln.visible)
    moved = drawn[:100] + drawn[200:204] + drawn[100:200] + drawn[204:]
    c = inspect_document(doc, source_text=moved).get("text_complete")
    assert c.status == "pass", c.line()


def test_a_pdf_that_is_no_bulletin_fails_without_crashing(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "blank.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(100, 700, "Hello")
    c.showPage()
    c.save()
    report = inspect_file(pdf)
    failed = {c.id for c in report.failures}
    assert {"body_size", "title", "page_number_text", "footer", "fonts_embedded"} <= failed


def _draw(path: Path, lines: list[tuple[float, float, list[str], float]]) -> Path:
    """A page with ``(x, y from the top, strings drawn one after another, Tc)`` text lines."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font_file = next(p for p, _ in FONT_FILES["song"] if Path(p).exists())
    if "Probe-song" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Probe-song", font_file))
    c = canvas.Canvas(str(path), pagesize=(DEFAULT.page_width_pt, DEFAULT.page_height_pt))
    for x, y, strings, space in lines:
        t = c.beginText(x, DEFAULT.page_height_pt - y)
        t.setFont("Probe-song", 16)
        t.setCharSpace(space)
        for s in strings:
            t.textOut(s)
        c.drawText(t)
    c.showPage()
    c.save()
    return path


def test_char_spacing_follows_every_glyph_across_strings(tmp_path: Path) -> None:
    """Tc comes after a string's last glyph too: one line drawn in pieces measures as one."""
    pdf = _draw(tmp_path / "tc.pdf", [(100.0, 200.0, ["中文字"], 2.0),
                                      (100.0, 300.0, ["中", "文", "字"], 2.0)])
    whole, pieces = read_pdf(pdf).pages[0].lines
    assert whole.text == pieces.text == "中文字"
    assert [g.x for g in pieces.glyphs] == pytest.approx([g.x for g in whole.glyphs])
    assert [g.x for g in whole.glyphs] == pytest.approx([100.0, 118.0, 136.0])
    assert whole.baseline == pytest.approx(200.0) and pieces.baseline == pytest.approx(300.0)
    assert whole.glyphs[0].right == pytest.approx(116.0)
    assert {g.size for g in whole.glyphs} == {16.0}


def test_glyph_missing_from_the_font_is_caught(tmp_path: Path) -> None:
    """A character the font lacks is drawn with glyph 0 (.notdef): glyphs_present fails."""
    top = mm_to_pt(DEFAULT.margin_top_mm)
    pdf = _draw(tmp_path / "notdef.pdf", [(100.0, top + 100.0, ["缺\U0001F600字"], 0.0)])
    (line,) = read_pdf(pdf).pages[0].lines
    assert [g.glyph_id == 0 for g in line.glyphs] == [False, True, False]
    c = inspect_file(pdf).get("glyphs_present")
    assert c.status == "fail" and c.measured == 1 and "第1页" in c.detail
    c = inspect_file(draw_sample(tmp_path / "ok.pdf")).get("glyphs_present")
    assert c.status == "pass" and c.measured == 0


def test_tolerances_are_the_checks_own(samples) -> None:
    """The checks read InspectTolerances, not the layout profile: wider ones let 3 mm pass."""
    from bulletin_docs.inspection import DEFAULT_TOLERANCES, InspectTolerances
    from bulletin_docs.layout import LayoutProfile

    assert not any(f.startswith("inspect_") or f == "parity_min_share"
                   for f in LayoutProfile.__dataclass_fields__)
    assert InspectTolerances() == DEFAULT_TOLERANCES
    strict = inspect_file(samples["margin"]).get("left_margin")
    loose = inspect_file(samples["margin"],
                         tolerances=InspectTolerances(position_tol_pt=mm_to_pt(3.5)))
    assert strict.status == "fail" and loose.get("left_margin").status == "pass"
    assert loose.get("left_margin").tolerance == pytest.approx(3.5)


def test_fonts_are_listed_with_embedding(samples) -> None:
    """Embedded TrueType subsets, and a base-14 font the canvas only references."""
    fonts = {f.name: f for f in read_pdf(samples["helvetica"]).fonts}
    assert fonts["UMingCN-0"].embedded and fonts["UMingCN-0"].kind == "TrueType"
    assert not fonts["Helvetica"].embedded
    cid = {f.name: f for f in read_pdf(samples["cid_font"]).fonts}
    assert any(name.startswith("STSong-Light") and not f.embedded for name, f in cid.items())


def test_rules_and_images_are_measured(samples) -> None:
    doc = read_pdf(samples[None])
    red = [r for r in doc.pages[0].rules if r.color == DEFAULT.red]
    assert len(red) == 1 and red[0].thickness == pytest.approx(DEFAULT.rule_thickness_pt)
    assert red[0].x0 == pytest.approx(mm_to_pt(DEFAULT.margin_left_mm))
    footer = [r for r in doc.pages[2].rules if r.color == DEFAULT.black]
    assert len(footer) == 3
    assert footer[0].thickness == pytest.approx(mm_to_pt(DEFAULT.footer_rule_outer_mm))
    assert footer[1].thickness == pytest.approx(mm_to_pt(DEFAULT.footer_rule_inner_mm))
    (image,) = doc.pages[2].images
    assert image[2] == pytest.approx(mm_to_pt(DEFAULT.page_width_mm - DEFAULT.margin_right_mm))
    assert image[2] - image[0] == pytest.approx(DEFAULT.photo_column_width_pt)
    assert len(doc.pages) == 3
    for pg in doc.pages:
        assert pg.width == pytest.approx(DEFAULT.page_width_pt)
        assert pg.height == pytest.approx(DEFAULT.page_height_pt)

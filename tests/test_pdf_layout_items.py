"""The native PDF's layout as items: positions, breaks, keep-with-next, 报尾, page numbers, glyphs.

These read what ``layout_pages()`` returns (the stage before drawing), not a PDF.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import replace

import pytest

from bulletin_docs.layout import DEFAULT, mm_to_pt
from bulletin_docs.model import Article, Bulletin, Section
from bulletin_docs.pdf.decorate import number_pages
from bulletin_docs.pdf.flow import flow
from bulletin_docs.pdf.footer import footer_slice
from bulletin_docs.pdf.items import GlyphRun, Layout, Page, Rule
from bulletin_docs.pdf.lines import Piece, set_lines, text_width
from bulletin_docs.pdf.paginate import paginate
from bulletin_docs.pdf.render import layout_pages, load_fontset
from bulletin_docs.pdf.typesetter import Typesetter
from conftest import needs_cjk_font
from test_pdf_render import LINE, bulletin

P = DEFAULT
LEFT = mm_to_pt(P.margin_left_mm)
TOP = mm_to_pt(P.margin_top_mm)
BOTTOM = TOP + P.type_height_pt
PITCH = P.line_pitch_pt
FIRST_BASELINE = TOP + PITCH * P.exact_line_baseline_share

pytestmark = needs_cjk_font


@pytest.fixture(scope="module")
def fonts():
    return load_fontset()


@pytest.fixture(scope="module")
def ts(fonts) -> Typesetter:
    return Typesetter(fonts, P)


def lines_of(page: Page, size: float | None = None) -> list[tuple[float, str, list[GlyphRun]]]:
    """The page's text lines top down: (baseline, text, runs), only runs of ``size`` if given."""
    by: dict[float, list[GlyphRun]] = defaultdict(list)
    for it in page.items:
        if isinstance(it, GlyphRun) and (size is None or it.size == size):
            by[round(it.y, 3)].append(it)
    out = []
    for y in sorted(by):
        runs = sorted(by[y], key=lambda r: r.x)
        out.append((y, "".join(r.text for r in runs), runs))
    return out


def body_lines(page: Page) -> list[tuple[float, str, list[GlyphRun]]]:
    """Lines at the body size under the page's first article title, above the 报尾."""
    titles = [y for y, _, _ in lines_of(page, P.article_title_style.size_pt)]
    start = titles[0] if titles else 0.0
    return [ln for ln in lines_of(page, P.body_size_pt) if start < ln[0] <= BOTTOM]


def test_layout_is_pages_and_missing_glyphs(fonts):
    layout = layout_pages(bulletin("短短一段。"), fonts)
    assert isinstance(layout, Layout)
    assert [p.number for p in layout.pages] == [1]
    assert layout.missing_glyphs == ()


def test_body_lines_fill_the_grid_28_to_a_line_26_after_the_indent(ts):
    layout = layout_pages(bulletin(LINE * 3 + "为深入"), ts.fonts)
    body = body_lines(layout.pages[0])
    texts = [t for _, t, _ in body]
    assert [len(t) for t in texts] == [26, 28, 28, 5]
    ys = [y for y, _, _ in body]
    # exact line pitch: 579 twips = 28.95 pt between baselines
    assert PITCH == 28.95
    for a, b in itertools.pairwise(ys):
        assert b - a == pytest.approx(PITCH, abs=1e-6)
    # the first line indented two characters, the others flush with the left margin
    assert body[0][2][0].x == pytest.approx(LEFT + 2 * P.char_pitch_pt, abs=1e-6)
    for _, _, runs in body[1:]:
        assert runs[0].x == pytest.approx(LEFT, abs=1e-6)
    # full justified lines end on the right margin (the last character's advance included)
    right = LEFT + P.type_width_pt
    for _, _, runs in body[:3]:
        last = runs[-1]
        natural = text_width([Piece(last.text, P.body_style)], ts)
        end = last.x + natural + (last.char_space - P.grid_char_spacing_pt) * len(last.text)
        assert end == pytest.approx(right, abs=0.05)


def test_continuation_pages_start_on_the_first_baseline(fonts):
    para = LINE * 5
    layout = layout_pages(bulletin("\n\n".join(para for _ in range(12))), fonts)
    assert len(layout.pages) >= 2
    for page in layout.pages[1:]:
        y, _, runs = lines_of(page)[0]
        assert y == pytest.approx(FIRST_BASELINE, abs=1e-3)
        assert runs[0].x >= LEFT - 1e-6
        lines = lines_of(page, P.body_size_pt)
        assert lines[-1][0] <= BOTTOM
        assert len(lines) <= P.lines_per_page


def test_no_line_starts_with_a_closing_mark(fonts):
    # a comma falls on every 28th place: kinsoku moves the character before it down
    text = ("为深入学习贯彻习近平总书记关于做好年轻干部工作的系列重要，" * 4)[:-1] + "。"
    layout = layout_pages(bulletin(text), fonts)
    texts = [t for _, t, _ in body_lines(layout.pages[0])]
    assert len(texts) >= 4
    assert all(t[0] not in P.no_line_start for t in texts)
    assert any(len(t) < 28 for t in texts[:-1])  # a line given up to keep the rule


def test_grid_styles_break_as_libreoffice_and_others_do_not(ts):
    assert P.body_style.grid and P.section_style.grid and P.note_style.grid
    assert not (P.caption_style.grid or P.footer_style.grid or P.article_title_style.grid)
    text = "历层次上，硕士及研究生13人，大学37人；年龄层次上，85后干部23名，90后干部6名。"
    width = P.type_width_pt

    def first(style) -> str:
        return "".join(r.text for r in set_lines([Piece(text, style)], ts, width)[0].runs)

    assert first(P.body_style).endswith("85")  # LibreOffice's −0.2 pt spacing
    assert first(replace(P.body_style, grid=False)).endswith("85后")  # the PDF's own


def test_set_lines_carry_their_width(ts):
    row = [Piece("报：张瑛部长，区委组织部。", P.footer_style)]
    (line,) = set_lines(row, ts, 400, align="left")
    measured = text_width(row, ts)
    assert line.width == measured
    assert line.end == pytest.approx(line.runs[0].x + measured)
    (right,) = set_lines([Piece("（共印60份）", P.footer_style)], ts, 400, align="right")
    assert right.end == pytest.approx(400)
    assert right.runs[0].x == pytest.approx(400 - right.width)


def _bulletin_with_articles(lengths: list[int]) -> Bulletin:
    articles = tuple(
        Article(f"第{i + 1}篇文章的标题", parse(LINE * n)) for i, n in enumerate(lengths)
    )
    return replace(bulletin("x"), sections=(Section("工作动态", articles=articles),))


def parse(text: str):
    from bulletin_docs.model import Paragraph, Span

    return (Paragraph((Span(text),)),)


def _titles(page: Page) -> list[float]:
    return [y for y, _, _ in lines_of(page, P.article_title_style.size_pt)]


def test_article_title_never_last_on_a_page(ts):
    moved = 0
    for n in range(1, 23):
        b = _bulletin_with_articles([n, 20, 20])
        layout = layout_pages(b, ts.fonts)
        for page in layout.pages:
            content = [ln for ln in lines_of(page) if ln[0] <= BOTTOM]
            titles = _titles(page)
            if titles:
                # something of the article follows its title on the same page
                assert content[-1][0] > max(titles)
        for prev, page in itertools.pairwise(layout.pages):
            first_y, first_text, _ = lines_of(page)[0]
            if first_text.startswith("第") and first_y in _titles(page):
                last_y = max(y for y, _, _ in lines_of(prev) if y <= BOTTOM)
                if BOTTOM - last_y > 2 * PITCH:  # a title and one line would have fitted…
                    moved += 1
    assert moved  # …so the keep-with-next chain moved it (and more) to the next page


def test_section_heading_kept_with_its_article(ts):
    opened = 0
    for n in range(4, 16):
        long = Article("前一篇", parse(LINE * n))
        nxt = Article("后一篇文章", parse(LINE * 3))
        b = replace(
            bulletin("x"),
            sections=(Section("工作动态", articles=(long,)), Section("基层风采", articles=(nxt,))),
        )
        for page in layout_pages(b, ts.fonts).pages:
            lines = [ln for ln in lines_of(page) if ln[0] <= BOTTOM]
            for k, (_, text, _) in enumerate(lines):
                if text == "【基层风采】":
                    assert k + 1 < len(lines) and lines[k + 1][1] == "后一篇文章"
                    opened += page.number > 1 and k == 0
    assert opened  # some lengths pushed the heading over, and its article went with it


def test_footer_pinned_to_the_foot_of_the_last_page(fonts):
    for b in (bulletin("短短一段。"), bulletin("\n\n".join(LINE * 5 for _ in range(9)))):
        layout = layout_pages(b, fonts)
        last = layout.pages[-1]
        black = [it for it in last.items if isinstance(it, Rule) and it.color == P.black]
        assert black
        bottom_rule = max(black, key=lambda r: r.y)
        assert bottom_rule.y + bottom_rule.thickness / 2 == pytest.approx(BOTTOM, abs=1e-6)
        assert bottom_rule.x0 == pytest.approx(LEFT) and bottom_rule.x1 == pytest.approx(
            LEFT + P.type_width_pt
        )
        for page in layout.pages[:-1]:
            assert not [it for it in page.items if isinstance(it, Rule) and it.color == P.black]
        rows = [t for _, t, _ in lines_of(last, P.footer_style.size_pt)]
        assert rows[-2].startswith("发：全体挂职干部。") and rows[-2].endswith("（共印60份）")


def test_page_numbers_added_after_pagination(ts):
    b = bulletin("\n\n".join(LINE * 5 for _ in range(12)))
    placed = paginate(flow(b, ts), footer_slice(b, ts), P)
    assert len(placed) >= 2
    # pagination places content only: nothing under the type area yet
    assert not [it for page in placed for it in page.items if getattr(it, "y", 0) > BOTTOM]
    numbered = number_pages(placed, ts)
    assert [p.items[: len(q.items)] for p, q in zip(numbered, placed, strict=True)] == [
        q.items for q in placed
    ]
    gap = mm_to_pt(P.page_number_gap_mm)
    for page in numbered:
        y, text, runs = lines_of(page)[-1]
        assert text == P.page_number_text(page.number)
        assert y == pytest.approx(BOTTOM + gap + P.em_ascent * 14, abs=1e-3)
        inset = P.page_number_indent_chars * 14
        if page.number % 2:
            right = runs[-1].x + text_width([Piece(runs[-1].text, P.page_number_style)], ts)
            assert right == pytest.approx(LEFT + P.type_width_pt - inset, abs=1e-6)
        else:
            assert runs[0].x == pytest.approx(LEFT + inset, abs=1e-6)
    assert layout_pages(b, ts.fonts).pages == tuple(numbered)


def test_missing_glyphs_come_back_with_the_layout_each_time(fonts):
    ch = "\U0010fffd"  # a private-use character no font has
    b = bulletin(f"一个{ch}字，又一个{ch}字。")
    first = layout_pages(b, fonts)
    assert first.missing_glyphs == (ch,)
    assert layout_pages(b, fonts).missing_glyphs == (ch,)  # not only the first time
    assert layout_pages(bulletin("短短一段。"), fonts).missing_glyphs == ()
    assert not hasattr(fonts, "missing")

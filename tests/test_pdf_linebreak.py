"""Line breaking alone: 28 characters fill the grid, kinsoku moves breaks, words stay whole."""

from __future__ import annotations

import pytest

from bulletin_docs.layout import DEFAULT
from bulletin_docs.pdf.linebreak import break_lines, units, visible_end

P = DEFAULT
W = P.type_width_pt
PITCH = P.char_pitch_pt
HAN = "为深入学习贯彻习近平总书记关于做好年轻干部工作的系列重要指示精神扎实推进"


def brk(text: str, widths: list[float] | None = None, first: float = W) -> list[str]:
    widths = widths or [PITCH] * len(text)
    ranges = break_lines(
        text, widths, first, W, P.no_line_start, P.no_line_end, P.hanging_punctuation
    )
    return [text[a:b] for a, b in ranges]


def test_exactly_28_fill_a_line():
    # n characters take n × pitch: the 28th must not count as overflow
    assert [len(x) for x in brk(HAN[:28])] == [28]
    assert [len(x) for x in brk(HAN[:29])] == [28, 1]
    assert [len(x) for x in brk(HAN[:28] * 3)] == [28, 28, 28]


def test_first_line_indent_leaves_26():
    lines = brk(HAN[:30], first=W - P.first_line_indent_pt)
    assert [len(x) for x in lines] == [26, 4]


@pytest.mark.parametrize("punct", list("，。、；：？！）】」』…"))
def test_no_line_starts_with_closing_punctuation(punct):
    text = HAN[:28] + punct + HAN[:5]
    lines = brk(text)
    assert all(line[0] not in P.no_line_start for line in lines)
    assert "".join(lines) == text
    assert lines[1].startswith(HAN[27] + punct)  # the 28th character moved down with the mark


HANGING = "，。、．：；？！,.:;?!"  # LibreOffice's zh_CN set, when a profile turns hanging on


@pytest.mark.parametrize("punct", list("，。、；：？！"))
def test_hanging_set_lets_the_mark_hang(punct):
    text = HAN[:28] + punct + HAN[:5]
    ranges = break_lines(text, [PITCH] * len(text), W, W, P.no_line_start, P.no_line_end, HANGING)
    assert [text[x:y] for x, y in ranges] == [HAN[:28] + punct, HAN[:5]]


def test_hanging_mark_followed_by_closing_quote_moves_down():
    text = HAN[:28] + "。”" + HAN[:5]
    ranges = break_lines(text, [PITCH] * len(text), W, W, P.no_line_start, P.no_line_end, HANGING)
    assert text[ranges[1][0] :].startswith(HAN[27] + "。”")


def test_no_hanging_on_a_line_with_latin():
    text = HAN[:20] + "2020" + HAN[:6] + "，" + HAN[:5]
    widths = [PITCH if not c.isascii() else 7.75 for c in text]
    ranges = break_lines(text, widths, W, W, P.no_line_start, P.no_line_end, HANGING)
    assert text[ranges[0][0] : ranges[0][1]][-1] != "，"


@pytest.mark.parametrize("opening", list("（【「『"))
def test_no_line_ends_with_opening_bracket(opening):
    text = HAN[:27] + opening + HAN[:5]
    lines = brk(text)
    assert lines[0][-1] not in P.no_line_end
    assert lines[1].startswith(opening)
    assert "".join(lines) == text


def test_latin_words_and_numbers_kept_whole():
    text = HAN[:27] + "2020" + HAN[:5]
    widths = [PITCH if not c.isascii() else 7.79 for c in text]
    lines = brk(text, widths)
    assert lines[0] == HAN[:27]
    assert lines[1].startswith("2020")


def test_word_longer_than_line_is_cut():
    text = "x" * 100
    lines = brk(text, [8.0] * 100)
    assert "".join(lines) == text
    assert all(len(line) * 8.0 <= W + 0.01 for line in lines)


def test_space_at_break_stays_on_line_end():
    text = HAN[:27] + " " + "word"
    widths = [PITCH if not c.isascii() else 8.0 for c in text]
    lines = brk(text, widths)
    assert lines[0] == HAN[:27] + " "
    assert visible_end(text, 0, len(lines[0])) == 27
    assert lines[1] == "word"


def test_units():
    assert units("中ab 3.5文") == [(0, 1), (1, 3), (3, 4), (4, 7), (7, 8)]


def test_widths_from_fonts_fill_the_grid():
    from bulletin_docs.pdf.lines import Piece, text_width
    from bulletin_docs.pdf.render import load_fontset
    from bulletin_docs.pdf.typesetter import Typesetter

    ts = Typesetter(load_fontset(), P)
    w28 = text_width([Piece(HAN[:28], P.body_style)], ts)
    w29 = text_width([Piece(HAN[:29], P.body_style)], ts)
    assert w28 <= W < w29
    assert w28 == pytest.approx(28 * (P.body_size_pt + P.grid_char_spacing_pt), abs=0.05)


def test_autospace_between_han_and_digits():
    from bulletin_docs.pdf.lines import Piece, text_width
    from bulletin_docs.pdf.render import load_fontset
    from bulletin_docs.pdf.typesetter import Typesetter

    ts = Typesetter(load_fontset(), P)
    plain = text_width([Piece("第期", P.body_style)], ts)
    digit = text_width([Piece("1", P.body_style)], ts)
    both = text_width([Piece("第1期", P.body_style)], ts)
    autospace = P.libreoffice.latin_autospace_em * P.body_size_pt
    assert both == pytest.approx(plain + digit + 2 * autospace)
    punct = text_width([Piece("，1", P.body_style)], ts)
    assert punct == pytest.approx(text_width([Piece("，", P.body_style)], ts) + digit)

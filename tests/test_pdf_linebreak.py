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


def brk_justified(text: str, latin: float = 8.0, first: float = W) -> list[str]:
    """Breaks of justified body text: a gap of a character (the pitch) is too wide."""
    widths = [PITCH if not c.isascii() else latin for c in text]
    ranges = break_lines(
        text, widths, first, W, P.no_line_start, P.no_line_end, P.hanging_punctuation,
        max_gap=PITCH,
    )
    return [text[a:b] for a, b in ranges]


def _gap(line: str, latin: float = 8.0) -> float:
    """The space a line leaves, shared by the gaps between its characters."""
    natural = sum(PITCH if not c.isascii() else latin for c in line)
    return (W - natural) / (len(line) - 1)


def test_long_word_breaks_inside_rather_than_stretch_the_line():
    # "思想，按照" and a 52-letter word that fits on the next line but not here: moved whole,
    # five characters would be spread over the whole line
    word = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2
    text = "思想，按照" + word + "的要求开展工作。"
    lines = brk_justified(text)
    assert "".join(lines) == text
    assert lines[0].startswith("思想，按照AB")
    assert all(_gap(line) < PITCH for line in lines[:-1])
    assert lines[0] == "思想，按照" + word[: len(lines[0]) - 5]
    assert len(lines[0]) - 5 == int((W - 5 * PITCH + 0.01) // 8.0)  # the line is full


def test_word_moves_whole_when_the_line_stays_tight():
    # LibreOffice keeps words whole; so does the native PDF while no gap reaches a character
    text = HAN[:26] + "Standardization" + HAN[:5]
    lines = brk_justified(text)
    assert lines[0] == HAN[:26]
    assert lines[1].startswith("Standardization")


def test_url_wider_than_a_line_starts_right_after_the_text():
    url = "https://www.szwz.gov.cn/szwz/zwgk/202004/" + "abcdefghijklmnopqrstuvwxyz0123456789"
    text = "网址为" + url + "，欢迎监督。"
    lines = brk_justified(text, latin=7.0)
    assert "".join(lines) == text
    assert lines[0].startswith("网址为https://")
    assert W - sum(PITCH if not c.isascii() else 7.0 for c in lines[0]) < 7.0  # filled


def test_word_broken_inside_keeps_kinsoku():
    # the cut would start the next line with ")": it moves back one letter
    room = W - 5 * PITCH
    fit = int((room + 0.01) // 8.0)
    word = "a" * fit + ")" + "b" * 60
    text = "思想，按照" + word + "。"
    lines = brk_justified(text)
    assert "".join(lines) == text
    assert all(line[0] not in P.no_line_start for line in lines[1:])
    assert lines[1].startswith("a)")


def test_without_max_gap_words_stay_whole():
    word = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2
    text = "思想，按照" + word
    widths = [PITCH if not c.isascii() else 8.0 for c in text]
    ranges = break_lines(text, widths, W, W, P.no_line_start, P.no_line_end)
    assert [text[a:b] for a, b in ranges] == ["思想，按照", word]


def test_justified_body_lines_never_gap_a_character():
    from bulletin_docs.pdf.lines import Piece, set_lines
    from bulletin_docs.pdf.render import load_fontset
    from bulletin_docs.pdf.typesetter import Typesetter

    ts = Typesetter(load_fontset(), P)
    text = (
        "会议强调，要深入学习贯彻习近平新时代中国特色社会主义思想，按照"
        + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2
        + "的要求开展工作，详见https://www.szwz.gov.cn/szwz/zwgk/202004/"
        + "abcdefghijklmnopqrstuvwxyz0123456789.shtml。"
    )
    lines = set_lines(
        [Piece(text, P.body_style)], ts, W, align="justify", first_indent=P.first_line_indent_pt
    )
    assert "".join(r.text for line in lines for r in line.runs) == text
    for line in lines[:-1]:
        for run in line.runs:
            assert run.char_space - P.grid_char_spacing_pt < P.body_size_pt / 2

"""Characters into their classes for layout: Han, Latin, spaces, kinsoku punctuation, em widths.

One meaning per name, for both renderers and the line breaker: "Latin" is an ASCII letter
or digit (where LibreOffice adds space next to Han); a "word" character is any ASCII
character but white space (LibreOffice sets a run of them as one Latin text portion, and
the line breaker keeps it whole).
"""

from __future__ import annotations

#: Characters that may not open a line (kinsoku): closing marks, commas, stops.
NO_LINE_START = "，。、；：？！）】」』》〉…—·’”,.;:?!)]}%"
#: Characters that may not end a line: opening brackets and quotes.
NO_LINE_END = "（【「『《〈‘“([{"


def is_han(ch: str) -> bool:
    """A Han ideograph: CJK Unified (with Extension A), Compatibility, and Extensions B and on."""
    c = ord(ch)
    return 0x3400 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF or 0x20000 <= c <= 0x3FFFF


def is_latin(ch: str) -> bool:
    """An ASCII letter or digit (LibreOffice puts autospace between it and Han)."""
    return ch.isascii() and ch.isalnum()


def is_word_char(ch: str) -> bool:
    """An ASCII character other than white space: part of a Latin word, number or portion."""
    return ch.isascii() and not ch.isspace()


def is_break_space(ch: str) -> bool:
    """The space a line may break after; it is not counted at a line's end (tabs become it)."""
    return ch == " "


def is_white(ch: str) -> bool:
    """Any white space, the ideographic space U+3000 included."""
    return ch.isspace()


def is_latin_slot(ch: str) -> bool:
    """A non-ASCII character before the CJK blocks (U+2E80): — “ ” ‘ ’ … · ℃ ‰ and the like.

    Word draws such a character in a run's Latin (hAnsi) face unless the run is hinted
    ``w:hint="eastAsia"`` ([MS-OI29500] 2.1.88).
    """
    return "\x80" <= ch < "\u2e80"


def is_full_width(ch: str) -> bool:
    """A character set one em wide in Chinese text: CJK blocks and on, and the Chinese marks
    — “ ” ‘ ’ … · (drawn in the Chinese face)."""
    return ord(ch) >= 0x2E80 or ch in "“”‘’—…·"


def em_width(text: str) -> float:
    """Width of a line of text in ems as the layout counts it: CJK and full-width 1, ASCII ½."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text) or 1.0

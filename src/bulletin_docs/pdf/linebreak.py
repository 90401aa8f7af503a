"""Characters and widths into line breaks: greedy CJK filling, kinsoku, Latin words whole
unless keeping one whole would leave a gap (then it breaks as Chinese text does)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..chars import is_break_space, is_latin, is_word_char

#: Widths are compared with this tolerance: n characters of pitch p fill n × p exactly.
EPS = 0.01


#: A run of word characters (``is_word_char``: every ASCII character but white space).
WORD_RUN = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(128) if is_word_char(chr(c))) + "]+"
)


def units(chars: Sequence[str]) -> list[tuple[int, int]]:
    """Unbreakable units: a run of word characters (a Latin word, a number), else one."""
    text = chars if isinstance(chars, str) else "".join(chars)
    out: list[tuple[int, int]] = []
    i = 0
    for match in WORD_RUN.finditer(text):
        start, end = match.span()
        out.extend(zip(range(i, start), range(i + 1, start + 1), strict=True))
        out.append((start, end))
        i = end
    out.extend(zip(range(i, len(text)), range(i + 1, len(text) + 1), strict=True))
    return out


def _split_long(
    unit: tuple[int, int], widths: Sequence[float], avail: float
) -> list[tuple[int, int]]:
    """A unit wider than a line, cut into pieces that fit (at least one character each)."""
    start, end = unit
    out: list[tuple[int, int]] = []
    s, w = start, 0.0
    for i in range(start, end):
        if i > s and w + widths[i] > avail + EPS:
            out.append((s, i))
            s, w = i, 0.0
        w += widths[i]
    out.append((s, end))
    return out


def break_lines(
    chars: Sequence[str],
    widths: Sequence[float],
    first_width: float,
    width: float,
    no_line_start: str,
    no_line_end: str,
    hanging: str = "",
    leads: Sequence[float] | None = None,
    max_gap: float | None = None,
) -> list[tuple[int, int]]:
    """Line ranges [start, end) over ``chars``; spaces at a break stay at the end of the line.

    A line takes whole units while they fit; a break that would start a line with a
    character of ``no_line_start`` or end one with a character of ``no_line_end`` moves
    back (the line is then justified wider), unless that character is one of ``hanging``:
    it then hangs past the line's end. Spaces at the end of a line do not count, nor
    ``leads[i]`` (space before character i, part of its width) when i opens a line.

    With ``max_gap`` (justified text), a Latin word or URL that does not fit is broken
    where the line is full, as Chinese text (Word's 允许西文在单词中间换行, ``w:wordWrap``
    off in the .docx): always when it is wider than a whole line, and when moving it
    whole would stretch the line with gaps of ``max_gap`` or more between its characters.
    Other words move whole, as LibreOffice breaks them.
    """
    us = units(chars)
    lines: list[tuple[int, int]] = []
    k = 0
    while k < len(us):
        avail = first_width if not lines else width
        w = -leads[us[k][0]] if leads else 0.0
        m, n, limit = k, len(us), avail + EPS
        while m < n:
            s, e = us[m]
            uw = widths[s] if e - s == 1 else sum(widths[s:e])
            if w + uw > limit and not is_break_space(chars[s]):
                break
            w += uw
            m += 1
        if m == n:
            lines.append((us[k][0], us[-1][1]))
            break
        cut = _cut_word(
            chars, widths, us, k, m, avail - w, width, max_gap, no_line_start, no_line_end
        )
        if cut:
            s, e = us[m]
            us[m : m + 1] = [(s, cut), (cut, e)]
            lines.append((us[k][0], cut))
            k = m + 1
            continue
        if m == k:  # a single unit wider than the line
            us[k : k + 1] = _split_long(us[k], widths, avail)
            m = k + 1
        elif _hangs(chars, us, k, m, hanging) and (
            m + 1 == len(us) or not _forbidden(chars, us, m + 1, no_line_start, no_line_end)
        ):
            m += 1
        else:
            b = m
            while b > k + 1 and _forbidden(chars, us, b, no_line_start, no_line_end):
                b -= 1
            if _forbidden(chars, us, b, no_line_start, no_line_end):
                b = m  # nothing better: break where the line is full
            m = b
        lines.append((us[k][0], us[m - 1][1]))
        k = m
    return lines


def _cut_word(
    chars: Sequence[str],
    widths: Sequence[float],
    us: Sequence[tuple[int, int]],
    k: int,
    m: int,
    room: float,
    width: float,
    max_gap: float | None,
    no_start: str,
    no_end: str,
) -> int:
    """Where to break inside unit ``m``, the word that did not fit on the line starting at
    unit ``k`` with ``room`` left; 0: move it whole (see ``break_lines``)."""
    s, e = us[m]
    if max_gap is None or m == k or e - s < 2:
        return 0
    if sum(widths[s:e]) <= width + EPS:  # it fits on a line: moved whole unless that leaves a gap
        start = us[k][0]
        end = visible_end(chars, start, s)
        gaps = end - start - 1
        if gaps > 0 and (room + sum(widths[end:s])) / gaps < max_gap:
            return 0
    cut, used = s, 0.0
    while used + widths[cut] <= room + EPS:
        used += widths[cut]
        cut += 1
    while cut > s and (chars[cut] in no_start or chars[cut - 1] in no_end):
        cut -= 1
    return cut


def _hangs(
    chars: Sequence[str], us: Sequence[tuple[int, int]], k: int, m: int, hanging: str
) -> bool:
    """Whether unit ``m`` may hang at the end of the line that starts at unit ``k``.

    As LibreOffice does it: a single mark, on a line without Latin letters or digits
    (a line that changes script breaks by text portions, where LibreOffice does not hang).
    """
    s, e = us[m]
    if e - s != 1 or chars[s] not in hanging:
        return False
    return not any(is_latin(c) for c in chars[us[k][0] : s])


def _forbidden(
    chars: Sequence[str], us: Sequence[tuple[int, int]], b: int, no_start: str, no_end: str
) -> bool:
    """Whether a break before unit ``b`` breaks a kinsoku rule."""
    return chars[us[b][0]] in no_start or chars[us[b - 1][1] - 1] in no_end


def visible_end(chars: Sequence[str], start: int, end: int) -> int:
    """``end`` without the spaces that trail the line."""
    while end > start and is_break_space(chars[end - 1]):
        end -= 1
    return end

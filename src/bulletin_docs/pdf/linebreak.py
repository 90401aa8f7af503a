"""Characters and widths into line breaks: greedy CJK filling, kinsoku, Latin words whole."""

from __future__ import annotations

from collections.abc import Sequence

from ..chars import is_break_space, is_latin, is_word_char

#: Widths are compared with this tolerance: n characters of pitch p fill n × p exactly.
EPS = 0.01


def units(chars: Sequence[str]) -> list[tuple[int, int]]:
    """Unbreakable units: a run of word characters (a Latin word, a number), else one."""
    out: list[tuple[int, int]] = []
    word = [is_word_char(ch) for ch in chars]
    i, n = 0, len(chars)
    while i < n:
        j = i + 1
        if word[i]:
            while j < n and word[j]:
                j += 1
        out.append((i, j))
        i = j
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
) -> list[tuple[int, int]]:
    """Line ranges [start, end) over ``chars``; spaces at a break stay at the end of the line.

    A line takes whole units while they fit; a break that would start a line with a
    character of ``no_line_start`` or end one with a character of ``no_line_end`` moves
    back (the line is then justified wider), unless that character is one of ``hanging``:
    it then hangs past the line's end. Spaces at the end of a line do not count, nor
    ``leads[i]`` (space before character i, part of its width) when i opens a line.
    """
    us = units(chars)
    lines: list[tuple[int, int]] = []
    k = 0
    while k < len(us):
        avail = first_width if not lines else width
        w = -leads[us[k][0]] if leads else 0.0
        m = k
        while m < len(us):
            s, e = us[m]
            uw = widths[s] if e - s == 1 else sum(widths[s:e])
            if not is_break_space(chars[s]) and w + uw > avail + EPS:
                break
            w += uw
            m += 1
        if m == len(us):
            lines.append((us[k][0], us[-1][1]))
            break
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

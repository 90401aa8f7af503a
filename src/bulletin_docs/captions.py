"""A photo caption and its column into its printed lines: no last line of one or two characters.

A caption that would wrap with one or two characters alone on its last line ("…座谈" /
"调研") is split into lines of even length instead. The split is made here, in ems, and both
renderers print the lines as given (the .docx with line breaks), so they break alike.
"""

from __future__ import annotations

import math

from .chars import em_width

#: A last line this short (in characters) is a widow.
WIDOW_CHARS = 2


def _greedy(text: str, room: float) -> list[str]:
    lines = [""]
    for ch in text:
        if lines[-1] and em_width(lines[-1] + ch) > room + 1e-6:
            lines.append("")
        lines[-1] += ch
    return lines


def caption_lines(caption: str, width_pt: float, size_pt: float) -> tuple[str, ...]:
    """The caption as one line, or as its balanced lines when it would leave a widow."""
    room = width_pt / size_pt
    lines = _greedy(caption, room)
    if len(lines) < 2 or len(lines[-1].strip()) > WIDOW_CHARS:
        return (caption,)
    even = math.ceil(em_width(caption) / len(lines))
    for narrower in range(even, math.floor(room) + 1):
        balanced = _greedy(caption, float(narrower))
        if len(balanced) == len(lines) and len(balanced[-1].strip()) > WIDOW_CHARS:
            return tuple(balanced)
    return (caption,)

"""A body paragraph into a structure heading (一、 （一） 1. （1）) when it begins with an ordinal.

GB/T 9704-2012 §7.3.3. What only looks like an ordinal stays a paragraph: a decimal
(``1.5亿元``), a list of numerals (``一、二级医院``, ``一、二、三等奖``), numbers past 99,
and a paragraph the clerk opts out by typing a backslash first (``\\一、……``).
"""

from __future__ import annotations

import re

from ..model import Heading, Paragraph, Span

_CN = r"(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_AR = r"(?:[1-9][0-9]?|[１-９][０-９]?)"
#: Level → the ordinal at a paragraph's start (brackets and dots full- or half-width).
_ORDINALS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"{_CN}、")),
    (2, re.compile(rf"[（(]{_CN}[）)]")),
    (3, re.compile(rf"{_AR}[.．](?![0-9０-９])")),
    (4, re.compile(rf"[（(]{_AR}[）)]")),
)
#: After "一、": another numeral that lists on (一、二级 / 一、二、三等奖 / 一、三季度).
_LISTED = re.compile(rf"{_CN}(?:、|级|类|等|档|季度|期|批|星|线|轮|号|产|次|名|届|年级)")
#: Where a run-in heading ends: its first sentence end or colon.
_HEAD_END = re.compile(r"[。！？：]")
#: The clerk's opt-out: a backslash before the ordinal.
OPT_OUT = "\\"


def heading_level(text: str) -> tuple[int, int] | None:
    """(level, length of the ordinal) when ``text`` begins with a structure ordinal."""
    for level, pattern in _ORDINALS:
        m = pattern.match(text)
        if m is None:
            continue
        if level == 1 and _LISTED.match(text, m.end()):
            return None
        if m.end() == len(text):  # an ordinal with nothing after it is no heading
            return None
        return level, m.end()
    return None


def split_spans(spans: tuple[Span, ...], at: int) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """The spans before and after character ``at`` of their joined text."""
    head: list[Span] = []
    rest: list[Span] = []
    pos = 0
    for s in spans:
        end = pos + len(s.text)
        if end <= at:
            head.append(s)
        elif pos >= at:
            rest.append(s)
        else:
            head.append(Span(s.text[: at - pos], s.bold))
            rest.append(Span(s.text[at - pos :], s.bold))
        pos = end
    return tuple(head), tuple(rest)


def as_heading(para: Paragraph) -> Paragraph | Heading:
    """The paragraph as a heading when it begins with an ordinal; the opt-out removed."""
    text = para.text
    if text.startswith(OPT_OUT) and heading_level(text[1:]) is not None:
        return Paragraph(split_spans(para.spans, 1)[1])
    found = heading_level(text)
    if found is None:
        return para
    level, start = found
    end = _HEAD_END.search(text, start)
    if end is None or end.end() == len(text):
        return Heading(level, para.spans)
    head, rest = split_spans(para.spans, end.end())
    return Heading(level, head, rest)

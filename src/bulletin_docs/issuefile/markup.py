"""Body text as the clerk types it into paragraphs of spans: blank lines, joined lines, **bold**."""

from __future__ import annotations

import re

from ..chars import is_latin
from ..model import Paragraph, Span

_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def _joins_with_space(left: str, right: str) -> bool:
    """Wrapped Latin words keep a space between them; CJK text joins directly."""
    return is_latin(left) and is_latin(right)


def join_lines(block: str) -> str:
    """Join the lines of one paragraph: a single newline is not a break."""
    out = ""
    for line in block.split("\n"):
        line = line.strip(" \t\u3000\r")
        if not line:
            continue
        if out and _joins_with_space(out[-1], line[0]):
            out += " "
        out += line
    return out


def parse_spans(text: str) -> tuple[Span, ...]:
    """Split ``**bold**`` spans out of a paragraph; an unmatched ``**`` stays literal."""
    spans: list[Span] = []
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            spans.append(Span(text[pos : m.start()]))
        spans.append(Span(m.group(1), bold=True))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(text[pos:]))
    return tuple(spans)


def parse_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs separated by blank lines, each with its lines joined and bold spans split."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in _BLANK_LINE.split(text):
        joined = join_lines(block)
        if joined:
            paragraphs.append(Paragraph(parse_spans(joined)))
    return tuple(paragraphs)


def strip_lead(paragraphs: tuple[Paragraph, ...], lead: str) -> tuple[Paragraph, ...]:
    """The paragraphs without ``lead`` (编者按：, 按：) typed again at their start.

    The renderers print the lead themselves; the clerk's own copy (with a
    full-width or half-width colon, bold or not) would print it twice.
    """
    if not paragraphs:
        return paragraphs
    name = re.escape(lead.rstrip("：:"))
    typed = re.compile(rf"[ \t\u3000]*{name}[ \t\u3000]*[：:][ \t\u3000]*")
    spans = paragraphs[0].spans
    found = typed.match(spans[0].text) if spans else None
    if found is None:
        return paragraphs
    rest = spans[0].text[found.end() :]
    kept = ((Span(rest, spans[0].bold),) if rest else ()) + spans[1:]
    if not kept:  # the lead stood alone in its paragraph
        return paragraphs[1:]
    return (Paragraph(kept), *paragraphs[1:])

"""Paginated pages into finished pages: each page's number ("— N —") drawn under its type area."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..layout import mm_to_pt
from .items import Item, Page, moved
from .lines import Piece, set_lines
from .typesetter import Typesetter


def number_pages(pages: Sequence[Page], ts: Typesetter) -> list[Page]:
    """``pages`` with their page numbers added after their content."""
    return [replace(page, items=page.items + page_number(page.number, ts)) for page in pages]


def page_number(n: int, ts: Typesetter) -> tuple[Item, ...]:
    """The page number ("— N —"): odd pages right, even pages left, one character in.

    Its spaces are the .docx's Latin font's (page_number_space_em), not the CJK face's
    half-width ones.
    """
    p = ts.profile
    style = p.page_number_style
    words = p.page_number_text(n).split(" ")
    space = p.page_number_space_em * style.size_pt
    inset = p.page_number_indent_chars * style.size_pt
    width = p.type_width_pt
    lines = [set_lines([Piece(word, style)], ts, width * 2, align="left")[0] for word in words]
    w = sum(line.width for line in lines) + space * (len(words) - 1)
    x = mm_to_pt(p.margin_left_mm) + (width - inset - w if n % 2 else inset)
    em_top = mm_to_pt(p.margin_top_mm) + p.type_height_pt + mm_to_pt(p.page_number_gap_mm)
    baseline = em_top + p.em_ascent * style.size_pt
    out: list[Item] = []
    for i, line in enumerate(lines):
        if i:  # the space is drawn too (the text reads "— 1 —") but advances only ``space``
            out.append(replace(line.runs[0], x=x - space, y=baseline, text=" "))
        out.extend(moved(r, x, baseline) for r in line.runs)
        x += line.width + space
    return tuple(out)

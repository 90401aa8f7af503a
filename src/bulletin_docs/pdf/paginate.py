"""Slices into pages: filled top down, headings kept with what follows, the 报尾 pinned."""

from __future__ import annotations

from collections.abc import Sequence

from ..layout import LayoutProfile, mm_to_pt
from .items import Item, Page, moved
from .slices import Slice

EPS = 0.01


def _chain_height(slices: Sequence[Slice], i: int) -> float:
    """Height of slice ``i`` and the slices it keeps with (through the first not keeping on)."""
    h = slices[i].height
    j = i
    while slices[j].keep_next and j + 1 < len(slices):
        j += 1
        h += slices[j].space_before + slices[j].height
    return h


def paginate(body: Sequence[Slice], footer: Slice, profile: LayoutProfile) -> list[Page]:
    """Pages in page coordinates; the 报尾's bottom on the last page's type-area bottom.

    Content only: the page numbers are a later step (decorate.py).
    """
    p = profile
    height = p.type_height_pt
    left = mm_to_pt(p.margin_left_mm)
    top = mm_to_pt(p.margin_top_mm)
    pages: list[list[Item]] = [[]]
    y = 0.0
    for i, s in enumerate(body):
        need = s.space_before + (_chain_height(body, i) if s.keep_next else s.height)
        if y > 0 and y + need > height + EPS:
            pages.append([])
            y = 0.0
        if y > 0:  # no blank line above what opens a page (as LibreOffice lays out the .docx)
            y += s.space_before
        pages[-1].extend(moved(it, left, top + y) for it in s.items)
        y += s.height
    if y > 0 and y + footer.height > height + EPS:
        pages.append([])
    foot_top = top + height - footer.height
    pages[-1].extend(moved(it, left, foot_top) for it in footer.items)
    return [Page(n, tuple(items)) for n, items in enumerate(pages, start=1)]


"""Slices into pages: filled top down, headings kept with what follows, 报尾 pinned, numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..layout import LayoutProfile, mm_to_pt
from .fontset import FontSet
from .items import Item, Page, moved
from .lines import Piece, set_lines, text_width
from .slices import Slice

EPS = 0.01


def _chain_height(slices: Sequence[Slice], i: int) -> float:
    """Height of slice ``i`` and the slices it keeps with (through the first not keeping on)."""
    h = slices[i].height
    j = i
    while slices[j].keep_next and j + 1 < len(slices):
        j += 1
        h += slices[j].space_before + slices[j].height
    group = slices[j].group
    while j > i and group and j + 1 < len(slices) and slices[j + 1].group == group:
        j += 1
        h += slices[j].space_before + slices[j].height
    return h


def paginate(
    body: Sequence[Slice], footer: Slice, fonts: FontSet, profile: LayoutProfile
) -> list[Page]:
    """Pages in page coordinates; the 报尾's bottom on the last page's type-area bottom."""
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
    return [
        Page(n, tuple(items) + _page_number(n, fonts, p)) for n, items in enumerate(pages, start=1)
    ]


def _page_number(n: int, fonts: FontSet, profile: LayoutProfile) -> tuple[Item, ...]:
    """The page number ("— N —"): odd pages right, even pages left, one character in.

    Its spaces are the .docx's Latin font's (page_number_space_em), not the CJK face's
    half-width ones.
    """
    p = profile
    style = p.page_number_style
    words = p.page_number_text(n).split(" ")
    space = p.page_number_space_em * style.size_pt
    inset = p.page_number_indent_chars * style.size_pt
    width = p.type_width_pt
    widths = [text_width([Piece(word, style)], fonts, p) for word in words]
    w = sum(widths) + space * (len(words) - 1)
    x = mm_to_pt(p.margin_left_mm) + (width - inset - w if n % 2 else inset)
    em_top = mm_to_pt(p.margin_top_mm) + p.type_height_pt + mm_to_pt(p.page_number_gap_mm)
    baseline = em_top + p.em_ascent * style.size_pt
    out: list[Item] = []
    for i, (word, ww) in enumerate(zip(words, widths, strict=True)):
        (line,) = set_lines([Piece(word, style)], fonts, p, width * 2, align="left")
        if i:  # the space is drawn too (the text reads "— 1 —") but advances only ``space``
            out.append(replace(line[0], x=x - space, y=baseline, text=" "))
        out.extend(moved(r, x, baseline) for r in line)
        x += ww + space
    return tuple(out)

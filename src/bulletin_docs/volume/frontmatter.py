"""The volume's own pages laid out with the PDF engine: cover, 目录 and 投稿单位索引."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..layout import TextStyle, mm_to_pt
from ..pdf.decorate import number_pages
from ..pdf.items import Item, Page, Rule, moved
from ..pdf.lines import Piece, set_lines
from ..pdf.paginate import paginate
from ..pdf.slices import Slice, baseline_in, line_slices, place_line
from ..pdf.typesetter import Typesetter

#: The headings of the volume's own sections.
CONTENTS_HEADING = "目　录"
INDEX_HEADING = "投稿单位索引"
#: Characters of room kept at the right of a 目录 or index line for its page number.
NUMBER_COLUMN_CHARS = 3


@dataclass(frozen=True)
class Entry:
    """One line of the 目录 or the index: its pieces, indent in characters, and page (or None).

    ``gap``: a blank grid line above it (an issue's first line in the 目录)."""

    pieces: tuple[Piece, ...]
    indent: int = 0
    page: int | None = None
    gap: bool = False


def cover_page(title: str, years: str, numbers: str, issuer: str, ts: Typesetter) -> Page:
    """The cover: the bulletin's title in red over a red rule, the year, the issues, the issuer.

    Page 1 of the volume; it carries no page number.
    """
    p = ts.profile
    width = p.type_width_pt
    left = mm_to_pt(p.margin_left_mm)
    top = mm_to_pt(p.margin_top_mm)
    size = p.title_size_pt_for(title)
    items: list[Item] = []

    def centred(text: str, style: TextStyle, baseline: float) -> float:
        lines = set_lines([Piece(text, style)], ts, width, align="center")
        for k, line in enumerate(lines):
            items.extend(place_line(line, top + baseline + k * style.size_pt * 1.5, left))
        return baseline + (len(lines) - 1) * style.size_pt * 1.5

    height = p.type_height_pt
    base = centred(title, replace(p.title_style, size_pt=size), height * 0.22)
    rule_y = top + base + mm_to_pt(p.rule_gap_mm) + p.rule_thickness_pt / 2
    items.append(Rule(left, left + width, rule_y, p.rule_thickness_pt, p.red))
    centred(f"{years}合订本", p.article_title_style, height * 0.22 + 3 * p.line_pitch_pt)
    if numbers:
        centred(numbers, p.issue_line_style, height * 0.22 + 5 * p.line_pitch_pt)
    centred(issuer, p.issuer_line_style, height * 0.85)
    return Page(1, tuple(items))


def _entry_slices(entry: Entry, ts: Typesetter) -> list[Slice]:
    """An entry's lines, its page number right-aligned on the last of them."""
    p = ts.profile
    pitch = p.char_pitch_pt
    column = NUMBER_COLUMN_CHARS * pitch
    indent = entry.indent * pitch
    lines = set_lines(
        list(entry.pieces),
        ts,
        p.type_width_pt - column,
        align="left",
        first_indent=indent,
        indent=indent + (2 * pitch if entry.page is not None else 0.0),
    )
    slices = line_slices(lines, p, space_before=p.line_pitch_pt if entry.gap else 0.0)
    if entry.page is None or not slices:
        return slices
    style = entry.pieces[0].style
    number = set_lines([Piece(str(entry.page), style)], ts, column, align="right")[0]
    base = baseline_in(p.line_pitch_pt, p)
    last = slices[-1]
    extra = tuple(moved(r, p.type_width_pt - column, base) for r in number.runs)
    slices[-1] = replace(last, items=last.items + extra)
    return slices


def listing_pages(
    heading: str, entries: Sequence[Entry], ts: Typesetter, first_page: int
) -> list[Page]:
    """A heading and its entries paginated like an issue's flow, numbered from ``first_page``.

    How many pages this takes does not depend on the page numbers in ``entries``.
    """
    p = ts.profile
    body = line_slices(
        set_lines([Piece(heading, p.article_title_style)], ts, p.type_width_pt, align="center"),
        p,
        keep_next=True,
    )
    body.append(Slice(p.line_pitch_pt, ()))
    for entry in entries:
        body += _entry_slices(entry, ts)
    pages = paginate(body, Slice(0.0, ()), p)
    pages = [replace(page, number=page.number + first_page - 1) for page in pages]
    return number_pages(pages, ts)

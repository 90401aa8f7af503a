"""A body table into slices: title line, one slice per row (the header repeated on new pages), note.

Rows take whole grid lines (tables.py), so the body after a table goes on on the page's
line grid. The rules are Rules: horizontal ones along each row's top and bottom, vertical
ones as Rules one rule wide and one row high (a filled bar draws the same line).
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Table
from ..tables import TableGeometry, table_geometry
from .items import Item, Rule
from .lines import Align, Piece, set_lines
from .slices import Slice, line_slices, place_line
from .typesetter import Typesetter


def _row(
    cells: tuple[str, ...],
    lines: int,
    geo: TableGeometry,
    ts: Typesetter,
    *,
    header: bool,
) -> Slice:
    p = ts.profile
    height = lines * p.line_pitch_pt
    pad = p.table_cell_padding_pt
    size = geo.size_pt
    lead = size * p.table_line_share
    style = p.table_cell_style(size)
    items: list[Item] = []
    x = 0.0
    rule, color = p.table_rule_pt, "000000"
    for k, (text, width) in enumerate(zip(cells, geo.widths_pt, strict=True)):
        align: Align = "center" if header else ("right" if geo.figures[k] else "left")
        set_ = set_lines([Piece(text, style, header)], ts, width - 2 * pad, align=align)
        top = (height - len(set_) * lead) / 2
        for i, line in enumerate(set_):
            base = top + i * lead + (lead - size) / 2 + size * p.em_ascent
            items.extend(place_line(line, base, x + pad))
        items.append(Rule(x - rule / 2, x + rule / 2, height / 2, height, color))
        x += width
    items.append(Rule(x - rule / 2, x + rule / 2, height / 2, height, color))
    items.append(Rule(0.0, x, 0.0, rule, color))
    items.append(Rule(0.0, x, height, rule, color))
    return Slice(height, tuple(items))


def table_slices(table: Table, ts: Typesetter) -> list[Slice]:
    """The table's title (kept with the header), rows, and note, in flow order."""
    p = ts.profile
    geo = table_geometry(table, p)
    out: list[Slice] = []
    if table.title:
        title = set_lines(
            [Piece(table.title, p.table_title_style)], ts, p.type_width_pt, align="center"
        )
        out += line_slices(title, p, keep_next=True)
    head = _row(table.header, geo.row_lines[0], geo, ts, header=True)
    out.append(replace(head, keep_next=bool(table.rows)))
    for row, grid_lines in zip(table.rows, geo.row_lines[1:], strict=True):
        out.append(replace(_row(row, grid_lines, geo, ts, header=False), repeat=head))
    if table.note:
        lines = set_lines(
            [Piece(table.note, p.table_note_style)], ts, p.type_width_pt, align="left"
        )
        out += line_slices(lines, p)
    return out

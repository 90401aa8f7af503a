"""The 报尾 into one block: 14 pt rows hanging after the colon, rules, （共印N份） right."""

from __future__ import annotations

from ..copies import copies_fit
from ..layout import mm_to_pt
from ..model import Bulletin
from .items import Item, Rule
from .lines import Piece, set_lines, text_width
from .slices import Slice, baseline_in, place_line
from .typesetter import Typesetter


def footer_slice(bulletin: Bulletin, ts: Typesetter) -> Slice:
    """The whole 报尾: its bottom rule lies on the slice's bottom edge."""
    p = ts.profile
    style = p.footer_style
    width = p.type_width_pt
    side = p.footer_indent_chars * style.size_pt
    row_h = p.footer_row_height_pt
    base = baseline_in(row_h, p)
    outer = mm_to_pt(p.footer_rule_outer_mm)
    inner = mm_to_pt(p.footer_rule_inner_mm)
    black = p.black
    rows = bulletin.distribution
    # rules above, between and below the rows; each row's lines sit between its rules
    # (as LibreOffice lays out the .docx's table: a border adds half its width to each row)
    rules = [outer, *([inner] * (len(rows) - 1)), outer]
    items: list[Item] = [Rule(0.0, width, rules[0] / 2, rules[0], black)]
    y = rules[0]
    copies = bulletin.copies_text
    for i, row in enumerate(rows):
        hang = text_width([Piece(f"{row.label}：", style)], ts)
        lines = set_lines(
            [Piece(row.text, style)],
            ts,
            width,
            align="left",
            first_indent=side,
            indent=side + hang,
            right_indent=side,
        )
        for line in lines:
            items.extend(place_line(line, y + base))
            y += row_h
        if i == len(rows) - 1 and copies:
            (copy_line,) = set_lines(
                [Piece(copies, style)], ts, width, align="right", right_indent=side
            )
            if lines and copies_fit(lines[-1].end, copy_line.width, width - side, style.size_pt):
                y -= row_h  # room on the last line
            items.extend(place_line(copy_line, y + base))
            y += row_h
        below = rules[i + 1]
        items.append(Rule(0.0, width, y + below / 2, below, black))
        y += below
    return Slice(y, tuple(items))

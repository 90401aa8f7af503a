"""A body table and the layout profile into its geometry: cell size, column widths, row heights.

Both renderers use these numbers as they are (widths in whole twips, rows in whole grid
lines), so the .docx and the native PDF draw the same table and break pages at the same rows.
Widths come from the text in ems (chars.em_width), not from a font's metrics: validation
refuses a table too wide for the page before any font is loaded.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .chars import em_width, is_word_char
from .layout import TWIPS_PER_PT, LayoutProfile, mm_to_twips
from .model import Table

#: A cell of figures: 1,234 / -5.6 / 12.5% / ６．８ (full-width digits too).
_FIGURE = re.compile(r"^[-+−]?[\d０-９][\d０-９,，.．]*[%％‰]?$")


@dataclass(frozen=True)
class TableGeometry:
    """Cell size, column widths (twips), figure columns, and each row's grid lines."""

    size_pt: float
    widths_twips: tuple[int, ...]
    figures: tuple[bool, ...]
    #: Grid lines of the header row, then of each body row.
    row_lines: tuple[int, ...]

    @property
    def widths_pt(self) -> tuple[float, ...]:
        return tuple(w / TWIPS_PER_PT for w in self.widths_twips)


class TableTooWide(ValueError):
    """The table's columns do not fit the type width even at the smallest cell size."""


def is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text.strip()))


def figure_columns(table: Table) -> tuple[bool, ...]:
    """Columns whose body cells are all figures (empty and — cells aside): set flush right."""
    out = []
    for k in range(len(table.header)):
        cells = [r[k].strip() for r in table.rows if r[k].strip() not in ("", "-", "—", "／", "/")]
        out.append(bool(cells) and all(is_figure(c) for c in cells))
    return tuple(out)


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: runs of Latin letters and figures, and single other characters."""
    out: list[str] = []
    word = ""
    for ch in text:
        if is_word_char(ch) or ch in ".,%-":
            word += ch
            continue
        if word:
            out.append(word)
            word = ""
        out.append(ch)
    if word:
        out.append(word)
    return out


def _min_ems(text: str, min_chars: int) -> float:
    longest = max((em_width(t) for t in _tokens(text)), default=0.0)
    return max(longest, min(em_width(text), float(min_chars)))


def cell_lines(text: str, width_pt: float, size_pt: float) -> int:
    """Lines a cell's text takes at ``width_pt`` (greedy, by unbreakable pieces)."""
    room = width_pt / size_pt
    lines, used = 1, 0.0
    for tok in _tokens(text):
        w = em_width(tok)
        if used and used + w > room + 1e-6:
            lines += 1
            used = 0.0
        used += w
    return lines


def row_height_lines(lines: int, size_pt: float, profile: LayoutProfile) -> int:
    """Grid lines a row of ``lines`` cell lines takes (its text plus padding, rounded up)."""
    need = lines * size_pt * profile.table_line_share + 2 * profile.table_cell_padding_pt
    return max(1, math.ceil(need / profile.line_pitch_pt - 1e-6))


def _widths(table: Table, size: float, profile: LayoutProfile) -> list[float] | None:
    pad = 2 * profile.table_cell_padding_pt
    rows = (table.header, *table.rows)
    n = len(table.header)
    natural = [max(em_width(r[k]) for r in rows) * size + pad for k in range(n)]
    least = [
        max(_min_ems(r[k], profile.table_min_cell_chars) for r in rows) * size + pad
        for k in range(n)
    ]
    room = profile.type_width_pt
    if sum(natural) <= room:
        extra = room - sum(natural)
        return [w + extra * w / sum(natural) for w in natural]
    if sum(least) > room:
        return None
    slack = [a - b for a, b in zip(natural, least, strict=True)]
    extra = room - sum(least)
    return [b + extra * s / sum(slack) for b, s in zip(least, slack, strict=True)]


def table_geometry(table: Table, profile: LayoutProfile) -> TableGeometry:
    """The largest cell size whose columns fit the type width; :class:`TableTooWide` if none."""
    total = mm_to_twips(profile.type_width_mm)
    for size in profile.table_cell_sizes_pt:
        widths = _widths(table, size, profile)
        if widths is None:
            continue
        twips = [math.floor(w * TWIPS_PER_PT) for w in widths]
        twips[-1] += total - sum(twips)
        inner = [t / TWIPS_PER_PT - 2 * profile.table_cell_padding_pt for t in twips]
        row_lines = tuple(
            row_height_lines(
                max(cell_lines(c, w, size) for c, w in zip(row, inner, strict=True)),
                size,
                profile,
            )
            for row in (table.header, *table.rows)
        )
        return TableGeometry(size, tuple(twips), figure_columns(table), row_lines)
    raise TableTooWide(
        f"表格太宽：{len(table.header)} 列在 {profile.table_cell_sizes_pt[-1]:g} 磅字号下"
        "仍排不进版心；请减少列数或缩短单元格里不能断开的数字和英文"
    )

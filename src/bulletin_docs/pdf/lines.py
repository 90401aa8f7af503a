"""Styled text into set lines: characters measured, lines broken, runs aligned or justified."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import Literal

from ..chars import is_han, is_latin, is_white
from ..issuefile.placeholders import placeholder_mask
from ..layout import TWIPS_PER_PT, LayoutProfile, TextStyle
from .fontset import Face
from .items import GlyphRun
from .linebreak import WORD_RUN, break_lines, visible_end
from .typesetter import Typesetter

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Piece:
    """A stretch of text in one style; ``bold`` for ``**bold**`` spans."""

    text: str
    style: TextStyle
    bold: bool = False


@dataclass(frozen=True)
class Line:
    """A set line: its runs (x from the box's left, y = 0: the caller places the baseline),
    the natural width of its glyphs (justification not counted) and where its last one ends."""

    runs: tuple[GlyphRun, ...]
    width: float
    end: float


#: A run of Latin letters and digits (``is_latin``), found at once.
LATIN_RUN = re.compile("[" + "".join(chr(c) for c in range(128) if is_latin(chr(c))) + "]+")

#: A line with nothing on it (a grid line kept empty).
EMPTY_LINE = Line((), 0.0, 0.0)


class _Cells:
    """A paragraph's characters as set, one list entry per character: its face, the index
    of its (style, bold) in ``styles``, the width it takes (lead + advance + spacing) and
    its lead (autospace before it: a Han/Latin boundary on its left). ``space``: the
    character spacing after every glyph."""

    __slots__ = ("chars", "faces", "keys", "leads", "space", "styles", "widths")

    def __init__(self, space: float) -> None:
        self.chars: list[str] = []
        self.faces: list[Face] = []
        self.keys: list[int] = []
        self.widths: list[float] = []
        self.leads: list[float] = []
        self.styles: list[tuple[TextStyle, bool]] = []
        self.space = space


def _marked(pieces: Sequence[Piece], color: str) -> list[Piece]:
    """The pieces cut where a 【请填写……】 placeholder begins and ends, its parts in ``color``."""
    mask = placeholder_mask("".join(p.text for p in pieces))
    if not any(mask):
        return list(pieces)
    out: list[Piece] = []
    k = 0
    for piece in pieces:
        colored = replace(piece.style, color=color)
        start = 0
        for i in range(1, len(piece.text) + 1):
            if i == len(piece.text) or mask[k + i] != mask[k + i - 1]:
                style = colored if mask[k + start] else piece.style
                out.append(Piece(piece.text[start:i], style, piece.bold))
                start = i
        k += len(piece.text)
    return out


def _cells(pieces: Sequence[Piece], ts: Typesetter) -> _Cells:
    fonts, profile = ts.fonts, ts.profile
    if ts.placeholder_color is not None:
        pieces = _marked(pieces, ts.placeholder_color)
    # the grid spacing after every character, at every size (the .docx's runs all inherit it)
    space = profile.grid_char_spacing_pt
    cells = _Cells(space)
    index: dict[tuple[TextStyle, bool], int] = {}  # equal styles share one index
    for piece in pieces:
        style = piece.style
        key = index.get((style, piece.bold))
        if key is None:
            key = index[(style, piece.bold)] = len(cells.styles)
            cells.styles.append((style, piece.bold))
        text = piece.text.replace("\t", " ")
        table = fonts.glyph_table(style.role, style.size_pt)
        hits = list(map(table.get, text))
        if None in hits:  # measured now (and kept in the table for the next ones)
            for i, ch in enumerate(text):
                if hits[i] is None:
                    hits[i] = table.get(ch) or fonts.glyph(style.role, style.size_pt, ch)
        cells.chars.extend(text)
        cells.faces.extend(map(itemgetter(0), hits))  # type: ignore[arg-type]
        cells.widths.extend([hit[1] + space for hit in hits])  # type: ignore[index]
        cells.keys.extend([key] * len(text))
    cells.leads = [0.0] * len(cells.chars)
    _autospace(cells, profile.libreoffice.latin_autospace_em)
    return cells


def _autospace(cells: _Cells, em: float) -> None:
    """Space between Han characters and Latin letters or digits (``em`` of the size, as
    LibreOffice adds it)."""
    if not em:
        return
    chars = cells.chars
    n = len(chars)
    for match in LATIN_RUN.finditer("".join(chars)):
        start, end = match.span()
        # the space belongs to the character after the boundary: a line that breaks there
        # neither ends nor starts with it (as LibreOffice measures it)
        for i in (start, end):
            if 0 < i < n and is_han(chars[i - 1] if i == start else chars[i]):
                lead = em * cells.styles[cells.keys[i]][0].size_pt
                cells.widths[i] = cells.widths[i] + lead
                cells.leads[i] = lead


def _break_widths(cells: _Cells, profile: LayoutProfile) -> tuple[list[float], list[float], float]:
    """Widths, leads and the allowance the body's lines are broken with: LibreOffice's.

    Its run spacing is the .docx's (whole twips, −0.2 pt, not the PDF's −0.25 pt); it does
    not count the last character's spacing and its 3号 paragraphs reach word_overhang_twips
    past the type area; where a Latin run meets punctuation it ends a text portion and the
    character before goes without spacing (latin_portion_end_pt, a lead of the character
    after: nothing at a break). Only the widths of the breaks change; lines are drawn as
    before, justified to the type area (LibreOffice's spacing is the looser, so they fit).
    """
    word = profile.word_char_spacing_twips / TWIPS_PER_PT
    end_pt = profile.libreoffice.latin_portion_end_pt
    space = cells.space
    chars, own = cells.chars, cells.leads
    widths = [w - space + word - lead + lead for w, lead in zip(cells.widths, own, strict=True)]
    leads = list(own)
    n = len(chars)
    for match in WORD_RUN.finditer("".join(chars)):  # where a Latin text portion begins or ends
        for i in match.span():
            if 0 < i < n and own[i] == 0.0:
                a, b = chars[i - 1], chars[i]
                if not is_white(a) and not is_white(b) and not (is_han(a) or is_han(b)):
                    widths[i] = cells.widths[i] - space + word - own[i] + end_pt
                    leads[i] = end_pt
    allowance = profile.word_overhang_twips / TWIPS_PER_PT + word
    return widths, leads, allowance


def text_width(pieces: Sequence[Piece], ts: Typesetter) -> float:
    """Natural width of the pieces on one line (n characters of the body take n × pitch)."""
    return sum(_cells(pieces, ts).widths)


def set_lines(
    pieces: Sequence[Piece],
    ts: Typesetter,
    width: float,
    *,
    align: Align = "justify",
    first_indent: float = 0.0,
    indent: float = 0.0,
    right_indent: float = 0.0,
) -> list[Line]:
    """The pieces set in lines ``width`` wide; x from the left of the box.

    ``first_indent`` is the first line's indent, ``indent`` the other lines'. Justified
    paragraphs spread the leftover space over the gaps of every line but the last.
    Text on the grid (``TextStyle.grid``) breaks as LibreOffice breaks the .docx's; in
    justified text a Latin word that would leave gaps of a character breaks inside.
    """
    profile = ts.profile
    cells = _cells(pieces, ts)
    chars = cells.chars
    if not chars:
        return []
    avail_first = width - first_indent - right_indent
    avail = width - indent - right_indent
    if pieces[0].style.grid:
        widths, leads, allowance = _break_widths(cells, profile)
    else:
        widths, leads, allowance = cells.widths, cells.leads, 0.0
    ranges = break_lines(
        chars,
        widths,
        avail_first + allowance,
        avail + allowance,
        profile.no_line_start,
        profile.no_line_end,
        profile.hanging_punctuation,
        leads,
        pieces[0].style.size_pt if align == "justify" else None,  # no gap of a character
    )
    out: list[Line] = []
    for i, (start, end) in enumerate(ranges):
        end = visible_end(chars, start, end)
        line = cells.widths[start:end]  # the widths of the line's characters
        if line and cells.leads[start]:  # no autospace at the start of a line
            line[0] = line[0] - cells.leads[start]
        left = first_indent if i == 0 else indent
        natural = sum(line)
        room = (avail_first if i == 0 else avail) - natural
        body = len(line)
        if room < 0 and line and chars[end - 1] in profile.hanging_punctuation:
            body -= 1  # the mark hangs past the edge; the rest fills the line
            room += line[-1]
        last = i == len(ranges) - 1
        gap = 0.0
        x = left
        if align == "justify" and not last and body > 1 and room > 0:
            gap = room / (body - 1)
        elif align == "center":
            x = left + room / 2
        elif align == "right":
            x = left + room
        runs, right = _runs(cells, start, line, x, gap)
        out.append(Line(runs, natural, right))
    return out


def _runs(
    cells: _Cells, start: int, line: Sequence[float], x: float, gap: float
) -> tuple[tuple[GlyphRun, ...], float]:
    """Consecutive characters of one face and style into runs at their x positions (the line
    starts at character ``start``, ``line`` its widths); where they end."""
    chars, faces, keys, leads = cells.chars, cells.faces, cells.keys, cells.leads
    runs: list[GlyphRun] = []
    end = start + len(line)
    i = start
    while i < end:
        face, key = faces[i], keys[i]
        lead = leads[i] if i > start else 0.0  # the line's first character: no autospace
        j = i + 1
        while (
            j < end
            and not leads[j]
            and keys[j] == key
            and (faces[j] is face or faces[j] == face)  # equal faces: one run, as before
        ):
            j += 1
        style, bold = cells.styles[key]
        x += lead
        runs.append(
            GlyphRun(
                x,
                0.0,
                "".join(chars[i:j]),
                face.name,
                style.size_pt,
                cells.space + gap,
                style.color,
                bold,
            )
        )
        x += sum(line[i - start : j - start]) - lead + gap * (j - i)
        i = j
    return tuple(runs), x

"""Styled text into set lines: characters measured, lines broken, runs aligned or justified."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..chars import is_han, is_latin, is_white, is_word_char
from ..issuefile.placeholders import placeholder_mask
from ..layout import TWIPS_PER_PT, LayoutProfile, TextStyle
from .fontset import Face
from .items import GlyphRun
from .linebreak import break_lines, visible_end
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


#: A line with nothing on it (a grid line kept empty).
EMPTY_LINE = Line((), 0.0, 0.0)


class _Cell:
    """One character as set: its face, style, spacing after it and the width it takes."""

    __slots__ = ("bold", "ch", "face", "lead", "space", "style", "width")

    def __init__(
        self,
        ch: str,
        face: Face,
        style: TextStyle,
        bold: bool,
        space: float,  # character spacing after the glyph
        width: float,  # lead + advance + spacing
        lead: float = 0.0,  # autospace before the glyph (a Han/Latin boundary on its left)
    ) -> None:
        self.ch = ch
        self.face = face
        self.style = style
        self.bold = bold
        self.space = space
        self.width = width
        self.lead = lead


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


def _cells(pieces: Sequence[Piece], ts: Typesetter) -> list[_Cell]:
    fonts, profile = ts.fonts, ts.profile
    if ts.placeholder_color is not None:
        pieces = _marked(pieces, ts.placeholder_color)
    # the grid spacing after every character, at every size (the .docx's runs all inherit it)
    space = profile.grid_char_spacing_pt
    out: list[_Cell] = []
    append = out.append
    for piece in pieces:
        style, bold = piece.style, piece.bold
        glyph = fonts.glyph_table(style.role, style.size_pt)
        for ch in piece.text.replace("\t", " "):
            hit = glyph.get(ch)
            if hit is None:
                hit = fonts.glyph(style.role, style.size_pt, ch)
            face, advance = hit
            append(_Cell(ch, face, style, bold, space, advance + space))
    return _autospace(out, profile.libreoffice.latin_autospace_em)


def _autospace(cells: list[_Cell], em: float) -> list[_Cell]:
    """Space between Han characters and Latin letters or digits (``em`` of the size, as
    LibreOffice adds it)."""
    if not em:
        return cells
    latin = [is_latin(c.ch) for c in cells]
    if not any(latin):
        return cells
    for i in range(len(cells) - 1):
        if latin[i] == latin[i + 1]:
            continue
        a, b = cells[i].ch, cells[i + 1].ch
        if (is_han(a) and latin[i + 1]) or (latin[i] and is_han(b)):
            # the space belongs to the character after it: a line that breaks there
            # neither ends nor starts with it (as LibreOffice measures it)
            c = cells[i + 1]
            lead = em * c.style.size_pt
            c.width = c.width + lead
            c.lead = lead
    return cells


def _break_widths(
    cells: Sequence[_Cell], profile: LayoutProfile
) -> tuple[list[float], list[float], float]:
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
    widths: list[float] = []
    leads: list[float] = []
    chars = [c.ch for c in cells]
    run = [is_word_char(ch) for ch in chars]  # in a Latin text portion
    for i, c in enumerate(cells):
        lead = c.lead
        if i and run[i] != run[i - 1] and lead == 0.0:
            a, b = chars[i - 1], chars[i]
            if not is_white(a) and not is_white(b) and not (is_han(a) or is_han(b)):
                lead = end_pt
        widths.append(c.width - c.space + word - c.lead + lead)
        leads.append(lead)
    allowance = profile.word_overhang_twips / TWIPS_PER_PT + word
    return widths, leads, allowance


def text_width(pieces: Sequence[Piece], ts: Typesetter) -> float:
    """Natural width of the pieces on one line (n characters of the body take n × pitch)."""
    return sum(c.width for c in _cells(pieces, ts))


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
    if not cells:
        return []
    chars = [c.ch for c in cells]
    avail_first = width - first_indent - right_indent
    avail = width - indent - right_indent
    if pieces[0].style.grid:
        widths, leads, allowance = _break_widths(cells, profile)
    else:
        widths, leads, allowance = [c.width for c in cells], [c.lead for c in cells], 0.0
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
        line = cells[start:end]
        if line and line[0].lead:  # no autospace at the start of a line
            c = line[0]
            line[0] = _Cell(c.ch, c.face, c.style, c.bold, c.space, c.width - c.lead, 0.0)
        left = first_indent if i == 0 else indent
        natural = sum(c.width for c in line)
        room = (avail_first if i == 0 else avail) - natural
        body = line
        if room < 0 and line and line[-1].ch in profile.hanging_punctuation:
            body = line[:-1]  # the mark hangs past the edge; the rest fills the line
            room += line[-1].width
        last = i == len(ranges) - 1
        gap = 0.0
        x = left
        if align == "justify" and not last and len(body) > 1 and room > 0:
            gap = room / (len(body) - 1)
        elif align == "center":
            x = left + room / 2
        elif align == "right":
            x = left + room
        runs, right = _runs(line, x, gap)
        out.append(Line(runs, natural, right))
    return out


def _runs(line: Sequence[_Cell], x: float, gap: float) -> tuple[tuple[GlyphRun, ...], float]:
    """Consecutive cells of one face and style into runs at their x positions; where they end."""
    runs: list[GlyphRun] = []
    i = 0
    while i < len(line):
        c = line[i]
        j = i + 1
        while (
            j < len(line)
            and not line[j].lead
            and (line[j].face, line[j].style, line[j].bold) == (c.face, c.style, c.bold)
        ):
            j += 1
        group = line[i:j]
        x += c.lead
        runs.append(
            GlyphRun(
                x,
                0.0,
                "".join(g.ch for g in group),
                c.face.name,
                c.style.size_pt,
                c.space + gap,
                c.style.color,
                c.bold,
            )
        )
        x += sum(g.width for g in group) - c.lead + gap * len(group)
        i = j
    return tuple(runs), x

"""A Bulletin into the slices of its flow: 报头, 本期要目, 编者按, sections, articles, photos."""

from __future__ import annotations

from collections.abc import Sequence

from ..captions import caption_lines
from ..layout import TextStyle
from ..model import Article, Bulletin, Heading, Paragraph, Photo, PhotoBlock, Section, Table
from ..photos import prepare_photo
from .items import Item, Picture
from .lines import Align, Piece, set_lines
from .masthead import masthead_slice
from .slices import Slice, baseline_in, line_slices, place_line
from .table import table_slices
from .typesetter import Typesetter


def _pieces(para: Paragraph, style: TextStyle) -> list[Piece]:
    return [Piece(s.text, style, s.bold) for s in para.spans]


def _text(
    pieces: Sequence[Piece],
    ts: Typesetter,
    *,
    align: Align,
    first_indent: float = 0.0,
    indent: float = 0.0,
    space_before: float = 0.0,
    keep_next: bool = False,
) -> list[Slice]:
    lines = set_lines(
        pieces,
        ts,
        ts.profile.type_width_pt,
        align=align,
        first_indent=first_indent,
        indent=indent,
    )
    return line_slices(lines, ts.profile, space_before=space_before, keep_next=keep_next)


def _led_paragraphs(
    paras: Sequence[Paragraph], lead: str, ts: Typesetter
) -> list[Slice]:
    """编者按 / 按语: the first paragraph led by the lead in 黑体, the text in 楷体."""
    profile = ts.profile
    out: list[Slice] = []
    for i, para in enumerate(paras):
        pieces = _pieces(para, profile.note_style)
        if i == 0:
            pieces.insert(0, Piece(lead, profile.lead_style))
        out += _text(pieces, ts, align="justify", first_indent=profile.first_line_indent_pt)
    return out


def _contents(bulletin: Bulletin, ts: Typesetter) -> list[Slice]:
    entries = bulletin.contents_entries
    if not entries:
        return []
    p = ts.profile
    out = _text(
        [Piece(p.contents_heading, p.contents_heading_style)],
        ts,
        align="center",
        keep_next=True,
    )
    indent = p.contents_entry_indent_chars * p.char_pitch_pt
    for entry in entries:
        out += _text(
            [Piece(entry.label, p.contents_section_style)],
            ts,
            align="left",
            keep_next=bool(entry.lines),
        )
        for line in entry.lines:
            out += _text(
                [Piece(line, p.contents_entry_style)],
                ts,
                align="left",
                first_indent=indent,
                indent=indent,
            )
    return out


def photo_rows(photos: Sequence[Photo], ts: Typesetter) -> list[Slice]:
    """Photos two a row, scaled to the column, captions centred under each; one slice a row.

    Rows flow like lines: each goes on the page while it fits, a heading before the
    table keeps with its first row only (the .docx's rows cannot split, and nothing in
    them keeps with the next row, so LibreOffice and Word flow them the same way).
    """
    p = ts.profile
    pitch = p.line_pitch_pt
    col = p.photo_column_width_pt
    n = p.photos_per_row
    out: list[Slice] = []
    for r in range(0, len(photos), n):
        row = photos[r : r + n]
        prepared = [prepare_photo(ph.source, ph.position, p, col) for ph in row]
        # the pictures' line is as tall as the tallest picture (as LibreOffice lays out the
        # .docx's auto-spaced picture paragraph); captions take whole grid lines
        block = max(pp.height_pt for pp in prepared)
        size = p.caption_style.size_pt
        captions = [
            [
                line
                for part in caption_lines(ph.caption, col, size)
                for line in set_lines([Piece(part, p.caption_style)], ts, col, align="center")
            ]
            for ph in row
        ]
        cap_lines = max(len(c) for c in captions)
        items: list[Item] = []
        for i, (pp, cap) in enumerate(zip(prepared, captions, strict=True)):
            x0 = i * (col + p.photo_gap_pt)  # columns with a gap, captions kept inside
            items.append(
                Picture(
                    x0 + (col - pp.width_pt) / 2,
                    block - pp.height_pt,
                    pp.width_pt,
                    pp.height_pt,
                    pp.data,
                )
            )
            for k, line in enumerate(cap):
                base = block + k * pitch + baseline_in(pitch, p)
                items.extend(place_line(line, base, x0))
        out.append(Slice(block + cap_lines * pitch, tuple(items)))
    return out


def _heading(h: Heading, ts: Typesetter) -> list[Slice]:
    """A heading in its level's face; one standing alone keeps with the line after it."""
    p = ts.profile
    style = p.heading_style(h.level)
    pieces = [Piece(s.text, style, s.bold or style.bold) for s in h.head]
    pieces += _pieces(Paragraph(h.rest), p.body_style)
    return _text(
        pieces,
        ts,
        align="justify",
        first_indent=p.first_line_indent_pt,
        keep_next=not h.rest,
    )


def _article(a: Article, ts: Typesetter) -> list[Slice]:
    p = ts.profile
    pitch = p.line_pitch_pt
    out = _text(
        [Piece(a.title, p.article_title_style)],
        ts,
        align="center",
        space_before=p.article_space_before_lines * pitch,
        keep_next=True,
    )
    if a.byline:
        out += _text([Piece(a.byline, p.byline_style)], ts, align="center", keep_next=True)
    out += _led_paragraphs(a.note, p.note_lead, ts)
    for block in a.body:
        if isinstance(block, Table):
            out += table_slices(block, ts)
        elif isinstance(block, PhotoBlock):
            out += photo_rows(block.photos, ts)
        elif isinstance(block, Heading):
            out += _heading(block, ts)
        else:
            out += _text(
                _pieces(block, p.body_style),
                ts,
                align="justify",
                first_indent=p.first_line_indent_pt,
            )
    out += photo_rows(a.photos, ts)
    return out


def _section(s: Section, ts: Typesetter) -> list[Slice]:
    p = ts.profile
    out = _text(
        [Piece(s.label, p.section_style)],
        ts,
        align="left",
        space_before=p.section_space_before_lines * p.line_pitch_pt,
        keep_next=True,
    )
    for a in s.articles:
        out += _article(a, ts)
    out += photo_rows(s.photos, ts)
    return out


def flow(bulletin: Bulletin, ts: Typesetter) -> list[Slice]:
    """Every slice of the issue's flow, in reading order (the 报尾 is laid out apart)."""
    out = [masthead_slice(bulletin.masthead, ts)]
    out += _contents(bulletin, ts)
    out += _led_paragraphs(bulletin.preface, ts.profile.preface_lead, ts)
    for s in bulletin.sections:
        out += _section(s, ts)
    return out

"""Body blocks of format 1.1 into whole WordprocessingML elements: headings, tables, photos.

Each is direct formatting over the body's styles (no style of its own in styles.xml), so
a template made before format 1.1 renders them too and a v1 issue's .docx is unchanged.
The geometry is tables.py's, as in the native PDF: widths in w:tblGrid/w:gridCol (what
WPS reads), rows of whole grid lines that do not split, the header row repeated.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ..captions import caption_lines
from ..layout import EMU_PER_PT, LayoutProfile, TextStyle
from ..model import Heading, PhotoBlock, Span, Table
from ..photos import prepare_photo
from ..tables import table_geometry
from . import styles as st
from .escape import xml_text
from .ooxml import font_name, half_points, pt_twips, rfonts, type_width_twips


class BlockXml:
    """A body block's element (``{{p para.xml }}``), made when the template prints it.

    Photos need the part being rendered (their relationship ids), so the XML is built
    lazily, inside docxtpl's render.
    """

    def __init__(self, make: Any) -> None:
        self._make = make

    def __html__(self) -> str:
        return str(self._make())

    __str__ = __html__

    def __bool__(self) -> bool:
        return True


def _run(text: str, style: TextStyle, profile: LayoutProfile, *, bold: bool, spacing: bool) -> str:
    props = rfonts(font_name(profile, style))
    if bold or style.bold:
        props += "<w:b/><w:bCs/>"
    if not spacing:  # the body style's grid spacing is for 3号 text only
        props += '<w:spacing w:val="0"/>'
    hp = half_points(style.size_pt)
    props += f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>'
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'


def _runs(spans: Sequence[Span], style: TextStyle, profile: LayoutProfile) -> str:
    return "".join(_run(s.text, style, profile, bold=s.bold, spacing=True) for s in spans)


def caption_runs(caption: str, profile: LayoutProfile) -> str:
    """A caption's runs: its lines (captions.py) joined by line breaks, so no line is a widow."""
    lines = caption_lines(caption, profile.photo_column_width_pt, profile.caption_style.size_pt)
    return "<w:r><w:br/></w:r>".join(
        f'<w:r><w:t xml:space="preserve">{xml_text(line)}</w:t></w:r>' for line in lines
    )


def heading_xml(h: Heading, profile: LayoutProfile) -> str:
    """A heading paragraph: the level's face; one standing alone keeps with the next line."""
    keep = "" if h.rest else "<w:keepNext/>"
    head = _runs(h.head, profile.heading_style(h.level), profile)
    rest = "".join(
        f"<w:r>{'<w:rPr><w:b/><w:bCs/></w:rPr>' if s.bold else ''}"
        f'<w:t xml:space="preserve">{xml_text(s.text)}</w:t></w:r>'
        for s in h.rest
    )
    return f'<w:p><w:pPr><w:pStyle w:val="{st.BODY}"/>{keep}</w:pPr>{head}{rest}</w:p>'


def _para(jc: str, runs: str, *, line: int | None = None, keep: bool = False) -> str:
    spacing = (
        f'<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>' if line else ""
    )
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{st.BODY}"/>{"<w:keepNext/>" if keep else ""}'
        f'{spacing}<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="{jc}"/></w:pPr>'
        f"{runs}</w:p>"
    )


def table_xml(table: Table, profile: LayoutProfile) -> str:
    """Title paragraph (kept with the table), the table, and its note paragraph."""
    p = profile
    geo = table_geometry(table, p)
    pad = pt_twips(p.table_cell_padding_pt)
    rule = round(p.table_rule_pt * 8)
    line = pt_twips(geo.size_pt * p.table_line_share)
    borders = "".join(
        f'<w:{b} w:val="single" w:sz="{rule}" w:space="0" w:color="000000"/>'
        for b in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in geo.widths_twips)
    rows = []
    for i, (cells, lines) in enumerate(
        zip((table.header, *table.rows), geo.row_lines, strict=True)
    ):
        header = i == 0
        # LibreOffice adds a row's bottom rule to its exact height: the rule is taken off
        height = lines * p.line_pitch_twips - rule * 20 // 8
        tr_pr = "<w:cantSplit/>" + f'<w:trHeight w:val="{height}" w:hRule="exact"/>'
        tr_pr += "<w:tblHeader/>" if header else ""
        tcs = []
        for k, (text, width) in enumerate(zip(cells, geo.widths_twips, strict=True)):
            jc = "center" if header else ("right" if geo.figures[k] else "left")
            style = p.table_cell_style(geo.size_pt, bold=header)
            runs = _run(text, style, p, bold=header, spacing=False) if text else ""
            tcs.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                '<w:vAlign w:val="center"/></w:tcPr>'
                f"{_para(jc, runs, line=line)}</w:tc>"
            )
        rows.append(f"<w:tr><w:trPr>{tr_pr}</w:trPr>{''.join(tcs)}</w:tr>")
    out = ""
    if table.title:
        out += _para(
            "center", _run(table.title, p.table_title_style, p, bold=False, spacing=True), keep=True
        )
    out += (
        f'<w:tbl><w:tblPr><w:tblW w:w="{type_width_twips(p)}" w:type="dxa"/>'
        f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{pad}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )
    if table.note:
        out += _para("left", _run(table.note, p.table_note_style, p, bold=False, spacing=False))
    return out


def photo_xml(block: PhotoBlock, tpl: Any, profile: LayoutProfile) -> str:
    """Photos in place: the section photos' borderless table, one row, caption under each."""
    p = profile
    width = type_width_twips(p)
    gap = pt_twips(p.photo_gap_pt)
    n = p.photos_per_row
    col = (width - (n - 1) * gap) // n
    cols = [gap if i % 2 else col for i in range(2 * n - 1)]
    cols[-1] += width - sum(cols)
    part = tpl.current_rendering_part
    cells = []
    for k, w in enumerate(cols):
        tcpr = f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
        i = k // 2
        if k % 2 or i >= len(block.photos):
            cells.append(
                f'<w:tc>{tcpr}<w:p><w:pPr><w:pStyle w:val="{st.PHOTO}"/></w:pPr></w:p></w:tc>'
            )
            continue
        photo = block.photos[i]
        prepared = prepare_photo(photo.source, photo.position, p)
        pic = part.new_pic_inline(
            io.BytesIO(prepared.data),
            round(prepared.width_pt * EMU_PER_PT),
            round(prepared.height_pt * EMU_PER_PT),
        ).xml
        cells.append(
            f'<w:tc>{tcpr}<w:p><w:pPr><w:pStyle w:val="{st.PHOTO}"/></w:pPr>'
            f"<w:r><w:drawing>{pic}</w:drawing></w:r></w:p>"
            f'<w:p><w:pPr><w:pStyle w:val="{st.CAPTION}"/></w:pPr>'
            f"{caption_runs(photo.caption, p)}</w:p></w:tc>"
        )
    nil = "".join(
        f'<w:{b} w:val="nil"/>' for b in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{st.PHOTO_TABLE}"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
        f'<w:tblBorders>{nil}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr></w:tbl>"
    )

"""The layout profile into templates/bulletin.docx bytes: a Word file with docxtpl tags."""

# XML part constants are kept on one line each.
# ruff: noqa: E501

from __future__ import annotations

from ..layout import DEFAULT, LayoutProfile, mm_to_pt, mm_to_twips
from . import styles as st
from .fonts import needs_east_asia_hint
from .fonttable import font_table_xml
from .kinsoku import no_line_breaks_after, no_line_breaks_before
from .ooxml import (
    NS_DECL,
    XML_HEAD,
    core_xml,
    eighths,
    esc,
    esc_text,
    pt_twips,
    type_width_twips,
    write_zip,
)

#: Timestamp of the template's zip entries and core properties (fixed: same bytes every run).
TEMPLATE_DATE = (2020, 1, 1, 0, 0, 0)
FOOTER_ODD = "rIdFooterOdd"
FOOTER_EVEN = "rIdFooterEven"


def _t(text: str) -> str:
    """A run holding ``text`` (a tag or static text) in one w:t, so no tag is split.

    Static text with characters Word would draw in the Latin slot (the dashes of "— 1 —")
    carries the East Asian hint, as rendered runs do (fonts.materialize_run_fonts).
    """
    rpr = '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>' if needs_east_asia_hint(text) else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc_text(text)}</w:t></w:r>'


def _p(style: str, *runs: str, ppr: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{"".join(runs)}</w:p>'


def _tagp(tag: str) -> str:
    """A paragraph that holds only a ``{%p … %}`` tag (docxtpl removes the paragraph)."""
    return _p(st.BODY, _t(tag))


def _lead(text: str) -> str:
    return (
        f'<w:r><w:rPr><w:rStyle w:val="{st.LEAD}"/></w:rPr>'
        f'<w:t xml:space="preserve">{esc_text(text)}</w:t></w:r>'
    )


def _tag_row(tag: str, cells: int) -> str:
    """A table row whose first cell holds a ``{%tr … %}`` tag (docxtpl removes the row)."""
    tcs = "".join(f"<w:tc>{_p(st.BODY, _t(tag) if i == 0 else '')}</w:tc>" for i in range(cells))
    return f"<w:tr>{tcs}</w:tr>"


def _photo_columns(profile: LayoutProfile) -> list[int]:
    """Column widths in twips: photo, gap, photo… summing to the type width exactly."""
    n = profile.photos_per_row
    width = type_width_twips(profile)
    gap = pt_twips(profile.photo_gap_pt)
    col = (width - (n - 1) * gap) // n
    cols = [gap if i % 2 else col for i in range(2 * n - 1)]
    cols[-1] += width - sum(cols)
    return cols


#: Table properties LibreOffice must find on the table itself, not only in its style: without
#: them it indents the table and pads its cells by its defaults (about 5.4 pt). They go in
#: their schema places in w:tblPr (tblInd before tblBorders, tblCellMar after tblLayout):
#: Word for the web opens a misordered table read-only.
_NO_INDENT = '<w:tblInd w:w="0" w:type="dxa"/>'
_NO_CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    '<w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
)


def photo_table_properties(profile: LayoutProfile) -> str:
    """The photo table's w:tblPr: the type width, no indent, no borders, fixed, no cell margins."""
    nil = "".join(
        f'<w:{b} w:val="nil"/>' for b in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        f'<w:tblPr><w:tblStyle w:val="{st.PHOTO_TABLE}"/>'
        f'<w:tblW w:w="{type_width_twips(profile)}" w:type="dxa"/>{_NO_INDENT}'
        f"<w:tblBorders>{nil}</w:tblBorders>"
        f'<w:tblLayout w:type="fixed"/>{_NO_CELL_MARGINS}</w:tblPr>'
    )


def _photo_table(profile: LayoutProfile, rows: str) -> list[str]:
    """Photos ``photos_per_row`` a row, caption under each, in a borderless table.

    The profile's columns (``photo_column_width_pt``) with an empty column of
    ``photo_gap_pt`` between them, the table exactly the type width.
    """
    cols = _photo_columns(profile)
    grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)

    def cell(k: int, w: int) -> str:
        tcpr = f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
        if k % 2:  # the gap between two photos
            return f"<w:tc>{tcpr}<w:p/></w:tc>"
        i = k // 2
        return (
            f"<w:tc>{tcpr}"
            + _p(st.PHOTO, _t(f"{{{{ row[{i}].image }}}}"))
            + _p(st.CAPTION, _t(f"{{{{ row[{i}].caption }}}}"))
            + "</w:tc>"
        )

    cells = "".join(cell(k, w) for k, w in enumerate(cols))
    return [
        _tagp(f"{{%p if {rows} %}}"),
        f"<w:tbl>{photo_table_properties(profile)}<w:tblGrid>{grid}</w:tblGrid>",
        _tag_row(f"{{%tr for row in {rows} %}}", len(cols)),
        f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>",
        _tag_row("{%tr endfor %}", len(cols)),
        "</w:tbl>",
        _tagp("{%p endif %}"),
    ]


def _body_loop() -> list[str]:
    """An article's body: a paragraph's runs in 简报正文; a heading, table or photos whole (1.1)."""
    return [
        _tagp("{%p for para in article.body %}"),
        _tagp("{%p if para.xml %}"),
        _p(st.BODY, _t("{{p para.xml }}")),
        _tagp("{%p else %}"),
        _p(st.BODY, _t("{{r para.runs }}")),
        _tagp("{%p endif %}"),
        _tagp("{%p endfor %}"),
    ]


def _footer_table(profile: LayoutProfile) -> list[str]:
    """报尾: a floating table pinned to the foot of the type area (layout.md: horzAnchor=page)."""
    width = type_width_twips(profile)
    return [
        f"<w:tbl>{footer_table_properties(profile)}"
        f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>',
        _tag_row("{%tr for row in distribution %}", 1),
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        + _p(st.DISTRIBUTION, _t("{{p row.paragraph }}"))
        + "</w:tc></w:tr>",
        _tag_row("{%tr endfor %}", 1),
        "</w:tbl>",
    ]


def footer_float(profile: LayoutProfile) -> str:
    """The 报尾's w:tblpPr: at the foot of the type area, its left edge the type area's."""
    return (
        '<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" '
        'w:bottomFromText="0" w:vertAnchor="margin" w:horzAnchor="page" '
        f'w:tblpX="{mm_to_twips(profile.margin_left_mm)}" w:tblpYSpec="bottom"/>'
    )


def footer_table_properties(profile: LayoutProfile) -> str:
    """The 报尾 table's w:tblPr: floating at the foot, type width, rules as table borders."""
    width = type_width_twips(profile)
    outer = eighths(profile.footer_rule_outer_mm)
    inner = eighths(profile.footer_rule_inner_mm)
    black = profile.black
    borders = (
        f'<w:top w:val="single" w:sz="{outer}" w:space="0" w:color="{black}"/>'
        '<w:left w:val="nil"/>'
        f'<w:bottom w:val="single" w:sz="{outer}" w:space="0" w:color="{black}"/>'
        '<w:right w:val="nil"/>'
        f'<w:insideH w:val="single" w:sz="{inner}" w:space="0" w:color="{black}"/>'
        '<w:insideV w:val="nil"/>'
    )
    return (
        f'<w:tblPr><w:tblStyle w:val="{st.FOOTER_TABLE}"/>{footer_float(profile)}'
        '<w:tblOverlap w:val="never"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/></w:tblPr>'
    )


def _footer_distance_twips(profile: LayoutProfile) -> int:
    """Word's footer distance: page bottom to the bottom of the page-number line.

    The number's line is one grid line high (style 简报页码); its em box starts
    ``em_top`` below the line's top, which lies ``page_number_gap_mm`` under the type area.
    """
    size = profile.page_number_style.size_pt
    line = profile.line_pitch_pt
    gap_pt = mm_to_pt(profile.margin_bottom_mm - profile.page_number_gap_mm)
    em_top = profile.exact_line_baseline_share * line - profile.em_ascent * size
    return pt_twips(gap_pt - line + em_top)


def _title_space_before(profile: LayoutProfile) -> int:
    """Space above the title line so that its em box starts ``title_top_mm`` into the type area.

    The marking line (one grid line, kept even when empty) is above it; in an exact line the
    baseline lies ``exact_line_baseline_share`` of the line height below its top.
    """
    pitch = profile.line_pitch_twips
    line = st.title_line_lines(profile) * pitch
    size = profile.title_style.size_pt
    em_top_in_line = line / 20 * profile.exact_line_baseline_share - profile.em_ascent * size
    return max(0, round((mm_to_pt(profile.title_top_mm) - em_top_in_line) * 20) - pitch)


def document_xml(profile: LayoutProfile) -> bytes:
    p = profile
    body: list[str] = [
        _p(st.MARKING, _t("{{ masthead.marking }}")),
        _p(
            st.TITLE,
            _t("{{r masthead.title_runs }}"),
            ppr=f'<w:spacing w:before="{_title_space_before(p)}"/>',
        ),
        _p(st.ISSUE, _t("{{ masthead.issue }}")),
        _p(
            st.ISSUER, _t("{{ masthead.issuer }}"), "<w:r><w:tab/></w:r>", _t("{{ masthead.date }}")
        ),
        # 本期要目: static text from the model, never a TOC field.
        _tagp("{%p if contents %}"),
        _p(st.CONTENTS_HEADING, _t(p.contents_heading)),
        _tagp("{%p for entry in contents %}"),
        _p(st.CONTENTS_SECTION, _t("{{ entry.label }}")),
        _tagp("{%p for line in entry.lines %}"),
        _p(st.CONTENTS_ENTRY, _t("{{ line }}")),
        _tagp("{%p endfor %}"),
        _tagp("{%p endfor %}"),
        _tagp("{%p endif %}"),
        # 编者按
        _tagp("{%p for para in preface %}"),
        _p(
            st.PREFACE,
            _t("{%r if loop.first %}"),
            _lead(p.preface_lead),
            _t("{%r endif %}"),
            _t("{{r para.runs }}"),
        ),
        _tagp("{%p endfor %}"),
        # sections and articles
        _tagp("{%p for section in sections %}"),
        _p(st.SECTION, _t("{{ section.label }}")),
        _tagp("{%p for article in section.articles %}"),
        _p(st.ARTICLE_TITLE, _t("{{ article.title }}")),
        _tagp("{%p if article.byline %}"),
        _p(st.BYLINE, _t("{{ article.byline }}")),
        _tagp("{%p endif %}"),
        _tagp("{%p for para in article.note %}"),
        _p(
            st.NOTE,
            _t("{%r if loop.first %}"),
            _lead(p.note_lead),
            _t("{%r endif %}"),
            _t("{{r para.runs }}"),
        ),
        _tagp("{%p endfor %}"),
        *_body_loop(),
        *_photo_table(p, "article.photo_rows"),
        _tagp("{%p endfor %}"),
        *_photo_table(p, "section.photo_rows"),
        _tagp("{%p endfor %}"),
        # 报尾, then the paragraph it anchors to
        *_footer_table(p),
        _p(st.END),
    ]
    sect = (
        "<w:sectPr>"
        f'<w:footerReference w:type="default" r:id="{FOOTER_ODD}"/>'
        f'<w:footerReference w:type="even" r:id="{FOOTER_EVEN}"/>'
        f"{page_setup(p)}</w:sectPr>"
    )
    xml = f"{XML_HEAD}<w:document {NS_DECL}><w:body>{''.join(body)}{sect}</w:body></w:document>"
    return xml.encode("utf-8")


def page_setup(p: LayoutProfile) -> str:
    """The section's page: size, margins, footer distance, one column, the line grid."""
    footer = _footer_distance_twips(p)
    return (
        f'<w:pgSz w:w="{mm_to_twips(p.page_width_mm)}" w:h="{mm_to_twips(p.page_height_mm)}"/>'
        f'<w:pgMar w:top="{mm_to_twips(p.margin_top_mm)}" w:right="{mm_to_twips(p.margin_right_mm)}" '
        f'w:bottom="{mm_to_twips(p.margin_bottom_mm)}" w:left="{mm_to_twips(p.margin_left_mm)}" '
        f'w:header="{footer}" w:footer="{footer}" w:gutter="0"/>'
        '<w:cols w:space="0"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{p.line_pitch_twips}"/>'
    )


def footer_xml(profile: LayoutProfile, *, even: bool) -> bytes:
    """ "— N —" with a PAGE field: odd pages flush right, even pages flush left, one character in."""
    indent = pt_twips(profile.page_number_style.size_pt) * profile.page_number_indent_chars
    if even:
        ppr = f'<w:ind w:left="{indent}" w:right="0" w:firstLine="0"/><w:jc w:val="left"/>'
    else:
        ppr = f'<w:ind w:left="0" w:right="{indent}" w:firstLine="0"/><w:jc w:val="right"/>'
    before, after = profile.page_number_text(1).split("1", 1)
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    para = _p(st.PAGE_NUMBER, _t(before), field, _t(after), ppr=ppr)
    return f"{XML_HEAD}<w:ftr {NS_DECL}>{para}</w:ftr>".encode()


def settings_xml(profile: LayoutProfile) -> bytes:
    return (
        f"{XML_HEAD}<w:settings {NS_DECL}>"
        '<w:zoom w:percent="100"/>'
        f'<w:defaultTabStop w:val="{pt_twips(profile.char_pitch_pt * 2)}"/>'
        "<w:evenAndOddHeaders/>"
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        # kinsoku: Word's zh-CN set and the profile's, what may not end or start a line
        f'<w:noLineBreaksAfter w:lang="zh-CN" w:val="{esc(no_line_breaks_after(profile))}"/>'
        f'<w:noLineBreaksBefore w:lang="zh-CN" w:val="{esc(no_line_breaks_before(profile))}"/>'
        "<w:compat>"
        '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
        "</w:compat>"
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        "</w:settings>"
    ).encode()


CONTENT_TYPES = (
    f"{XML_HEAD}"
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="jpeg" ContentType="image/jpeg"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

ROOT_RELS = (
    f"{XML_HEAD}"
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCUMENT_RELS = (
    f"{XML_HEAD}"
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_OD}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_OD}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{_OD}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="{FOOTER_ODD}" Type="{_OD}/footer" Target="footer1.xml"/>'
    f'<Relationship Id="{FOOTER_EVEN}" Type="{_OD}/footer" Target="footer2.xml"/>'
    "</Relationships>"
)

APP = (
    f"{XML_HEAD}"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>bulletin-docs</Application></Properties>"
)


def build_template(profile: LayoutProfile = DEFAULT) -> bytes:
    """The complete template .docx, byte-identical for the same profile."""
    entries = [
        ("[Content_Types].xml", CONTENT_TYPES.encode()),
        ("_rels/.rels", ROOT_RELS.encode()),
        ("docProps/core.xml", core_xml("简报模板", TEMPLATE_DATE)),
        ("docProps/app.xml", APP.encode()),
        ("word/document.xml", document_xml(profile)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.encode()),
        ("word/styles.xml", st.styles_xml(profile)),
        ("word/settings.xml", settings_xml(profile)),
        ("word/fontTable.xml", font_table_xml(profile)),
        ("word/footer1.xml", footer_xml(profile, even=False)),
        ("word/footer2.xml", footer_xml(profile, even=True)),
    ]
    return write_zip(entries, TEMPLATE_DATE)

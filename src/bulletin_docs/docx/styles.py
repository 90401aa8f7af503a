"""The layout profile into word/styles.xml: named paragraph styles (简报正文, 简报标题…)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..layout import LayoutProfile, TextStyle, mm_to_pt
from .ooxml import (
    NS_DECL,
    XML_HEAD,
    eighths,
    esc,
    font_name,
    grid_overhang_twips,
    pt_twips,
    rfonts,
    rpr_xml,
    type_width_twips,
)


@dataclass(frozen=True)
class ParaStyle:
    """One paragraph style: Word id, Chinese name, text style and paragraph properties."""

    style_id: str
    name: str
    text: TextStyle
    jc: str = "left"  # left / center / both / right
    first_line_twips: int = 0
    left_twips: int = 0
    right_twips: int = 0
    before_twips: int = 0
    line_twips: int | None = None  # exact line height; None = the grid pitch
    auto_line: bool = False  # single auto spacing (pictures)
    keep_next: bool = False
    tabs: str = ""
    borders: str = ""
    latin: str | None = None


# Style ids are ASCII (stable when an office renames a style in Word); names are Chinese.
BODY = "BulletinBody"
MARKING = "BulletinMarking"
TITLE = "BulletinTitle"
ISSUE = "BulletinIssue"
ISSUER = "BulletinIssuer"
CONTENTS_HEADING = "BulletinContentsHeading"
CONTENTS_SECTION = "BulletinContentsSection"
CONTENTS_ENTRY = "BulletinContentsEntry"
PREFACE = "BulletinPreface"
NOTE = "BulletinNote"
SECTION = "BulletinSection"
ARTICLE_TITLE = "BulletinArticleTitle"
BYLINE = "BulletinByline"
PHOTO = "BulletinPhoto"
CAPTION = "BulletinCaption"
DISTRIBUTION = "BulletinDistribution"
PAGE_NUMBER = "BulletinPageNumber"
END = "BulletinEnd"
LEAD = "BulletinLead"  # character style of "编者按：" / "按："
PHOTO_TABLE = "BulletinPhotoTable"
FOOTER_TABLE = "BulletinFooterTable"


def title_line_lines(profile: LayoutProfile) -> int:
    """Grid lines the masthead title's line takes (two for 初号)."""
    return math.ceil(profile.title_style.size_pt * 20 / profile.line_pitch_twips)


def row_char_twips(profile: LayoutProfile) -> int:
    """One character of the 报尾 row size."""
    return pt_twips(profile.footer_style.size_pt)


def paragraph_styles(profile: LayoutProfile) -> tuple[ParaStyle, ...]:
    p = profile
    pitch = p.line_pitch_twips
    indent2 = pt_twips(p.first_line_indent_pt)
    width = type_width_twips(p)
    rule = p.red
    # The red rule: a bottom border of the issuer/date line, rule_gap_mm under its baseline
    # (to the rule's middle); the border's w:space counts from the bottom of the line, and
    # the baseline lies exact_line_baseline_share of the line below its top.
    base_to_bottom_pt = pitch / 20 * (1 - p.exact_line_baseline_share)
    rule_space = max(
        0, round(mm_to_pt(p.rule_gap_mm) - base_to_bottom_pt - p.rule_thickness_pt / 2)
    )
    issuer_border = (
        f'<w:pBdr><w:bottom w:val="single" w:sz="{eighths(p.rule_thickness_pt / 72 * 25.4)}" '
        f'w:space="{rule_space}" w:color="{rule}"/></w:pBdr>'
    )
    row_char = row_char_twips(p)
    num_char = pt_twips(p.page_number_style.size_pt) * p.page_number_indent_chars
    return (
        ParaStyle(BODY, "简报正文", p.body_style, jc="both", first_line_twips=indent2),
        ParaStyle(MARKING, "简报密级", p.marking_style),
        ParaStyle(
            TITLE,
            "简报名称",
            p.title_style,
            jc="center",
            line_twips=title_line_lines(p) * pitch,
        ),
        ParaStyle(ISSUE, "简报期号", p.issue_line_style, jc="center"),
        ParaStyle(
            ISSUER,
            "简报编印单位",
            p.issuer_line_style,
            tabs=f'<w:tabs><w:tab w:val="right" w:pos="{width}"/></w:tabs>',
            borders=issuer_border,
        ),
        ParaStyle(CONTENTS_HEADING, "简报要目标题", p.contents_heading_style, jc="center"),
        ParaStyle(CONTENTS_SECTION, "简报要目栏目", p.contents_section_style),
        ParaStyle(
            CONTENTS_ENTRY,
            "简报要目条目",
            p.contents_entry_style,
            left_twips=pt_twips(p.contents_entry_indent_chars * p.char_pitch_pt),
        ),
        ParaStyle(PREFACE, "简报编者按", p.note_style, jc="both", first_line_twips=indent2),
        ParaStyle(NOTE, "简报按语", p.note_style, jc="both", first_line_twips=indent2),
        ParaStyle(
            SECTION,
            "简报栏目",
            p.section_style,
            keep_next=True,
            before_twips=p.section_space_before_lines * pitch,
        ),
        ParaStyle(
            ARTICLE_TITLE,
            "简报标题",
            p.article_title_style,
            jc="center",
            keep_next=True,
            before_twips=p.article_space_before_lines * pitch,
        ),
        ParaStyle(BYLINE, "简报署名", p.byline_style, jc="center", keep_next=True),
        # no keep-with-next: the row cannot split (w:cantSplit) anyway, and a picture paragraph
        # keeping with the next row in every row makes LibreOffice move a table's heading
        # (and Word the whole table) to a new page instead of letting the rows flow
        ParaStyle(PHOTO, "简报图片", p.caption_style, jc="center", auto_line=True),
        ParaStyle(CAPTION, "简报图注", p.caption_style, jc="center"),
        ParaStyle(
            DISTRIBUTION,
            "简报版记",
            p.footer_style,
            left_twips=row_char * p.footer_indent_chars,
            right_twips=row_char * p.footer_indent_chars,
            line_twips=p.footer_row_lines * pitch,
            tabs=(
                f'<w:tabs><w:tab w:val="right" '
                f'w:pos="{width - row_char * p.footer_indent_chars}"/></w:tabs>'
            ),
        ),
        ParaStyle(
            PAGE_NUMBER,
            "简报页码",
            p.page_number_style,
            line_twips=pitch,  # taller than the glyph box: placed by the centring rule
            latin=p.latin_font_name,
            jc="right",
            right_twips=num_char,
        ),
        ParaStyle(END, "简报尾段", TextStyle("fangsong", 1.0), line_twips=20),
    )


def ppr_xml(s: ParaStyle, pitch: int, overhang: int = 0) -> str:
    """Paragraph properties, in the order the schema wants them.

    ``overhang``: negative right indent that lets a full 3号 line of 28 characters fit.
    """
    out = ["<w:pPr>"]
    if s.keep_next:
        out.append("<w:keepNext/>")
    out.append('<w:widowControl w:val="0"/>')
    if s.borders:
        out.append(s.borders)
    if s.tabs:
        out.append(s.tabs)
    # wordWrap off: Word's 允许西文在单词中间换行, a long URL or Latin word breaks as Chinese
    # text does instead of leaving a gap on the line before (pdf/linebreak.py does the same)
    out.append('<w:kinsoku/><w:wordWrap w:val="0"/><w:overflowPunct w:val="0"/>')
    # Han/Latin and Han/digit spacing on, as Word's Chinese default and both PDFs draw it
    # (layout: profile.libreoffice.latin_autospace_em); docs/word-and-wps.md says why.
    out.append("<w:autoSpaceDE/><w:autoSpaceDN/>")
    # Lines are exactly one grid pitch (or whole pitches) high, so snapping adds nothing in
    # Word; LibreOffice's grid mode would shift every baseline up by 2 pt (measured).
    out.append('<w:snapToGrid w:val="0"/>')
    if s.auto_line:
        out.append(
            f'<w:spacing w:before="{s.before_twips}" w:after="0" w:line="240" w:lineRule="auto"/>'
        )
    else:
        line = s.line_twips if s.line_twips is not None else pitch
        out.append(
            f'<w:spacing w:before="{s.before_twips}" w:after="0" '
            f'w:line="{line}" w:lineRule="exact"/>'
        )
    out.append(
        f'<w:ind w:left="{s.left_twips}" w:right="{s.right_twips - overhang}" '
        f'w:firstLine="{s.first_line_twips}"/>'
    )
    out.append(f'<w:jc w:val="{s.jc}"/>')
    out.append("</w:pPr>")
    return "".join(out)


def _table_style(style_id: str, name: str) -> str:
    return (
        f'<w:style w:type="table" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{esc(name)}"/><w:basedOn w:val="TableNormal"/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
    )


def styles_xml(profile: LayoutProfile) -> bytes:
    p = profile
    pitch = p.line_pitch_twips
    body = p.body_style
    normal = ParaStyle("Normal", "Normal", body)
    overhang = grid_overhang_twips(p)
    parts = [
        XML_HEAD,
        f"<w:styles {NS_DECL}>",
        "<w:docDefaults><w:rPrDefault>",
        rpr_xml(p, body, lang=True),
        "</w:rPrDefault><w:pPrDefault>",
        ppr_xml(normal, pitch, overhang),
        "</w:pPrDefault></w:docDefaults>",
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "<w:qFormat/>",
        ppr_xml(normal, pitch, overhang),
        rpr_xml(p, body),
        "</w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
        '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        _table_style(PHOTO_TABLE, "简报图片表"),
        _table_style(FOOTER_TABLE, "简报版记表"),
    ]
    for s in paragraph_styles(p):
        parts.append(
            f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{s.style_id}">'
            f'<w:name w:val="{esc(s.name)}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        )
        parts.append(ppr_xml(s, pitch, overhang if s.text.size_pt == p.body_size_pt else 0))
        parts.append(rpr_xml(p, s.text, latin=s.latin))
        parts.append("</w:style>")
    lead = p.lead_style
    parts.append(
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{LEAD}">'
        '<w:name w:val="简报按语引导"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
        f"<w:rPr>{rfonts(font_name(p, lead))}</w:rPr></w:style>"
    )
    parts.append("</w:styles>")
    return "".join(parts).encode("utf-8")

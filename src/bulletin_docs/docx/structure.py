"""A normalised template into the layout problems its own structure causes, in Chinese.

normalise.py puts back what office suites change by themselves; what a template states on
purpose stays as it is: a 报尾 table that no longer floats, photo columns wider than the
profile's. These are the causes ``template-check`` names beside what it measures.
"""

from __future__ import annotations

import re
from typing import Any

from ..layout import TWIPS_PER_PT, LayoutProfile
from .ooxml import pt_twips, type_width_twips, w

_PHOTO_LOOP = re.compile(r"\{%tr\s+for\s+row\s+in\s+\S+\s*%\}")
_FOOTER_LOOP = re.compile(r"\{%tr\s+for\s+row\s+in\s+distribution\s*%\}")
#: Widths are compared in whole twips, a little slack for an office's rounding.
_SLACK_TWIPS = 20

#: The cause named for each part of the page a failed check measures (check id prefixes).
CAUSES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("footer",), "报尾表格（简报版记表）被改动：它应固定在末页版心底部，首末线粗、中间线细"),
    (
        ("images_in_type_area", "captions_in_column"),
        "照片表格被改动：照片栏、栏间距合计应正好是版心宽",
    ),
    (("title",), "报头样式“简报名称”被改动（字号或段落位置）"),
    (("red_rule",), "报头红线（样式“简报编印单位”的下边框）被改动，或它与标题颜色不同"),
    (("page_number",), "页脚（样式“简报页码”或页脚内容）被改动"),
    (
        (
            "body_size",
            "chars_per_line",
            "right_edge",
            "left_margin",
            "first_line_indent",
            "line_pitch",
            "lines_per_page",
            "first_baseline",
            "kinsoku",
            "page_size",
        ),
        "正文的版心、行距或每行字数被改动（页面设置、文档网格或正文类样式的字号、字距、缩进）",
    ),
    (("fonts_embedded", "glyphs_present"), "模板要求的字体在本机缺字或无法嵌入"),
    (("text_complete",), "模板中的内容没有排出来（文本框、隐藏文字或被删掉的标签）"),
)


def cause_of(check_id: str) -> str:
    """What in a template makes the check ``check_id`` fail."""
    for prefixes, cause in CAUSES:
        if check_id.startswith(prefixes):
            return cause
    return "模板的版式被改动"


def _text(el: Any) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def _mm(twips: int) -> str:
    return f"{twips / TWIPS_PER_PT * 25.4 / 72:.1f} 毫米"


def _widths(tbl: Any) -> list[int]:
    out = []
    for col in tbl.iter(w("gridCol")):
        try:
            out.append(int(col.get(w("w"), "0")))
        except ValueError:
            out.append(0)
    return out


def structure_problems(doc: Any, profile: LayoutProfile) -> list[str]:
    """Problems of a normalised template's python-docx Document, each with its cause."""
    body = doc.element.body
    problems: list[str] = []
    footers = [t for t in body.iter(w("tbl")) if _FOOTER_LOOP.search(_text(t))]
    if not footers:
        problems.append("模板中没有报尾表格（含 {%tr for row in distribution %} 的表格）。")
    for tbl in footers:
        tblpr = tbl.find(w("tblPr"))
        if tblpr is None or tblpr.find(w("tblpPr")) is None:
            problems.append(
                "报尾表格不再固定在页面底部：模板中的报尾表格没有浮动定位（w:tblpPr，"
                "Word：表格属性 → 文字环绕“环绕”）；请从默认模板复制报尾表格。"
            )
    width = type_width_twips(profile)
    column = pt_twips(profile.photo_column_width_pt)
    for n, tbl in enumerate(
        (t for t in body.iter(w("tbl")) if _PHOTO_LOOP.search(_text(t)) and ".image" in _text(t)),
        start=1,
    ):
        cols = _widths(tbl)
        if sum(cols) > width + _SLACK_TWIPS:
            problems.append(
                f"第 {n} 个照片表格宽 {_mm(sum(cols))}，超出版心（{_mm(width)}）："
                "照片栏被改宽，照片和图注会排到版心外。"
            )
        wide = [i + 1 for i, c in enumerate(cols) if i % 2 == 0 and c > column + _SLACK_TWIPS]
        if wide and sum(cols) <= width + _SLACK_TWIPS:
            problems.append(
                f"第 {n} 个照片表格的第 {'、'.join(map(str, wide))} 栏比照片栏"
                f"（{_mm(column)}）宽，照片和图注会偏出本栏。"
            )
    return problems

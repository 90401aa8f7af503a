"""Word 简报 made the way clerks make them (python-docx), each with the issue it imports as."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from PIL import Image

RED = RGBColor(0xFF, 0, 0)
BODY1 = "今年以来，我区坚持**稳中求进**工作总基调，各项工作有序推进，取得了阶段性成效。"
BODY2 = "一、抓好组织保障。成立工作专班，建立周例会制度，及时研究解决工作推进中的难点问题。"
BODY3 = "下一步，我们将继续加大工作力度，确保全年目标任务顺利完成。"


def photo_bytes(color: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (120, 90), color).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _bottom_border(paragraph: Any, color: str = "FF0000") -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", color)):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


def _para(doc: Any, text: str = "", *, size: float | None = None, red: bool = False,
          center: bool = False, bold: bool = False, style: str | None = None) -> Any:
    p = doc.add_paragraph(style=style)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    parts = text.split("**")
    for i, part in enumerate(parts):
        if not part:
            continue
        run = p.add_run(part)
        run.bold = bold or (i % 2 == 1) or None
        if size:
            run.font.size = Pt(size)
        if red:
            run.font.color.rgb = RED
    return p


def _drawn_line(paragraph: Any) -> None:
    """A red line drawn with Word's line tool (VML), as older Word files have it."""
    from docx.oxml import parse_xml

    run = parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
        '<v:line from="0,0" to="442pt,0" strokecolor="red" strokeweight="2pt"/>'
        "</w:pict></w:r>"
    )
    paragraph._p.append(run)


def _photo_table(doc: Any) -> None:
    """Two photos side by side in a borderless table, each caption under its photo."""
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    for cell, (color, caption) in zip(
        t.rows[0].cells, (((30, 120, 30), "座谈会现场"), ((30, 30, 160), "实地走访")), strict=True
    ):
        cell.paragraphs[0].add_run().add_picture(io.BytesIO(photo_bytes(color)))
        cell.add_paragraph(caption).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _no_borders(table: Any) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def make_clerk(kind: str, folder: Path) -> tuple[Path, dict[str, Any]]:
    """Write the ``kind`` clerk file into ``folder``; return it and its expected issue."""
    doc = docx.Document()
    indent = "\u3000\u3000" if kind == "fullwidth" else ""
    issue_line = {
        "direct": "（2021年第3期）", "styles": "第3期", "fullwidth": "（2021年第3期）（总第40期）",
        "table": "第3期（总第40期）", "ruled": "（2021年第3期）", "resaved": "（2021年第3期）",
        "drawn": "增刊（总第41期）",
    }[kind]
    if kind in ("direct", "ruled", "resaved"):
        _para(doc, "内部资料  注意保存")
    title = "工 作 简 报" if kind == "fullwidth" else "工作简报"
    _para(doc, title, size=36, red=True, center=True, bold=True)
    _para(doc, issue_line, center=True)
    if kind == "table":
        t = doc.add_table(rows=1, cols=2)
        _no_borders(t)
        t.cell(0, 0).text = "县政府办公室"
        t.cell(0, 1).text = "2021年3月15日"
        rule = _para(doc)
        _bottom_border(rule)
    elif kind in ("styles", "ruled"):
        p = _para(doc, "县政府办公室\t2021年3月15日")
        p.paragraph_format.tab_stops.add_tab_stop(Pt(440), WD_TAB_ALIGNMENT.RIGHT)
        _bottom_border(p)
    elif kind == "drawn":
        _para(doc, "县政府办公室              2021年3月15日")
        _drawn_line(doc.add_paragraph())
    else:
        p = _para(doc, "县政府办公室              2021年3月15日")
        _bottom_border(p)
    contents = kind in ("direct", "styles", "ruled", "resaved")
    if contents:
        _para(doc, "本期要目", center=True, bold=True)
        _para(doc, "【工作动态】")
        _para(doc, "全力推进重点项目建设")
        _para(doc, "扎实开展环境整治")
        _para(doc, "【经验交流】")
        _para(doc, "基层治理的几点体会")
    if kind in ("direct", "fullwidth"):
        _para(doc, indent + "编者按：本期刊登近期重点工作进展，供参考。")
    title_style = "Heading 1" if kind == "styles" else None
    sections = [
        ("工作动态", [
            ("全力推进重点项目建设", "县发改委", ["李明"], [BODY1, BODY2, BODY3], True),
            ("扎实开展环境整治", "县生态环境局", ["王芳", "赵强"], [BODY1, BODY3], False),
        ]),
        ("经验交流", [("基层治理的几点体会", "城关镇", ["陈静"], [BODY2, BODY3], False)]),
    ]
    expected_sections: list[dict[str, Any]] = []
    for stitle, articles in sections:
        _para(doc, f"【{stitle}】", bold=True)
        exp_articles = []
        for atitle, unit, authors, body, photo in articles:
            p = _para(doc, atitle, size=22 if kind != "styles" else None, center=True,
                      bold=kind != "styles", style=title_style)
            if kind == "styles":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _para(doc, f"{unit}  {'、'.join(authors)}", center=True)
            if kind == "drawn" and not photo and unit == "城关镇":
                _para(doc, "**按：**基层治理经验值得推广。")
            for i, text in enumerate(body):
                _para(doc, indent + text)
                if photo and i == 0:
                    picture = io.BytesIO(photo_bytes((200, 30, 30)))
                    doc.add_paragraph().add_run().add_picture(picture)
                    _para(doc, "项目现场", center=True)
                if kind == "drawn" and unit == "城关镇" and i == 0:
                    _photo_table(doc)
            exp: dict[str, Any] = {"title": atitle, "unit": unit,
                                   "author": authors[0] if len(authors) == 1 else authors}
            blocks = list(body)
            if photo:
                blocks.insert(1, "![项目现场](photos/01-项目现场.jpg)")
            if kind == "drawn" and unit == "城关镇":
                exp["note"] = "基层治理经验值得推广。"
                blocks.insert(1, "![座谈会现场](photos/02-座谈会现场.jpg)  "
                                 "![实地走访](photos/03-实地走访.jpg)")
            exp["body"] = "\n\n".join(blocks)
            exp_articles.append(exp)
        expected_sections.append({"title": stitle, "articles": exp_articles})
    rows = [("报", "县委、县政府领导。"), ("送", "各乡镇，县直各单位。")]
    if kind in ("ruled", "fullwidth"):
        for label, to in rows:
            p = _para(doc, f"{label}：{to}")
            _bottom_border(p, "000000")
        _para(doc, "（共印80份）")
    else:
        t = doc.add_table(rows=len(rows), cols=1)
        for i, (label, to) in enumerate(rows):
            t.cell(i, 0).text = f"{label}：{to}" + ("\t（共印80份）" if i == len(rows) - 1 else "")
    issue: dict[str, Any] = {"number": 1, "label": "增刊"} if kind == "drawn" else {"number": 3}
    if "2021年" in issue_line:
        issue["year"] = 2021
    if "总第40期" in issue_line:
        issue["total"] = 40
    if "总第41期" in issue_line:
        issue["total"] = 41
    masthead: dict[str, Any] = {"title": "工作简报", "issue": issue, "issuer": "县政府办公室",
                                "date": "2021-03-15"}
    if kind in ("direct", "ruled", "resaved"):
        masthead["marking"] = "内部资料 注意保存"
    expected: dict[str, Any] = {"masthead": masthead}
    if not contents:
        expected["contents"] = False
    if kind in ("direct", "fullwidth"):
        expected["preface"] = "本期刊登近期重点工作进展，供参考。"
    expected["sections"] = expected_sections
    expected["distribution"] = [{"label": a, "to": b} for a, b in rows]
    expected["copies"] = 80
    path = folder / f"{kind}.docx"
    doc.save(str(path))
    return path, expected


KINDS = ("direct", "styles", "fullwidth", "table", "ruled", "resaved", "drawn")

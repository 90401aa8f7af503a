"""Masthead, red rule, page numbers, 报尾 and fonts, measured, into checks."""

from __future__ import annotations

from ..layout import mm_to_pt
from .common import mm, places, within
from .extract import Line
from .measure import Layout
from .report import Check


def _title(lay: Layout) -> Line | None:
    pool = lay.masthead or (lay.doc.pages[0].lines if lay.doc.pages else [])
    big = [ln for ln in pool if ln.size >= lay.profile.title_min_size_pt - 0.5]
    return max(big, key=lambda ln: ln.size) if big else None


def masthead_checks(lay: Layout) -> list[Check]:
    p = lay.profile
    title = _title(lay)
    if title is None:
        return [Check("title", "报头标题", "fail", None, None, None, "",
                      f"第1页没有找到 {p.title_min_size_pt:g} pt 以上的标题。")]
    text = title.text.strip()
    red = p.red.upper()
    colours = sorted({g.color for g in title.visible})
    c_colour = Check("title_colour", "报头标题颜色", "pass" if colours == [red] else "fail",
                     "、".join(colours), red, None, "", f"标题「{text}」。")
    centre = (title.left + title.right) / 2
    c_centre = within("title_centre", "报头标题居中（中心距版心中线）", [(centre - lay.grid.centre,
                      "标题")], 0.0, lay.tolerances.title_centre_tol_pt, unit=" pt")
    size = title.size
    c_size = Check("title_size", "报头标题字号",
                   "pass" if p.title_min_size_pt - lay.tolerances.size_tol_pt <= size
                   <= p.size_chuhao_pt + lay.tolerances.size_tol_pt else "fail",
                   size, [p.title_min_size_pt, p.size_chuhao_pt], None, " pt")
    top = title.baseline - p.em_ascent * size - lay.grid.top
    c_top = within("title_top", "报头标题上沿距版心上边", [(top, "标题")],
                   mm_to_pt(p.title_top_mm), mm_to_pt(lay.tolerances.title_top_tol_mm),
                   unit=" mm", show=mm)
    return [c_colour, c_centre, c_size, c_top, *_red_rule(lay)]


def _red_rule(lay: Layout) -> list[Check]:
    p = lay.profile
    rule = lay.red_rule
    if rule is None:
        return [Check("red_rule", "红色分隔线", "fail", None, f"{p.type_width_mm:g} mm", None, "",
                      "第1页没有找到与版心同宽的红线。")]
    tol = lay.tolerances.position_tol_pt
    ends = max(abs(rule.x0 - lay.grid.left), abs(rule.x1 - lay.grid.right))
    c_width = Check("red_rule_width", "红线宽度", "pass" if ends <= tol else "fail",
                    round(mm(rule.width), 2), p.type_width_mm, round(mm(tol), 2), " mm",
                    f"左端 {mm(rule.x0):.2f} mm，右端 {mm(rule.x1):.2f} mm。")
    c_thick = within("red_rule_thickness", "红线粗细", [(rule.thickness, "红线")],
                     p.rule_thickness_pt, lay.tolerances.rule_thickness_tol_pt)
    c_colour = Check("red_rule_colour", "红线颜色", "pass" if rule.color == p.red.upper()
                     else "fail", rule.color, p.red.upper())
    above = [ln for ln in lay.masthead if ln.baseline < rule.y]
    if not above:
        c_gap = Check("red_rule_gap", "红线距发文单位行", "fail", None, p.rule_gap_mm, None,
                      " mm", "红线上方没有文字行。")
    else:
        issuer = above[-1]
        c_gap = within("red_rule_gap", "红线距发文单位行基线", [(rule.y - issuer.baseline,
                       f"「{issuer.text.strip()[:12]}」")], mm_to_pt(p.rule_gap_mm),
                       mm_to_pt(lay.tolerances.rule_gap_tol_mm), unit=" mm", show=mm)
    return [c_width, c_thick, c_colour, c_gap]


def page_number_checks(lay: Layout) -> list[Check]:
    p = lay.profile
    size = p.page_number_style.size_pt
    indent = p.page_number_indent_chars * size
    missing: list[str] = []
    wrong: list[str] = []
    sizes: list[tuple[float, str]] = []
    gaps: list[tuple[float, str]] = []
    sides: list[tuple[float, str]] = []
    for pg in lay.doc.pages:
        n = pg.number
        line = lay.page_numbers.get(n)
        if line is None:
            missing.append(f"第{n}页")
            continue
        got = "".join(line.text.split())
        want = "".join(p.page_number_text(n).split())
        if got != want:
            wrong.append(f"第{n}页为「{line.text.strip()}」")
        sizes.append((line.size, f"第{n}页"))
        gaps.append((line.baseline - p.em_ascent * line.size - lay.grid.bottom, f"第{n}页"))
        if n % 2:
            gap = lay.grid.right - line.right
            sides.append((gap, f"第{n}页（单页，距右 {gap:.1f} pt）"))
        else:
            gap = line.left - lay.grid.left
            sides.append((gap, f"第{n}页（双页，距左 {gap:.1f} pt）"))
    bad = [*missing, *wrong]
    detail = f"共 {len(lay.doc.pages)} 页"
    if missing:
        detail += f"；缺页码：{places(missing)}"
    if wrong:
        detail += f"；页码不符：{places(wrong)}"
    c_text = Check("page_number_text", "页码文字（— N —，与页序一致）",
                   "fail" if bad else "pass", len(lay.doc.pages) - len(bad),
                   len(lay.doc.pages), None, " 页", detail + "。")
    c_size = within("page_number_size", "页码字号", sizes, size, lay.tolerances.size_tol_pt,
                    unit=" pt", what="页")
    c_gap = within("page_number_gap", "页码距版心下边（字身框上沿）", gaps,
                   mm_to_pt(p.page_number_gap_mm), lay.tolerances.position_tol_pt, unit=" mm",
                   show=mm, what="页")
    c_side = within("page_number_side", "页码位置（单页居右、双页居左，空一字）", sides, indent,
                    lay.tolerances.position_tol_pt, unit=" pt", what="页")
    return [c_text, c_size, c_gap, c_side]

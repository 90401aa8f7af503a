"""Headings, tables and photos inside a body (format 1.1) into checks: faces, type area, headers.

Headings are found by their ordinals at a body line's start (issuefile/headings.py);
tables by their thin black rules; a table that goes on at the top of a page must begin
there with the header row it began with.
"""

from __future__ import annotations

from collections import defaultdict

from ..issuefile.headings import heading_level
from .common import places
from .extract import Line, Page, Rule
from .measure import Layout, is_table_rule
from .report import Check

#: Rules further apart than this many grid lines belong to two tables.
_TABLE_GAP_LINES = 4


def structure_checks(lay: Layout) -> list[Check]:
    return [_heading_faces(lay), *_tables(lay)]


def _heading_faces(lay: Layout) -> Check:
    """Every heading of a level in one face; levels 一、 （一） （1） in three faces."""
    faces: dict[int, set[str]] = defaultdict(set)
    size = lay.profile.body_size_pt
    for page in lay.doc.pages:
        for ln in page.lines:
            found = heading_level(ln.text.strip())
            if found is None or abs(ln.size - size) > lay.tolerances.size_tol_pt:
                continue
            if not lay.is_indented(ln):
                continue
            level, length = found
            ordinal = [g for g in ln.visible][:length]
            faces[level].update(g.font for g in ordinal)
    name = "正文各级标题字体（一、黑体，（一）楷体，1. 仿宋加粗，（1）仿宋）"
    if not faces:
        return Check("heading_faces", name, "info", None, None, None, "", "没有层次标题，不适用。")
    mixed = [lv for lv, f in faces.items() if len(f) > 1]
    one = {lv: next(iter(f)) for lv, f in faces.items() if len(f) == 1}
    clash = [(a, b) for a in (1, 2, 4) for b in (1, 2, 4) if a < b and a in one and b in one
             and one[a] == one[b]]
    bad = [f"第{lv}级用了 {len(faces[lv])} 种字体" for lv in mixed]
    bad += [f"第{a}级与第{b}级同为 {one[a]}" for a, b in clash]
    detail = "；".join(f"第{lv}级 {'、'.join(sorted(f))}" for lv, f in sorted(faces.items()))
    return Check("heading_faces", name, "fail" if bad else "pass", len(faces), None, None,
                 " 级", detail + (f"；{places(bad)}。" if bad else "。"))


def _blocks(page: Page, lay: Layout) -> list[list[Rule]]:
    rules = [r for r in page.rules if is_table_rule(r, lay.profile)]
    out: list[list[Rule]] = []
    for r in sorted(rules, key=lambda r: r.y):
        if out and r.y - out[-1][-1].y <= _TABLE_GAP_LINES * lay.profile.line_pitch_pt:
            out[-1].append(r)
        else:
            out.append([r])
    return out


def _first_row(page: Page, top: float, lay: Layout) -> str:
    under = [ln for ln in page.lines if 0 < ln.baseline - top < 2 * lay.profile.line_pitch_pt]
    return _text(min(under, key=lambda ln: ln.baseline)) if under else ""


def _text(ln: Line) -> str:
    return "".join(g.char for g in ln.visible)


def _tables(lay: Layout) -> list[Check]:
    g = lay.grid
    tol = lay.tolerances.position_tol_pt
    count = worst = 0.0
    outside: list[str] = []
    repeated = 0
    missing: list[str] = []
    header = ""
    for page in lay.doc.pages:
        for i, block in enumerate(_blocks(page, lay)):
            count += 1
            out = max(max(g.left - r.x0, r.x1 - g.right, 0.0) for r in block)
            worst = max(worst, out)
            if out > tol:
                outside.append(f"第{page.number}页（超出 {out:.1f} pt）")
            top = block[0].y
            first = _first_row(page, top, lay)
            text_above = any(ln.baseline < top and ln.is_body for ln in page.lines)
            if i == 0 and header and top - g.top <= tol and not text_above:
                repeated += 1
                if first != header:
                    missing.append(f"第{page.number}页（首行“{first}”）")
            else:
                header = first
    name = "表格在版心内"
    if not count:
        return [Check("tables_in_type_area", name, "info", None, 0.0, tol, " pt",
                      "没有表格，不适用。")]
    checks = [Check("tables_in_type_area", name, "fail" if outside else "pass", round(worst, 2),
                    0.0, tol, " pt", f"共 {int(count)} 处" + (f"；{places(outside)}。" if outside
                                                              else "。"))]
    head = "跨页表格续页重复表头"
    if repeated:
        checks.append(Check("table_header_repeated", head, "fail" if missing else "pass",
                            repeated - len(missing), repeated, None, " 页",
                            f"续页 {repeated} 页" + (f"；缺表头：{places(missing)}。" if missing
                                                     else "，每页首行是表头。")))
    else:
        checks.append(Check("table_header_repeated", head, "info", None, None, None, "",
                            "没有跨页的表格，不适用。"))
    return checks

"""The 报尾 (footer block) and the fonts, measured, into checks."""

from __future__ import annotations

import itertools

from ..layout import mm_to_pt
from .common import mm, places, within
from .measure import Layout
from .report import Check


def footer_checks(lay: Layout) -> list[Check]:
    p = lay.profile
    rules = lay.footer_rules
    last = len(lay.doc.pages)
    if len(rules) < 2:
        return [Check("footer", "报尾", "fail", len(rules), "≥2", None, " 条线",
                      f"末页（第{last}页）没有找到报尾的黑色通栏线。")]
    bottom = within("footer_bottom", "报尾末条线距版心下边", [(rules[-1].y - lay.grid.bottom,
                    f"第{last}页")], 0.0, mm_to_pt(lay.tolerances.footer_bottom_tol_mm), unit=" mm",
                    show=mm)
    tol = mm_to_pt(lay.tolerances.footer_rule_tol_mm)
    outer = [(r.thickness, "首线" if i == 0 else "末线")
             for i, r in enumerate(rules) if i in (0, len(rules) - 1)]
    inner = [(r.thickness, f"第{i + 1}条") for i, r in enumerate(rules[1:-1], start=1)]
    c_outer = within("footer_rule_outer", "报尾首末线粗细", outer, mm_to_pt(p.footer_rule_outer_mm),
                     tol, unit=" mm", show=mm, what="条")
    checks = [bottom, c_outer]
    if inner:
        checks.append(within("footer_rule_inner", "报尾中间线粗细", inner,
                             mm_to_pt(p.footer_rule_inner_mm), tol, unit=" mm", show=mm,
                             what="条"))
    widths = [(max(abs(r.x0 - lay.grid.left), abs(r.x1 - lay.grid.right)), f"第{i + 1}条")
              for i, r in enumerate(rules)]
    checks.append(within("footer_rule_width", "报尾线与版心同宽（两端偏差）", widths, 0.0,
                         lay.tolerances.position_tol_pt, unit=" pt", what="条"))
    size = p.footer_style.size_pt
    rows = [(ln.size, f"「{ln.text.strip()[:10]}」") for ln in lay.footer_lines]
    c_rows = within("footer_row_size", "报尾各行字号", rows, size, lay.tolerances.size_tol_pt,
                    unit=" pt", what="行")
    gaps = [i + 1 for i, (a, b) in enumerate(itertools.pairwise(rules))
            if not any(a.y < ln.baseline < b.y for ln in lay.footer_lines)]
    if gaps:
        c_rows = Check(c_rows.id, c_rows.name, "fail", c_rows.measured, c_rows.expected,
                       c_rows.tolerance, c_rows.unit,
                       f"第 {'、'.join(map(str, gaps))} 条线下没有文字行。")
    checks.append(c_rows)
    return checks


def font_checks(lay: Layout, requested: list[str] | None = None) -> list[Check]:
    fonts = lay.doc.fonts
    loose = [f.name for f in fonts if not f.embedded]
    c_embed = Check("fonts_embedded", "字体全部嵌入", "fail" if loose else "pass",
                    len(fonts) - len(loose), len(fonts), None, " 种",
                    f"未嵌入：{'、'.join(loose)}。" if loose else
                    f"字体：{'、'.join(f.name for f in fonts)}。")
    notdef = [
        f"第{ln.page}页「{g.char}」({g.font})"
        for page_lines in lay.flow.values() for ln in page_lines
        for g in ln.visible if g.glyph_id == 0
    ]
    c_notdef = Check("glyphs_present", "缺字（以 .notdef 画出的字）", "fail" if notdef else "pass",
                     len(notdef), 0, None, " 字", f"{places(notdef)}。" if notdef else "")
    checks = [c_embed, c_notdef]
    if requested is not None:
        checks.append(_substitutions(lay, requested))
    return checks


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _substitutions(lay: Layout, requested: list[str]) -> Check:
    """The fonts the .docx asks for against the fonts in the PDF: what stood in for each."""
    from .docx import resolve_fonts

    present = [f.name for f in lay.doc.fonts]
    have = {_norm(n): n for n in present}
    resolved = resolve_fonts([r for r in requested if _norm(r) not in have], lay.profile)
    pairs: list[str] = []
    for r in requested:
        if _norm(r) in have:
            pairs.append(f"{r}（原字体）")
            continue
        family, ps = resolved.get(r, ("", ""))
        used = next((n for k, n in have.items() if ps and k.startswith(_norm(ps))), "")
        if family:
            pairs.append(f"{r} → {family}" + (f"（PDF：{used}）" if used else "（PDF 中未用到）"))
        else:
            pairs.append(f"{r} → ？")
    detail = f"PDF 中的字体：{'、'.join(present)}。"
    return Check("font_substitution", "字体替换（.docx 要求 → LibreOffice 实际）", "info",
                 "；".join(pairs), None, None, "", detail)

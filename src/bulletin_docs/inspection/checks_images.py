"""Placed images (photos) into a check: each lies inside the type area."""

from __future__ import annotations

from .common import places
from .measure import Layout
from .report import Check


def image_checks(lay: Layout) -> list[Check]:
    tol = lay.tolerances.position_tol_pt
    g = lay.grid
    count = 0
    worst = 0.0
    bad: list[str] = []
    for pg in lay.doc.pages:
        for x0, y0, x1, y1 in pg.images:
            count += 1
            out = max(g.left - x0, x1 - g.right, g.top - y0, y1 - g.bottom, 0.0)
            worst = max(worst, out)
            if out > tol:
                bad.append(f"第{pg.number}页（{x0:.1f}–{x1:.1f} pt，超出 {out:.1f} pt）")
    name = "图片在版心内"
    if not count:
        return [Check("images_in_type_area", name, "info", None, 0.0, tol, " pt",
                      "没有图片，不适用。")]
    detail = f"共 {count} 张" + (f"；超出版心：{places(bad)}。" if bad else "。")
    return [Check("images_in_type_area", name, "fail" if bad else "pass", round(worst, 2), 0.0,
                  tol, " pt", detail), _captions(lay)]


def _captions(lay: Layout) -> Check:
    """Each caption (under a photo, in the caption size) stays inside its photo's column."""
    p = lay.profile
    tol = lay.tolerances.position_tol_pt
    size = p.caption_style.size_pt
    n = p.photos_per_row
    step = p.photo_column_width_pt + p.photo_gap_pt
    cols = [(lay.grid.left + i * step, lay.grid.left + i * step + p.photo_column_width_pt)
            for i in range(n)]
    count = 0
    worst = 0.0
    bad: list[str] = []
    for pg in lay.doc.pages:
        bottoms = [b[3] for b in pg.images]
        for ln in pg.lines:
            if abs(ln.size - size) > lay.tolerances.size_tol_pt or not any(
                    0 < ln.baseline - y <= 2 * p.line_pitch_pt for y in bottoms):
                continue
            for i, (x0, x1) in enumerate(cols):
                lo = x0 - p.photo_gap_pt / 2 if i else float("-inf")
                hi = x1 + p.photo_gap_pt / 2 if i < n - 1 else float("inf")
                mine = [g for g in ln.visible if lo <= g.x < hi]
                if not mine:
                    continue
                count += 1
                out = max(x0 - mine[0].x, mine[-1].right - x1, 0.0)
                worst = max(worst, out)
                if out > tol:
                    text = "".join(g.char for g in mine)
                    bad.append(f"第{pg.number}页第{i + 1}栏「{text}」超出 {out:.1f} pt")
    name = "图片说明在本栏内"
    if not count:
        return Check("captions_in_column", name, "info", None, 0.0, tol, " pt",
                     "没有图片说明，不适用。")
    detail = f"共 {count} 条" + (f"；{places(bad)}。" if bad else "。")
    return Check("captions_in_column", name, "fail" if bad else "pass", round(worst, 2), 0.0,
                 tol, " pt", detail)

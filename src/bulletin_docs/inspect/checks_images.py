"""Placed images (photos) into a check: each lies inside the type area."""

from __future__ import annotations

from .common import places
from .measure import Layout
from .report import Check


def image_checks(lay: Layout) -> list[Check]:
    tol = lay.profile.inspect_position_tol_pt
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
                  tol, " pt", detail)]

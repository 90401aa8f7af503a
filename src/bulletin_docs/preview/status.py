"""A laid-out issue into the preview's status line: pages, the last page's fill, fonts, gaps."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..layout import LayoutProfile, mm_to_pt
from ..pdf.items import Layout, Picture

EPS = 0.01


@dataclass(frozen=True)
class Status:
    """What the status line says about one rendering."""

    pages: int
    last_page_lines: int
    lines_per_page: int
    footer_page: int
    borrowed_chars: int
    missing_chars: int
    placeholders: int

    def text(self) -> str:
        """E.g. ``共 11 页；最后一页已排 17/22 行；报尾在第 11 页；…；未填写 0 处``."""
        parts = [
            f"共 {self.pages} 页",
            f"最后一页已排 {self.last_page_lines}/{self.lines_per_page} 行",
            f"报尾在第 {self.footer_page} 页",
            f"改用其他字体的字 {self.borrowed_chars} 个",
        ]
        if self.missing_chars:
            parts.append(f"所有字体都没有的字 {self.missing_chars} 个")
        parts.append(f"未填写 {self.placeholders} 处")
        return "；".join(parts)


def last_page_lines(layout: Layout, footer_height: float, profile: LayoutProfile) -> int:
    """Lines of the type area the last page fills: its content above the 报尾, and the 报尾.

    The 报尾 sits at the bottom of the last page's type area (pdf/paginate.py); what lies
    above its top counts from the type area's top to its lowest baseline, rule or photo.
    """
    top = mm_to_pt(profile.margin_top_mm)
    foot_top = top + profile.type_height_pt - footer_height
    pitch = profile.line_pitch_pt
    bottom = top
    for item in layout.pages[-1].items:
        low = item.y + item.height if isinstance(item, Picture) else item.y
        if top - EPS <= low < foot_top - EPS:
            bottom = max(bottom, low)
    above = math.ceil((bottom - top) / pitch - EPS)
    return min(profile.lines_per_page, above + round(footer_height / pitch))


def status_of(
    layout: Layout, footer_height: float, profile: LayoutProfile, placeholders: int
) -> Status:
    """The status line's figures for ``layout`` (whose 报尾 is ``footer_height`` high)."""
    return Status(
        pages=len(layout.pages),
        last_page_lines=last_page_lines(layout, footer_height, profile),
        lines_per_page=profile.lines_per_page,
        footer_page=len(layout.pages),
        borrowed_chars=len({ch for _, ch, _ in layout.borrowed}),
        missing_chars=len(set(layout.missing_glyphs)),
        placeholders=placeholders,
    )

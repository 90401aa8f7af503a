"""The 报头 into one slice: marking, red title at the size that fits, 期号, issuer/date, rule."""

from __future__ import annotations

import math
from dataclasses import replace

from ..layout import LayoutProfile, TextStyle, mm_to_pt
from ..model import Masthead
from .items import Item, Rule
from .lines import EMPTY_LINE, Align, Line, Piece, set_lines, text_width
from .slices import Slice, baseline_in, place_line
from .typesetter import Typesetter


def title_lines(profile: LayoutProfile) -> int:
    """Grid lines the title's line takes (two for 初号), as in the .docx."""
    return math.ceil(profile.title_style.size_pt / profile.line_pitch_pt)


def masthead_slice(m: Masthead, ts: Typesetter) -> Slice:
    """The 报头 from the top of the type area down to (and with) its red rule."""
    p = ts.profile
    pitch = p.line_pitch_pt
    width = p.type_width_pt
    items: list[Item] = []
    y = 0.0

    def lines_of(text: str, style: TextStyle, align: Align, w: float = width) -> list[Line]:
        return set_lines([Piece(text, style)], ts, w, align=align)

    # 1. marking: one grid line, kept even when empty (as in the .docx)
    marking = lines_of(m.marking, p.marking_style, "left") if m.marking else [EMPTY_LINE]
    for line in marking:
        items.extend(place_line(line, y + baseline_in(pitch, p)))
        y += pitch
    # 2. title: its em box top title_top_mm below the type area's top
    block = title_lines(p) * pitch
    full = p.title_style.size_pt
    em_top = baseline_in(block, p) - p.em_ascent * full
    y += max(0.0, mm_to_pt(p.title_top_mm) - em_top - pitch)
    st = p.title_style
    style = replace(st, size_pt=p.title_size_pt_for(m.title))
    for line in lines_of(m.title, style, "center"):
        items.extend(place_line(line, y + baseline_in(block, p)))
        y += block
    # 3. 期号
    for line in lines_of(m.issue.text, p.issue_line_style, "center"):
        items.extend(place_line(line, y + baseline_in(pitch, p)))
        y += pitch
    # 4. issuer flush left, date flush right (on the issuer's last line)
    date = lines_of(m.date.text, p.issuer_line_style, "right")
    date_w = text_width([Piece(m.date.text, p.issuer_line_style)], ts)
    issuer = lines_of(m.issuer, p.issuer_line_style, "left", width - date_w - p.char_pitch_pt)
    base = y + baseline_in(pitch, p)
    for line in issuer or [EMPTY_LINE]:
        base = y + baseline_in(pitch, p)
        items.extend(place_line(line, base))
        y += pitch
    for line in date[:1]:
        items.extend(place_line(line, base))
    # 5. the red rule rule_gap_mm under the baseline; the line grows by the gap and the rule
    gap = mm_to_pt(p.rule_gap_mm)
    below = max(0.0, gap - (y - base))
    thick = p.rule_thickness_pt
    items.append(Rule(0.0, width, base + gap + thick / 2, thick, p.red))
    y += below + thick
    return Slice(y, tuple(items))

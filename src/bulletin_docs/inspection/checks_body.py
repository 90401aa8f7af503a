"""Body-flow measurements into checks: paper, margins, right edge, baselines, pitch, counts."""

from __future__ import annotations

import itertools
from dataclasses import replace
from statistics import median

from ..chars import is_full_width
from ..layout import LayoutProfile
from .common import mm, places, where, within
from .measure import Layout
from .report import Check

_ASCII = "".join(chr(c) for c in range(0x21, 0x7F))


def _can_break(before: str, after: str, p: LayoutProfile) -> bool:
    """Whether a line may end after ``before`` and the next begin with ``after`` (禁则)."""
    if after in p.no_line_start or before in p.no_line_end:
        return False
    return not (before in _ASCII and after in _ASCII)  # words and numbers stay whole


def _carried_down(following: str, k: int, p: LayoutProfile) -> bool:
    """Whether a line k ems short is right: nothing of the next line could end it (禁则, numbers).

    The next line's first j characters would have fitted in the k ems left only if a line
    could break after them; full-width characters take one em, half-width ones half.
    """
    auto = p.libreoffice.latin_autospace_em  # space between Han and Latin (as LibreOffice adds)
    width = 0.0
    prev_ascii = False  # the line being measured ends with a Han character
    for j in range(1, len(following) + 1):
        is_ascii = following[j - 1] in _ASCII
        width += (0.5 if is_ascii else 1.0) + (auto if is_ascii != prev_ascii else 0.0)
        prev_ascii = is_ascii
        if width > k + 0.01:
            return True
        if j == len(following) or _can_break(following[j - 1], following[j], p):
            return False
    return True


def page_size(lay: Layout) -> Check:
    p = lay.profile
    w, h = p.page_width_pt, p.page_height_pt
    tol = lay.tolerances.page_size_tol_pt
    worst = max(lay.doc.pages, key=lambda pg: max(abs(pg.width - w), abs(pg.height - h)))
    bad = [f"第{pg.number}页 {mm(pg.width):.1f}×{mm(pg.height):.1f} mm" for pg in lay.doc.pages
           if max(abs(pg.width - w), abs(pg.height - h)) > tol]
    detail = f"共 {len(lay.doc.pages)} 页" + (f"；不符：{places(bad)}。" if bad else "。")
    return Check("page_size", "纸张大小", "fail" if bad else "pass",
                 f"{mm(worst.width):.1f}×{mm(worst.height):.1f}",
                 f"{p.page_width_mm:g}×{p.page_height_mm:g}", round(mm(tol), 2), " mm", detail)


def body_size(lay: Layout) -> Check:
    p = lay.profile
    if not lay.body:
        return Check("body_size", "正文字号", "fail", None, p.body_size_pt,
                     lay.tolerances.size_tol_pt, " pt", "没有找到正文行。")
    ok = abs(lay.body_size - p.body_size_pt) <= lay.tolerances.size_tol_pt
    return Check("body_size", "正文字号", "pass" if ok else "fail", lay.body_size,
                 p.body_size_pt, lay.tolerances.size_tol_pt, " pt",
                 f"正文字体 {lay.body_font}，共 {len(lay.body)} 行正文。")


def left_margin(lay: Layout) -> list[Check]:
    """Every body line starts at the left margin, or one indent in (first lines)."""
    p = lay.profile
    indent = p.first_line_indent_pt
    vals = []
    for ln in lay.body:
        shift = indent if ln.left - lay.flow_left > indent / 2 else 0.0
        vals.append((ln.left - shift, where(lay, ln)))
    c1 = within("left_margin", "左边距（订口）：正文行起点", vals, lay.grid.left,
                lay.tolerances.position_tol_pt, unit=" mm", show=mm, what="行")
    ind = [(ln.left - lay.flow_left, where(lay, ln)) for ln in lay.body
           if ln.left - lay.flow_left > indent / 2]
    c2 = within("first_line_indent", "首行缩进", ind, indent, lay.tolerances.position_tol_pt,
                what="段", empty="info")
    return [c1, c2]


def right_edge(lay: Layout) -> Check:
    """Full lines end on the right edge; a hanging mark the profile allows starts there."""
    p = lay.profile
    tol = lay.tolerances.position_tol_pt
    hanging = p.hanging_punctuation
    vals: list[tuple[float, str]] = []
    hung = 0
    for ln in lay.full_lines:
        vis = ln.visible
        if hanging and len(vis) > 1 and vis[-1].char in hanging and vis[-1].x >= \
                lay.grid.right - tol:
            hung += 1
            vals.append((vis[-2].right, where(lay, ln) + f"（悬挂「{vis[-1].char}」前）"))
        else:
            vals.append((ln.right, where(lay, ln)))
    c = within("right_edge", "满行右端（版心右边）", vals, lay.grid.right, tol, unit=" mm",
               show=mm, what="行", empty="info")
    over = [w for v, w in vals if v > lay.grid.right + tol]
    short = [v for v, w in vals if v < lay.grid.right - tol]
    note = []
    if hung:
        note.append(f"行末标点悬挂 {hung} 行（版式参数 hanging_punctuation 允许，量其前一字）")
    if over:
        worst = max(v for v, _ in vals) - lay.grid.right
        note.append(f"超出右边 {len(over)} 行（最多超出 {worst:.2f} pt）")
    if short:
        note.append(f"不到右边 {len(short)} 行（最多差 {lay.grid.right - min(short):.2f} pt）")
    return replace(c, detail=c.detail + "其中" + "，".join(note) + "。") if note else c


def first_baseline(lay: Layout) -> Check:
    """The first body line of pages 2… sits where the profile puts an exact line's baseline.

    Expected: ``exact_line_baseline_share`` of the line pitch below the type area's top,
    the same on every page.
    """
    p = lay.profile
    expected = p.exact_line_baseline_share * p.line_pitch_pt
    tol = lay.tolerances.position_tol_pt
    spread_tol = lay.tolerances.first_baseline_spread_pt
    vals: list[tuple[float, str]] = []
    for number, lines in lay.flow.items():
        if number > 1 and lines and lines[0].is_body:
            vals.append((lines[0].baseline - lay.grid.top, f"第{number}页"))
    name = "续页首行基线（距版心上边）"
    if not vals:
        return Check("first_baseline", name, "info", None, round(expected, 2), tol, " pt",
                     "没有以正文开头的续页，不适用。")
    out = [f"{w}（{v:.2f}）" for v, w in vals if abs(v - expected) > tol + 0.01]
    spread = max(v for v, _ in vals) - min(v for v, _ in vals)
    detail = f"共 {len(vals)} 页，各页相差 {spread:.2f} pt"
    bad = bool(out) or spread > spread_tol
    if out:
        detail += f"；超差：{places(out)}"
    if spread > spread_tol:
        detail += f"（各页应一致，允许 {spread_tol} pt）"
    worst = max(vals, key=lambda vw: abs(vw[0] - expected))[0] if bad else median(
        v for v, _ in vals)
    return Check("first_baseline", name, "fail" if bad else "pass", round(worst, 2),
                 round(expected, 2), tol, " pt", detail + "。")


def line_pitch(lay: Layout) -> Check:
    p = lay.profile
    vals: list[tuple[float, str]] = []
    for para in lay.paragraphs:
        for a, b in itertools.pairwise(para):
            if a.page == b.page:
                vals.append((b.baseline - a.baseline, where(lay, b)))
    c = within("line_pitch", "行距（段内相邻基线）", vals, p.line_pitch_pt,
               lay.tolerances.pitch_tol_pt, what="处", empty="info")
    if vals:
        c = replace(c, detail=c.detail + f"中位数 {median(v for v, _ in vals):.2f} pt。")
    return c


def lines_per_page(lay: Layout) -> Check:
    """Pages of body text only, whose paragraph runs on to the next page, hold 22 lines."""
    p = lay.profile
    full = {id(ln) for ln in lay.full_lines}
    vals: list[tuple[float, str]] = []
    for pg in lay.doc.pages[:-1]:
        lines = lay.flow[pg.number]
        if not lines or pg.images or (pg.number == 1 and lay.masthead):
            continue
        if all(ln.is_body for ln in lines) and id(lines[-1]) in full:
            vals.append((float(len(lines)), f"第{pg.number}页（{len(lines)} 行）"))
    name = "满页行数"
    if not vals:
        return Check("lines_per_page", name, "info", None, p.lines_per_page, None, " 行",
                     "没有整页正文的续排页，不适用。")
    return within("lines_per_page", name, vals, float(p.lines_per_page), 0.0, unit=" 行",
                  show=int, what="页")


def chars_per_line(lay: Layout) -> Check:
    """Full lines of full-width characters hold 28; one fewer or more only for 禁则 (kinsoku)."""
    p = lay.profile
    n = p.chars_per_line
    vals: list[tuple[float, str]] = []
    bad: list[str] = []
    bad_counts: list[int] = []
    paras_next = {}
    for para in lay.paragraphs:
        for a, b in itertools.pairwise(para):
            paras_next[id(a)] = b
    for ln in lay.full_lines:
        text = "".join(g.char for g in ln.visible)
        if not text or not all(is_full_width(ch) for ch in text):
            continue
        count = len(text) + (p.first_line_indent_chars if not lay.is_flush(ln) else 0)
        following = "".join(g.char for g in paras_next[id(ln)].visible)
        allowed = {n}
        allowed.update(n - k for k in range(1, n) if _carried_down(following, k, p))
        if text[-1] in p.no_line_start:
            allowed.add(n + 1)  # punctuation squeezed in at the line end
        vals.append((float(count), where(lay, ln)))
        if count not in allowed:
            bad.append(f"{where(lay, ln)}（{count} 字）")
            bad_counts.append(count)
    name = "满行字数（全角字行）"
    if not vals:
        return Check("chars_per_line", name, "info", None, n, None, " 字",
                     "没有全角字的满行，不适用。")
    counts = sorted({int(v) for v, _ in vals})
    detail = f"共测 {len(vals)} 行，字数 {'、'.join(map(str, counts))}"
    ok_note = f"（少于或多于 {n} 字的行均合禁则）。"
    detail += f"；{len(bad)} 行不符：{places(bad)}。" if bad else ok_note
    counts_all = [int(v) for v, _ in vals]
    worst = max(bad_counts, key=lambda v: abs(v - n)) if bad else max(
        set(counts_all), key=counts_all.count)  # the failing extreme, or the usual count
    return Check("chars_per_line", name, "fail" if bad else "pass", int(worst), n, None, " 字",
                 detail)


def kinsoku(lay: Layout) -> Check:
    """No wrapped line starts with 行首禁则 punctuation (，。、) or ends with 行末禁则 (（“)."""
    p = lay.profile
    bad: list[str] = []
    for para in lay.paragraphs:
        for a, b in itertools.pairwise(para):
            first, last = b.visible[0].char, a.visible[-1].char
            if first in p.no_line_start:
                bad.append(f"{where(lay, b)}行首「{first}」")
            if last in p.no_line_end:
                bad.append(f"{where(lay, a)}行末「{last}」")
    n = sum(len(para) - 1 for para in lay.paragraphs)
    name = "禁则（行首不出现，。、；等，行末不出现（“等）"
    return Check("kinsoku", name, "fail" if bad else "pass", len(bad), 0, None, " 处",
                 f"共测 {n} 处折行" + (f"；违反：{places(bad)}。" if bad else "。"))


def body_checks(lay: Layout) -> list[Check]:
    return [
        page_size(lay),
        body_size(lay),
        *left_margin(lay),
        right_edge(lay),
        first_baseline(lay),
        line_pitch(lay),
        lines_per_page(lay),
        chars_per_line(lay),
        kinsoku(lay),
    ]


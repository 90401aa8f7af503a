"""Measured values with their places into one pass/fail check (the shared verdict rule)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..layout import pt_to_mm
from .extract import Line
from .measure import Layout
from .report import Check, Status

#: Places listed in a failing check's detail, at most.
MAX_PLACES = 5


def where(lay: Layout, line: Line) -> str:
    """``第3页第5行`` (line counted among the page's lines in the type area)."""
    lines = lay.flow.get(line.page, [])
    try:
        n = next(i for i, ln in enumerate(lines, 1) if ln is line)
    except StopIteration:
        return f"第{line.page}页"
    return f"第{line.page}页第{n}行"


def places(items: Sequence[str]) -> str:
    shown = "、".join(items[:MAX_PLACES])
    more = f"等 {len(items)} 处" if len(items) > MAX_PLACES else ""
    return shown + more


def within(
    check_id: str,
    name: str,
    values: Sequence[tuple[float, str]],
    expected: float,
    tol: float,
    *,
    unit: str = " pt",
    show: Callable[[float], float] = float,
    what: str = "处",
    empty: Status = "fail",
) -> Check:
    """Every value within ``expected ± tol``; the check shows the farthest one.

    ``values`` are (value in pt or a count, place); ``show`` converts for display (e.g. to mm).
    """
    exp, tl = round(show(expected), 2), round(show(tol), 2)
    if not values:
        note = "，不适用" if empty == "info" else ""
        return Check(check_id, name, empty, None, exp, tl, unit, f"没有找到可测量的{what}{note}。")
    worst_v, _ = max(values, key=lambda vw: abs(vw[0] - expected))
    bad = [w for v, w in values if abs(v - expected) > tol + 1e-6]
    detail = f"共测 {len(values)} {what}"
    if bad:
        detail += f"，{len(bad)} {what}超差：{places(bad)}"
    return Check(check_id, name, "fail" if bad else "pass", round(show(worst_v), 2), exp, tl,
                 unit, detail + "。")


def mm(v: float) -> float:
    return pt_to_mm(v)

"""Set lines into slices: the unbreakable pieces of the flow (grid lines, photo rows, 报头)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..layout import LayoutProfile
from .items import Item, moved
from .lines import Line


@dataclass(frozen=True)
class Slice:
    """Items in slice coordinates (x from the type area's left, y down from the slice top)."""

    height: float
    items: tuple[Item, ...]
    space_before: float = 0.0
    keep_next: bool = False


def baseline_in(line_height: float, profile: LayoutProfile) -> float:
    """Where an exact-height line puts its baseline, below the line's top."""
    return line_height * profile.exact_line_baseline_share


def place_line(line: Line, baseline: float, dx: float = 0.0) -> tuple[Item, ...]:
    """A set line's runs moved onto ``baseline`` (and ``dx`` to the right)."""
    return tuple(moved(r, dx, baseline) for r in line.runs)


def line_slices(
    lines: Sequence[Line],
    profile: LayoutProfile,
    *,
    space_before: float = 0.0,
    keep_next: bool = False,
) -> list[Slice]:
    """One slice per line, one grid line high; the first carries the space above."""
    h = profile.line_pitch_pt
    base = baseline_in(h, profile)
    out = [Slice(h, place_line(line, base), keep_next=keep_next) for line in lines]
    if out and space_before:
        out[0] = replace(out[0], space_before=space_before)
    return out


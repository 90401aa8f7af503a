"""Set lines into slices: the unbreakable pieces of the flow (grid lines, photo rows, 报头)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..layout import LayoutProfile
from .items import GlyphRun, Item, moved


@dataclass(frozen=True)
class Slice:
    """Items in slice coordinates (x from the type area's left, y down from the slice top)."""

    height: float
    items: tuple[Item, ...]
    space_before: float = 0.0
    keep_next: bool = False
    #: Photo rows of one table share a group: a heading kept with the table keeps all of it
    #: (as LibreOffice moves a keep-with-next paragraph together with the whole table).
    group: int = 0


def baseline_in(line_height: float, profile: LayoutProfile) -> float:
    """Where an exact-height line puts its baseline, below the line's top."""
    return line_height * profile.exact_line_baseline_share


def place_line(runs: Sequence[GlyphRun], baseline: float) -> tuple[Item, ...]:
    """A set line's runs moved onto ``baseline``."""
    return tuple(moved(r, 0.0, baseline) for r in runs)


def line_slices(
    lines: Sequence[tuple[GlyphRun, ...]],
    profile: LayoutProfile,
    *,
    space_before: float = 0.0,
    keep_next: bool = False,
    lines_each: int = 1,
) -> list[Slice]:
    """One slice per line, ``lines_each`` grid lines high; the first carries the space above."""
    h = lines_each * profile.line_pitch_pt
    base = baseline_in(h, profile)
    out = [Slice(h, place_line(line, base), keep_next=keep_next) for line in lines]
    if out and space_before:
        out[0] = replace(out[0], space_before=space_before)
    return out


def stack(slices: Sequence[Slice]) -> Slice:
    """Slices joined into one unbreakable slice (space above the first is kept as the slice's)."""
    items: list[Item] = []
    y = 0.0
    for i, s in enumerate(slices):
        if i:
            y += s.space_before
        items.extend(moved(it, 0.0, y) for it in s.items)
        y += s.height
    first = slices[0] if slices else Slice(0.0, ())
    return Slice(y, tuple(items), first.space_before, slices[-1].keep_next if slices else False)

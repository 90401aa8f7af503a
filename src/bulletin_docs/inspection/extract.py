"""Drawn glyphs and rules into measured pages: glyphs on shared baselines make lines."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: Glyphs whose baselines differ by less than this (pt) share a line.
BASELINE_JOIN_PT = 1.0
#: The same character drawn again closer than this (pt) is one glyph drawn twice (fake bold).
OVERPRINT_PT = 1.0


@dataclass(frozen=True)
class Glyph:
    """One drawn character: origin on the baseline (x, y from the page top, pt)."""

    char: str
    x: float
    y: float
    right: float  # origin + advance
    size: float
    font: str
    color: str
    glyph_id: int | None  # 0 is .notdef (a missing glyph); None where the PDF does not say


@dataclass
class Line:
    """Glyphs sharing one baseline on one page, left to right."""

    page: int  # 1-based
    baseline: float
    glyphs: list[Glyph]
    is_body: bool = False

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def left(self) -> float:
        return self.glyphs[0].x

    @property
    def right(self) -> float:
        return self.glyphs[-1].right

    @property
    def size(self) -> float:
        """The most common glyph size on the line."""
        return _mode([round(g.size, 1) for g in self.glyphs if not g.char.isspace()] or [0.0])

    @property
    def font(self) -> str:
        return _mode([g.font for g in self.glyphs if not g.char.isspace()] or [""])

    @property
    def visible(self) -> list[Glyph]:
        return [g for g in self.glyphs if not g.char.isspace()]


@dataclass(frozen=True)
class Rule:
    """A horizontal drawn rule: left, right, centre y (from the top), thickness, colour."""

    page: int
    x0: float
    x1: float
    y: float
    thickness: float
    color: str

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class FontInfo:
    name: str
    kind: str
    embedded: bool


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass
class Document:
    path: Path
    pages: list[Page]
    fonts: list[FontInfo]


def _mode(values: list[T]) -> T:
    """The commonest value (the first seen among equals)."""
    return Counter(values).most_common(1)[0][0]


def group_lines(number: int, glyphs: list[Glyph]) -> list[Line]:
    """Glyphs into lines by baseline (from the text matrix, not glyph bottoms), top to bottom."""
    lines: list[Line] = []
    for g in sorted(glyphs, key=lambda g: (g.y, g.x)):
        if lines and abs(lines[-1].baseline - g.y) < BASELINE_JOIN_PT:
            lines[-1].glyphs.append(g)
        else:
            lines.append(Line(number, g.y, [g]))
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x)
        line.glyphs = _drop_overprint(line.glyphs)
        line.baseline = _mode([round(g.y, 2) for g in line.glyphs])
    return [ln for ln in lines if ln.visible]


def _drop_overprint(glyphs: list[Glyph]) -> list[Glyph]:
    """One glyph where a renderer draws it twice in place (LibreOffice's synthetic bold)."""
    out: list[Glyph] = []
    for g in glyphs:
        if out and out[-1].char == g.char and abs(out[-1].x - g.x) < OVERPRINT_PT:
            continue
        out.append(g)
    return out


def merge_rules(rules: list[Rule]) -> list[Rule]:
    """Join collinear pieces (table borders are drawn cell by cell) into whole rules."""
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: (round(r.y, 1), r.color, r.x0)):
        last = out[-1] if out else None
        if (
            last is not None
            and abs(last.y - r.y) < 0.3
            and last.color == r.color
            and abs(last.thickness - r.thickness) < 0.05
            and r.x0 <= last.x1 + 1.0
        ):
            out[-1] = Rule(last.page, last.x0, max(last.x1, r.x1), last.y,
                           max(last.thickness, r.thickness), last.color)
        else:
            out.append(r)
    return sorted(out, key=lambda r: r.y)

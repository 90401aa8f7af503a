"""The drawing vocabulary: positioned glyph runs, rules and images, painted as given."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GlyphRun:
    """Text drawn with one face: ``x`` and ``y`` (the baseline) in points, y measured down."""

    x: float
    y: float
    text: str
    font: str
    size: float
    char_space: float
    color: str
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    """A horizontal line from ``x0`` to ``x1`` centred on ``y`` (measured down)."""

    x0: float
    x1: float
    y: float
    thickness: float
    color: str


@dataclass(frozen=True)
class Picture:
    """An encoded image drawn with its top-left corner at (x, y), y measured down."""

    x: float
    y: float
    width: float
    height: float
    data: bytes


Item = GlyphRun | Rule | Picture


def moved(item: Item, dx: float, dy: float) -> Item:
    """``item`` shifted by (dx, dy)."""
    if isinstance(item, GlyphRun):
        return GlyphRun(
            item.x + dx,
            item.y + dy,
            item.text,
            item.font,
            item.size,
            item.char_space,
            item.color,
            item.bold,
        )
    if isinstance(item, Rule):
        return Rule(item.x0 + dx, item.x1 + dx, item.y + dy, item.thickness, item.color)
    return Picture(item.x + dx, item.y + dy, item.width, item.height, item.data)


@dataclass(frozen=True)
class Page:
    """One page: its items in page coordinates (points from the top-left corner)."""

    number: int
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Layout:
    """The laid-out issue: its pages, the characters no face has (in reading order), and the
    characters drawn from a fallback face: (role, character, face name), in reading order."""

    pages: tuple[Page, ...]
    missing_glyphs: tuple[str, ...] = ()
    borrowed: tuple[tuple[str, str, str], ...] = ()

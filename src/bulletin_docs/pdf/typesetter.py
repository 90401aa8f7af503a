"""Resolved fonts and a layout profile into the one context every layout stage is given."""

from __future__ import annotations

from dataclasses import dataclass

from ..layout import LayoutProfile
from .fontset import FontSet


@dataclass(frozen=True)
class Typesetter:
    """What laying out needs besides the text: the faces of the roles (with their fallback
    chain) and the page design. Flow, 报头, 报尾, lines, pagination and page numbers take it.

    ``placeholder_color``: in a draft, the colour 【请填写……】 placeholders are set in
    (None: they are set like the text around them)."""

    fonts: FontSet
    profile: LayoutProfile
    placeholder_color: str | None = None

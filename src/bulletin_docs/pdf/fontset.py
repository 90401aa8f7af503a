"""Resolved font files into registered reportlab faces: parsed once, glyph coverage, widths."""

from __future__ import annotations

import functools
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from ..layout import ROLES
from .fonts import FontFile

#: reportlab's built-in CID font: valid PDF, not embedded (the viewer supplies the glyphs).
CID_FONT = "STSong-Light"


@dataclass(frozen=True)
class Face:
    """A face registered with reportlab as ``name``; ``cmap`` None: coverage unknown (CID)."""

    name: str
    embedded: bool
    file: FontFile | None
    cmap: frozenset[int] | None = field(repr=False, default=None)

    def has(self, ch: str) -> bool:
        return self.cmap is None or ord(ch) in self.cmap


_lock = threading.Lock()
_faces: dict[tuple[str, int, int], Face] = {}


def _face_name(path: Path, index: int) -> str:
    digest = hashlib.sha1(f"{path}|{index}".encode()).hexdigest()[:8]
    stem = "".join(c for c in path.stem if c.isascii() and c.isalnum())[:20] or "font"
    return f"BD-{stem}-{index}-{digest}"


def load_face(font: FontFile) -> Face:
    """The face of ``font``, parsed and registered once per process (path, index, mtime)."""
    from reportlab.pdfbase.ttfonts import TTFont

    path = font.path
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    key = (str(path), font.index, mtime)
    with _lock:
        hit = _faces.get(key)
        if hit is not None:
            return hit
        name = _face_name(path, font.index)
        tt = TTFont(name, str(path), subfontIndex=font.index)
        pdfmetrics.registerFont(tt)
        face = Face(name, True, font, frozenset(tt.face.charToGlyph))
        _faces[key] = face
        return face


def cid_face() -> Face:
    """reportlab's STSong-Light CID font (not embedded)."""
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    with _lock:
        if CID_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return Face(CID_FONT, False, None, None)


@functools.lru_cache(maxsize=65536)
def char_width(face_name: str, ch: str, size: float) -> float:
    """Advance width of one character in points."""
    return pdfmetrics.stringWidth(ch, face_name, size)


class FontSet:
    """The face of each role, plus the faces tried for characters a role's face lacks."""

    def __init__(self, roles: dict[str, Face], fallbacks: tuple[Face, ...] = ()) -> None:
        self.roles = roles
        order: list[Face] = []
        for face in (*(roles[r] for r in ROLES if r in roles), *fallbacks):
            if face.embedded and face not in order:
                order.append(face)
        self._fallbacks = tuple(order)
        #: Characters no face has, in the order first met.
        self.missing: dict[str, None] = {}

    @property
    def initial_font(self) -> str:
        """A registered face for the canvas's initial font (never Helvetica)."""
        for face in self.roles.values():
            if face.embedded:
                return face.name
        return next(iter(self.roles.values())).name

    def not_embedded(self) -> tuple[str, ...]:
        return tuple(r for r in ROLES if r in self.roles and not self.roles[r].embedded)

    def face_for(self, role: str, ch: str) -> Face:
        """The role's face, or the first other face that has ``ch``."""
        face = self.roles[role]
        if face.has(ch) or ch in "\n\t":
            return face
        for other in self._fallbacks:
            if other.has(ch):
                return other
        self.missing.setdefault(ch, None)
        return face

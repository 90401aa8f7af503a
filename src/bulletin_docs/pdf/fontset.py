"""Resolved font files into registered reportlab faces: parsed once, glyph coverage, widths."""

from __future__ import annotations

import functools
import hashlib
import struct
import threading
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from ..cache import store
from ..layout import ROLES
from . import cff, facecache, tounicode
from .fonts import FontFile
from .items import GlyphRun

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
    path = font.path
    try:
        st = path.stat()
        size, mtime = st.st_size, st.st_mtime_ns
    except OSError:
        size = mtime = 0
    key = (str(path), font.index, mtime)
    with _lock:
        hit = _faces.get(key)
        if hit is not None:
            return hit
        name = _face_name(path, font.index)
        tounicode.install()
        _keep_cmaps()
        if font.cff:  # OpenType/CFF: measured and embedded through TrueType conversions
            tt = cff.truetype_face(cff.face_key(path, font.index), name)
        else:
            tt = facecache.truetype_font(name, path, font.index)
        _cache_subsets(tt, (font.cff, str(path), size, mtime, font.index) if mtime else None)
        pdfmetrics.registerFont(tt)
        face = Face(name, True, font, facecache.coverage(tt))
        _faces[key] = face
        return face


#: Subset font files and their Flate streams kept in all (oldest dropped first).
_SUBSETS_MAX = 256
_FLATE_MAX = 256


#: zlib level of the embedded font files: the fastest (a font subset's stream is a tenth
#: larger than at reportlab's level 6, and made in under half the time); deterministic.
FONT_FLATE_LEVEL = 1


class CachedFlate:
    """A Flate filter at zlib ``level`` (font files: FONT_FLATE_LEVEL), the output kept per
    input (the ``most`` last ones). Text is encoded as UTF-8 first, as reportlab's
    PDFZCompress encodes it."""

    pdfname = "FlateDecode"

    def __init__(self, level: int = FONT_FLATE_LEVEL, most: int = _FLATE_MAX) -> None:
        self._level = level
        self._most = most
        self._done: dict[bytes | str, bytes] = {}

    def encode(self, data: bytes | str) -> bytes:
        hit = self._done.get(data)
        if hit is None:
            raw = data.encode("utf8") if isinstance(data, str) else data
            hit = zlib.compress(raw, self._level)
            if len(self._done) >= self._most:
                del self._done[next(iter(self._done))]
            self._done[data] = hit
        return hit

    def keep(self, data: bytes, encoded: bytes) -> None:
        """Remember ``encoded`` as the stream of ``data`` (made by an earlier build)."""
        if data not in self._done:
            if len(self._done) >= self._most:
                del self._done[next(iter(self._done))]
            self._done[data] = encoded

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


_FLATE = CachedFlate()
#: reportlab's PDFZCompress (zlib's default level) for the subsets' ToUnicode CMaps: the
#: same subset in the next PDF has the same CMap, deflated once.
_CMAP_FLATE = CachedFlate(zlib.Z_DEFAULT_COMPRESSION)
#: The formatted /Widths arrays of subsets, per (widths, reportlab's pdfMultiLine).
_widths: dict[tuple[object, ...], bytes] = {}
#: Subset font files per (registered face, code points in first-use order).
_subsets: dict[tuple[str, tuple[int, ...]], bytes] = {}


def clear_caches() -> None:
    """Forget every subset font file, compressed font stream and measured width (new content)."""
    with _lock:
        _subsets.clear()
        _FLATE._done.clear()
        _CMAP_FLATE._done.clear()
        _widths.clear()
        _measured.clear()
        _cmaps.clear()
    char_width.cache_clear()


def _cache_subsets(tt: object, source: tuple[object, ...] | None) -> None:
    """Keep ``tt``'s subset font files, and their compressed streams, for the next PDF.

    reportlab cuts a subset font file (≤ 256 glyphs, in first-use order) out of the
    parsed face and deflates it for every PDF; a PDF that uses the same characters in
    the same order (the same issue again, or the pages before an edit) gets the same
    bytes, so they are made once per process, and kept in the persistent cache for the
    next build (keyed by ``source``, the font file's identity; None: not kept). The
    PDF's bytes do not change.
    """
    from reportlab.pdfbase import pdfdoc

    face = tt.face  # type: ignore[attr-defined]
    make, add = face.makeSubset, face.addSubsetObjects
    font_name: str = tt.fontName  # type: ignore[attr-defined]

    def make_subset(subset: list[int]) -> bytes:
        key = (font_name, tuple(subset))
        hit = _subsets.get(key)
        if hit is None:
            hit = _stored_subset(source, key[1], make) if source else make(subset)
            if len(_subsets) >= _SUBSETS_MAX:
                del _subsets[next(iter(_subsets))]
            _subsets[key] = hit
        return hit

    def add_subset_objects(doc: object, fontname: str, subset: list[int]) -> object:
        ref = add(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")  # type: ignore[attr-defined]
        if stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
            stream.filters = [_FLATE]
        cmap = doc.idToObject.get(f"toUnicodeCMap:{fontname}")  # type: ignore[attr-defined]
        if cmap is not None and cmap.filters == [pdfdoc.PDFZCompress]:
            cmap.filters = [_CMAP_FLATE]
        return ref

    add_objects = tt.addObjects  # type: ignore[attr-defined]

    def add_objects_widths_kept(doc: object) -> None:
        state = tt.state.get(doc)  # type: ignore[attr-defined]
        prefix, count = (state.internalName, len(state.subsets)) if state else (None, 0)
        add_objects(doc)
        fonts = doc.idToObject["BasicFonts"].dict  # type: ignore[attr-defined]
        for n in range(count):
            font = fonts.get(f"{prefix}+{n}")
            if font is not None and type(font.Widths) is pdfdoc.PDFArray:
                font.Widths = _kept_array()(font.Widths.sequence)

    tt.addObjects = add_objects_widths_kept  # type: ignore[attr-defined]

    char_width_of = face.getCharWidth
    widths: dict[int, object] = {}

    def char_width_kept(code: int) -> object:  # addObjects asks it for each code of a subset
        hit = widths.get(code)
        if hit is None:
            hit = widths[code] = char_width_of(code)
        return hit

    face.makeSubset = make_subset  # addSubsetObjects calls self.makeSubset
    face.getCharWidth = char_width_kept
    face.addSubsetObjects = add_subset_objects
    get_table = face.get_table

    def get_table_glyf_in_place(tag: str) -> object:
        data = face._ttf_data  # a face restored from the cache reads its file here
        if tag != "glyf" or not isinstance(data, bytes):
            return get_table(tag)
        pos, length = face.get_table_pos(tag)
        return _Slices(memoryview(data)[pos : pos + length])

    face.get_table = get_table_glyf_in_place


#: The subsets' ToUnicode CMaps, per (subset font name, its codes).
_cmaps: dict[tuple[str, tuple[int, ...]], str] = {}


def _keep_cmaps() -> None:
    """reportlab's makeToUnicodeCMap (tounicode's, installed) made to keep each CMap it
    writes: the same subset in the next PDF has the same CMap (once per process)."""
    from reportlab.pdfbase import ttfonts

    make = ttfonts.makeToUnicodeCMap
    if make.__name__ == "make_kept":
        return

    def make_kept(fontname: str, subset: list[int]) -> str:
        key = (fontname, tuple(subset))
        hit = _cmaps.get(key)
        if hit is None:
            hit = make(fontname, subset)
            if len(_cmaps) >= _SUBSETS_MAX:
                del _cmaps[next(iter(_cmaps))]
            _cmaps[key] = hit
        return hit

    ttfonts.makeToUnicodeCMap = make_kept


@functools.cache
def _kept_array() -> type:
    """reportlab's PDFArray, formatted once per process for the same numbers (the /Widths
    of a subset: the same subset in the next PDF formats them again, a few milliseconds)."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    class KeptArray(pdfdoc.PDFArray):
        def format(self, document: object, IND: bytes = b"\n ") -> bytes:
            key = (*self.sequence, rl_config.pdfMultiLine, IND)
            hit = _widths.get(key)
            if hit is None:
                hit = super().format(document, IND)
                if len(_widths) >= _SUBSETS_MAX:
                    del _widths[next(iter(_widths))]
                _widths[key] = hit
            return hit

    return KeptArray


def _stored_subset(
    source: tuple[object, ...], subset: tuple[int, ...], make: Callable[[list[int]], bytes]
) -> bytes:
    """The subset font file of ``subset``, from the persistent cache or made (and kept).

    The entry holds the font file and its Flate stream (FONT_FLATE_LEVEL), so neither
    the font file is read nor the subset deflated again; the stream is handed to _FLATE.
    """
    from reportlab import Version

    key = (*source, subset, Version, FONT_FLATE_LEVEL, zlib.ZLIB_RUNTIME_VERSION,
           store.source_fingerprint("pdf.fontset"))
    blob = store.get("font-subset", key)
    if blob is not None and len(blob) > 8:
        (size,) = struct.unpack_from("<Q", blob)
        data, packed = blob[8 : 8 + size], blob[8 + size :]
        if data[:4] == b"\x00\x01\x00\x00" and _stream_of(data, packed):
            _FLATE.keep(data, packed)
            return data
    data = make(list(subset))
    packed = _FLATE.encode(data)
    store.put("font-subset", key, struct.pack("<Q", len(data)) + data + packed)
    return data


def _stream_of(data: bytes, packed: bytes) -> bool:
    """Whether ``packed`` is a zlib stream of ``data`` as its frame says: a zlib header and,
    at its end, the Adler-32 of ``data`` (inflating it to compare would cost a few
    milliseconds a build; the entry's own checksum has caught any damage already)."""
    return (
        len(packed) > 6
        and packed[0] & 0x0F == 8
        and (packed[0] << 8 | packed[1]) % 31 == 0
        and int.from_bytes(packed[-4:], "big") == zlib.adler32(data)
    )


class _Slices:
    """A table read in place: its slices as bytes (makeSubset only slices the glyf table).

    reportlab's get_table copies the table out of the font file; for a CJK face's glyf
    table that is megabytes per subset, for the few kilobytes of glyphs it uses.
    """

    __slots__ = ("_view",)

    def __init__(self, view: memoryview) -> None:
        self._view = view

    def __getitem__(self, index: slice) -> bytes:
        return self._view[index].tobytes()

    def __len__(self) -> int:
        return len(self._view)


def cid_face() -> Face:
    """reportlab's STSong-Light CID font (not embedded)."""
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    with _lock:
        if CID_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return Face(CID_FONT, False, None, None)


@functools.lru_cache(maxsize=65536)
def char_width(face_name: str, ch: str, size: float) -> float:
    """Advance width of one character in points.

    For a face restored from the cache, its packed width table is read (facecache.advance)
    and scaled as reportlab's ``stringWidth`` scales it, ``(w * 0.001) * size``: the same float.
    """
    if len(ch) == 1:
        width = facecache.advance(pdfmetrics.getFont(face_name).face, ord(ch))
        if width is not None:
            return width * 0.001 * size
    return pdfmetrics.stringWidth(ch, face_name, size)


def _chars_by_font(runs: Iterable[GlyphRun]) -> dict[str, set[str]]:
    """The characters ``runs`` draw in each face (by face name)."""
    out: dict[str, set[str]] = {}
    for run in runs:
        chars = out.get(run.font)
        if chars is None:
            chars = out[run.font] = set()
        chars.update(run.text)
    return out


#: What font sets with the same role faces (the same objects: load_face makes one per
#: file) measured: (face, advance) per (role, size) and character, where a role's face
#: had it (the fallback faces, which depend on the font folders, had no say). Keyed by
#: the faces' ids, the faces kept with it; the oldest of _MEASURED_MAX role sets dropped.
_measured: dict[
    tuple[tuple[str, int], ...],
    tuple[tuple[Face, ...], dict[tuple[str, float], dict[str, tuple[Face, float]]]],
] = {}
_MEASURED_MAX = 16


def _measured_for(roles: dict[str, Face]) -> dict[tuple[str, float], dict[str, tuple[Face, float]]]:
    """The measurements shared by font sets of exactly these role faces."""
    key = tuple((role, id(face)) for role, face in roles.items())
    with _lock:
        hit = _measured.get(key)
        if hit is None:
            if len(_measured) >= _MEASURED_MAX:
                del _measured[next(iter(_measured))]
            hit = _measured[key] = (tuple(roles.values()), {})
        return hit[1]


class FontSet:
    """The face of each role, plus the faces tried for characters a role's face lacks.

    ``fallbacks`` may be a function giving them: it is called the first time a character
    is in no role's face (most issues never need them, and loading a face costs time).
    """

    def __init__(
        self,
        roles: dict[str, Face],
        fallbacks: tuple[Face, ...] | Callable[[], tuple[Face, ...]] = (),
    ) -> None:
        self.roles = roles
        order: list[Face] = []
        for face in (roles[r] for r in ROLES if r in roles):
            if face.embedded and face not in order:
                order.append(face)
        self._own = tuple(order)
        self._more = fallbacks
        self._extra: tuple[Face, ...] | None = None
        self._by_name = {f.name: f for f in roles.values()}
        self._glyphs: dict[tuple[str, float], dict[str, tuple[Face, float]]] = {}
        self._measured = _measured_for(roles)

    @property
    def _fallbacks(self) -> tuple[Face, ...]:
        """The role faces, then the other faces (loaded now if given as a function)."""
        if self._extra is None:
            more = self._more() if callable(self._more) else self._more
            self._by_name.update((f.name, f) for f in more)
            self._extra = tuple(f for f in more if f.embedded and f not in self._own)
        return self._own + self._extra

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
        for other in self._own:
            if other.has(ch):
                return other
        for other in self._fallbacks[len(self._own) :]:
            if other.has(ch):
                return other
        return face  # no face has it: missing_glyphs() finds it drawn here

    def missing_glyphs(self, runs: Iterable[GlyphRun]) -> tuple[str, ...]:
        """The characters of ``runs`` their face lacks (no face has them: see face_for),
        each once, in the order met."""
        runs = list(runs)
        lacking: set[str] = set()
        for font, chars in _chars_by_font(runs).items():
            cmap = self._by_name[font].cmap
            if cmap is not None:
                lacking.update(ch for ch in chars if ord(ch) not in cmap)
        lacking -= {"\n", "\t"}
        if not lacking:  # the usual case: no need to find the order they are met in
            return ()
        out: dict[str, None] = {}
        for run in runs:
            cmap = self._by_name[run.font].cmap
            if cmap is None:
                continue
            for ch in run.text:
                if ch in lacking and ord(ch) not in cmap:
                    out.setdefault(ch, None)
        return tuple(out)

    def glyph_table(self, role: str, size: float) -> dict[str, tuple[Face, float]]:
        """The characters measured so far for ``role`` at ``size``: (face, advance in points)."""
        table = self._glyphs.get((role, size))
        if table is None:
            table = self._glyphs[(role, size)] = {}
        return table

    def borrowed_glyphs(self, runs: Iterable[GlyphRun]) -> tuple[tuple[str, str, str], ...]:
        """The characters of ``runs`` drawn in another face than their role's, each once:
        (role, character, face name). Only what these runs draw counts (a reused font set
        has measured other issues' text too)."""
        drawn = _chars_by_font(runs)
        out: dict[tuple[str, str, str], None] = {}
        for (role, _size), table in self._glyphs.items():
            own = self.roles[role]
            for ch, (face, _w) in table.items():
                if face is not own and ch in drawn.get(face.name, ()):
                    out.setdefault((role, ch, face.name), None)
        return tuple(out)

    def face_named(self, name: str) -> Face:
        """The face registered under ``name`` (a role's or a fallback)."""
        return self._by_name[name]

    def glyph(self, role: str, size: float, ch: str) -> tuple[Face, float]:
        """``face_for(role, ch)`` and the advance of ``ch`` in it at ``size``, kept in the table."""
        known = self._measured.get((role, size))
        if known is None:
            known = self._measured[(role, size)] = {}
        hit = known.get(ch)
        if hit is None:
            face = self.face_for(role, ch)
            hit = (face, char_width(face.name, ch, size))
            if face in self._own and face.has(ch):  # no fallback face had a say
                known[ch] = hit
        self.glyph_table(role, size)[ch] = hit
        return hit

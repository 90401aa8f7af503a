"""An OpenType/CFF face (Noto CJK, Source Han, Fandol) into TrueType fonts reportlab can embed.

reportlab embeds only TrueType ('glyf') outlines. A CFF face is given to it in two parts:

- a *metrics face*, made once per face and process: the face's cmap, advance widths,
  names and vertical metrics, with every glyph empty. reportlab measures with it (the
  advances are the CFF face's own, so the lines break as they would with the CFF face)
  and writes the PDF's font dictionaries from it;
- for each subset reportlab embeds, a small TrueType font holding only that subset's
  glyphs, their cubic outlines converted to quadratic ones (fontTools' cu2qu, within
  :data:`MAX_ERR` font units, as fontTools' otf2ttf recipe does). reportlab cuts its
  subset from that font instead of from the empty metrics face.

Both are kept per process, keyed by file path, size, mtime and face index (and, for the
subsets, the characters), and in the persistent cache (with fontTools' version) for the next
build; reportlab's parse of the metrics face is kept there too (``facecache.py``).
"""

from __future__ import annotations

import atexit
import copy
import io
import struct
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..cache import store

#: Largest distance (font units) between a cubic CFF curve and its quadratic approximation.
MAX_ERR = 1.0

#: Tables copied from the CFF face unchanged: header, metrics, names, OS/2 (embedding rights).
_COPIED = ("head", "hhea", "OS/2", "name")

FaceKey = tuple[str, int, int, int]  # path, size, mtime_ns, face index

_lock = threading.Lock()
_sources: dict[FaceKey, Any] = {}
_metrics: dict[FaceKey, bytes] = {}
_subsets: dict[tuple[FaceKey, frozenset[int]], bytes] = {}
#: Converted subsets kept in all (oldest dropped first).
_SUBSETS_MAX = 64


def _close_sources() -> None:
    """Close the font files kept open for lazy reading (at interpreter exit)."""
    with _lock:
        for font in _sources.values():
            font.close()
        _sources.clear()


atexit.register(_close_sources)


def face_key(path: Path, index: int) -> FaceKey:
    """The cache key of a face: path, size, mtime and index (a replaced file is read again)."""
    st = path.stat()
    return (str(path), st.st_size, st.st_mtime_ns, index)


def _source(key: FaceKey) -> Any:
    """The CFF face, opened lazily (tables are parsed when first read); caller holds _lock."""
    from fontTools.ttLib import TTFont

    font = _sources.get(key)
    if font is None:
        file = open(key[0], "rb")  # noqa: SIM115 (kept open: the tables are read when needed)
        try:
            font = TTFont(file, fontNumber=key[3], lazy=True)
        except BaseException:
            file.close()
            raise
        _sources[key] = font
    return font


def _maxp(num_glyphs: int) -> Any:
    """A TrueType (version 1.0) maxp table; its maxima are recomputed from glyf on save."""
    from fontTools.ttLib import newTable

    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = num_glyphs
    for name in (
        "maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
        "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, name, 0)
    maxp.maxZones = 1
    return maxp


def _cmap(mapping: dict[int, str]) -> Any:
    """A cmap table: format 4 for the BMP, and format 12 as well when a code is beyond it."""
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables._c_m_a_p import cmap_classes

    table = newTable("cmap")
    table.tableVersion = 0
    table.tables = []
    bmp = {c: g for c, g in mapping.items() if c <= 0xFFFF}
    sub4 = cmap_classes[4](4)
    sub4.platformID, sub4.platEncID, sub4.language, sub4.cmap = 3, 1, 0, bmp
    table.tables.append(sub4)
    if len(bmp) < len(mapping):
        sub12 = cmap_classes[12](12)
        sub12.platformID, sub12.platEncID, sub12.language = 3, 10, 0
        sub12.cmap = dict(mapping)
        table.tables.append(sub12)
    return table


def _truetype(
    src: Any, order: list[str], mapping: dict[int, str], outlines: dict[str, Any]
) -> bytes:
    """A TrueType font: ``src``'s metrics for glyphs ``order``; ``outlines`` drawn, others empty."""
    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    tt = TTFont(recalcTimestamp=False)
    tt.setGlyphOrder(order)
    for tag in _COPIED:
        tt[tag] = copy.deepcopy(src[tag])
    tt["head"].glyphDataFormat = 0
    tt["maxp"] = _maxp(len(order))
    post = newTable("post")
    srcpost = src["post"]
    post.formatType = 3.0
    for name in ("italicAngle", "underlinePosition", "underlineThickness", "isFixedPitch"):
        setattr(post, name, getattr(srcpost, name))
    post.minMemType42 = post.maxMemType42 = post.minMemType1 = post.maxMemType1 = 0
    tt["post"] = post
    hmtx = newTable("hmtx")
    srcmetrics = src["hmtx"].metrics
    hmtx.metrics = {g: srcmetrics[g] for g in order}
    tt["hmtx"] = hmtx
    tt["cmap"] = _cmap(mapping)
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {g: outlines.get(g) or Glyph() for g in order}
    tt["glyf"] = glyf
    tt["loca"] = newTable("loca")
    buf = io.BytesIO()
    tt.save(buf)
    return buf.getvalue()


def _fonttools_version() -> str:
    """fontTools' version and this module's source: what a converted face depends on."""
    from fontTools import version

    return f"{version}/{store.source_fingerprint('pdf.cff')}"


def _truetype_or_none(data: bytes | None) -> bytes | None:
    """``data`` if it is a TrueType font with the tables reportlab reads (a cache entry that
    is not one is a miss), else None."""
    if data is None or data[:4] != b"\x00\x01\x00\x00" or len(data) < 12:
        return None
    (count,) = struct.unpack_from(">H", data, 4)
    if len(data) < 12 + 16 * count:
        return None
    tags = {data[12 + 16 * i : 16 + 16 * i] for i in range(count)}
    return data if {b"head", b"hmtx", b"cmap", b"glyf", b"loca"} <= tags else None


def metrics_face(key: FaceKey) -> bytes:
    """The face's metrics-only TrueType font: full cmap and advances, every glyph empty."""
    with _lock:
        hit = _metrics.get(key)
        if hit is not None:
            return hit
        cache_key = (*key, _fonttools_version())
        hit = _truetype_or_none(store.get("cff-metrics", cache_key))
        if hit is None:
            src = _source(key)
            try:
                order = list(src.getGlyphOrder())
                hit = _truetype(src, order, dict(src.getBestCmap()), {})
            except BaseException:  # not a usable face: forget it (and close its file)
                del _sources[key]
                src.close()
                raise
            store.put("cff-metrics", cache_key, hit)
        _metrics[key] = hit
        return hit


def _quadratic(src: Any, names: Iterable[str]) -> dict[str, Any]:
    """The glyphs ``names`` of ``src`` with their outlines converted to TrueType's quadratics."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    glyphs = src.getGlyphSet()
    out: dict[str, Any] = {}
    for name in names:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        out[name] = pen.glyph()
    return out


def subset_font(key: FaceKey, codes: Iterable[int]) -> bytes:
    """A TrueType font with the glyphs of ``codes`` (as the CFF face draws them), nothing else."""
    wanted = frozenset(codes)
    with _lock:
        hit = _subsets.get((key, wanted))
        if hit is not None:
            return hit
        cache_key = (*key, tuple(sorted(wanted)), MAX_ERR, _fonttools_version())
        hit = _truetype_or_none(store.get("cff-subset", cache_key))
        if hit is None:
            src = _source(key)
            best = src.getBestCmap()
            mapping = {c: best[c] for c in sorted(wanted) if c in best}
            order = [src.getGlyphOrder()[0]]
            for name in mapping.values():
                if name not in order:
                    order.append(name)
            hit = _truetype(src, order, mapping, _quadratic(src, order))
            store.put("cff-subset", cache_key, hit)
        if len(_subsets) >= _SUBSETS_MAX:
            del _subsets[next(iter(_subsets))]
        _subsets[(key, wanted)] = hit
        return hit


def truetype_face(key: FaceKey, name: str) -> Any:
    """A reportlab TTFont for the CFF face ``key``: its advances measured, its outlines embedded."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from .facecache import parsed_font

    def opened() -> io.BytesIO:
        data = io.BytesIO(metrics_face(key))
        data.name = f"{key[0]}#{key[3]}"  # reportlab names the embedded font stream after it
        return data

    source = ("cff-metrics", *key, _fonttools_version())
    tt = parsed_font(name, source, opened, lambda: metrics_face(key), 0)

    def make_subset(subset: list[int]) -> bytes:
        part = io.BytesIO(subset_font(key, subset))
        return TTFontFile(part, validate=0).makeSubset(subset)

    tt.face.makeSubset = make_subset
    return tt


def clear_caches() -> None:
    """Forget every opened CFF face and converted font (the files may have changed)."""
    with _lock:
        for font in _sources.values():
            font.close()
        _sources.clear()
        _metrics.clear()
        _subsets.clear()

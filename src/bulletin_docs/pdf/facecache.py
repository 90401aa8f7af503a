"""Font files into reportlab's parsed TrueType faces, kept in the persistent cache between builds.

reportlab parses a face (``TTFontFile.extractInfo``: names, metrics, the cmap, every
glyph's advance and position) in pure Python: about a tenth of a second per CJK face,
on every cold build. The parsed attributes are pickled into the cache, keyed by the
source (file path, size, mtime), the face index, reportlab's version and this module's
source; a later build
restores them in a few milliseconds. The font file's bytes are only read when reportlab
cuts a subset from them (a face used only for its coverage is never read).
"""

from __future__ import annotations

import io
import logging
import pickle
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from ..cache import store

KIND = "font"
log = logging.getLogger("bulletin_docs.cache")

#: Attributes of a parsed face that are not pickled: the font file (read again when
#: needed) and the scale function extractInfo makes from unitsPerEm (made again).
_NOT_KEPT = frozenset({"_ttf_data", "_pdfScale"})
#: Attributes a restored face must have (else the entry is not one of ours).
_REQUIRED = frozenset({"name", "filename", "unitsPerEm", "charToGlyph", "charWidths", "glyphPos"})
#: The only classes an entry may name (everything else in it is a built-in type).
_CLASSES = frozenset({
    ("reportlab.pdfbase.ttfonts", "TTFNameBytes"),
    ("reportlab.pdfbase.ttfonts", "TTEncoding"),
})


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _CLASSES:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a font entry")
        return super().find_class(module, name)


def truetype_font(name: str, path: Path, index: int) -> Any:
    """reportlab's TTFont for face ``index`` of the TrueType file ``path``, named ``name``."""
    try:
        st = path.stat()
    except OSError:  # reportlab says what is wrong with the path
        return TTFont(name, str(path), subfontIndex=index)
    size, mtime = st.st_size, st.st_mtime_ns

    def read() -> bytes:
        data = path.read_bytes()
        if len(data) != size or path.stat().st_mtime_ns != mtime:
            raise OSError(f"字体文件在生成过程中被改动：{path}")
        return data

    return parsed_font(name, ("file", str(path), size, mtime), lambda: str(path), read, index)


def parsed_font(
    name: str,
    source: tuple[object, ...],
    opened: Callable[[], str | io.BytesIO],
    read: Callable[[], bytes],
    index: int,
) -> Any:
    """A TTFont from the cache entry of ``source`` (its identity) and ``index``, or parsed.

    ``opened()`` is what reportlab parses on a miss (a path or a named file object);
    ``read()`` gives the font's bytes when a restored face first needs them.
    """
    key = (*source, index, REPORTLAB_VERSION, store.source_fingerprint("pdf.facecache"))
    blob = store.get(KIND, key)
    if blob is not None:
        try:
            return _restore(name, blob, read)
        except Exception as exc:  # a damaged or foreign pickle: parse the file again
            log.debug("字体缓存条目无法使用，重新解析：%s（%s）", source, exc)
    tt = TTFont(name, opened(), subfontIndex=index)
    store.put(KIND, key, _snapshot(tt))
    return tt


def _snapshot(tt: Any) -> bytes:
    """The pickled attributes of a freshly parsed TTFont and of its face (large ones packed)."""
    font = {k: v for k, v in vars(tt).items() if k not in ("face", "state")}
    face: dict[str, Any] = {}
    packed: dict[str, tuple[object, ...]] = {}
    for k, v in vars(tt.face).items():
        if k in _NOT_KEPT:
            continue
        form = _pack(v)
        if form is None:
            face[k] = v
        else:
            packed[k] = form
    return pickle.dumps((font, face, packed), protocol=pickle.HIGHEST_PROTOCOL)


#: Containers shorter than this are pickled as they are.
_PACK_MIN = 256


def _ints(values: Iterable[int]) -> bytes:
    return array("q", values).tobytes()


def _pack(value: object) -> tuple[object, ...] | None:
    """A large container of ints or floats as arrays' bytes (a tenth of pickle's load time).

    The forms: "dii" dict int → int, "dif" dict int → float, "dil" dict int → list of
    ints, "li" list of ints, "lt2" list of pairs of ints; None: not such a container.
    """
    try:
        if isinstance(value, dict) and len(value) >= _PACK_MIN:
            if not all(type(k) is int for k in value):
                return None
            keys, vals = _ints(value), list(value.values())
            if all(type(v) is int for v in vals):
                return ("dii", keys, _ints(vals))
            if all(type(v) is float for v in vals):
                return ("dif", keys, array("d", vals).tobytes())
            if all(type(v) is list and all(type(x) is int for x in v) for v in vals):
                flat = [x for v in vals for x in v]
                return ("dil", keys, _ints(len(v) for v in vals), _ints(flat))
            return None
        if isinstance(value, list) and len(value) >= _PACK_MIN:
            if all(type(v) is int for v in value):
                return ("li", _ints(value))
            if all(
                type(v) is tuple and len(v) == 2 and type(v[0]) is int and type(v[1]) is int
                for v in value
            ):
                return ("lt2", _ints(v[0] for v in value), _ints(v[1] for v in value))
    except OverflowError:  # beyond 64 bits: kept as it is
        return None
    return None


def _unpack(form: tuple[Any, ...]) -> object:
    """The container of a packed form (ValueError for a form that is not one of _pack's)."""

    def ints(data: bytes) -> array[int]:
        out = array("q")
        out.frombytes(data)
        return out

    tag = form[0]
    if tag == "dii":
        return dict(zip(ints(form[1]), ints(form[2]), strict=True))
    if tag == "dif":
        floats = array("d")
        floats.frombytes(form[2])
        return dict(zip(ints(form[1]), floats, strict=True))
    if tag == "dil":
        flat, out, at = ints(form[3]), {}, 0
        for key, n in zip(ints(form[1]), ints(form[2]), strict=True):
            out[key] = flat[at : at + n].tolist()
            at += n
        if at != len(flat):
            raise ValueError("packed lists of the wrong length")
        return out
    if tag == "li":
        return ints(form[1]).tolist()
    if tag == "lt2":
        return list(zip(ints(form[1]), ints(form[2]), strict=True))
    raise ValueError(f"unknown packed form {tag!r}")


def _restore(name: str, blob: bytes, read: Callable[[], bytes]) -> Any:
    """The TTFont of a snapshot, as TTFont(name, file) would have made it."""
    font, face_vars, packed = _Unpickler(io.BytesIO(blob)).load()
    if not (isinstance(font, dict) and isinstance(face_vars, dict) and isinstance(packed, dict)):
        raise ValueError("not a font snapshot")
    missing = _REQUIRED - face_vars.keys() - packed.keys()
    if missing:
        raise ValueError(f"attributes missing: {sorted(missing)}")
    face = _LazyFace.__new__(_LazyFace)
    face.__dict__.update(face_vars)
    face._packed = packed
    face.charToGlyph  # noqa: B018 (unpacked now: a damaged entry fails here, not mid-render)
    face.charWidths  # noqa: B018
    face._pdfScale = _pdf_scale(face_vars["unitsPerEm"])
    face._read_font = read
    tt = TTFont.__new__(TTFont)
    tt.__dict__.update(font)
    tt.fontName = name
    tt.face = face
    tt.state = WeakKeyDictionary()
    return tt


def _pdf_scale(units_per_em: int) -> Callable[[float], float]:
    """Font units into thousandths of an em, as extractInfo computes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


class _LazyFace(TTFontFace):
    """A face restored from the cache; what only subsetting needs is made when first used:
    the font file's bytes (read), the glyph tables (unpacked)."""

    _read_font: Callable[[], bytes]
    _packed: dict[str, tuple[object, ...]]

    def __getattr__(self, attr: str) -> Any:
        if attr == "_ttf_data":
            value: Any = self._read_font()
        elif attr in self.__dict__.get("_packed", ()):
            value = _unpack(self._packed.pop(attr))
        else:
            raise AttributeError(attr)
        setattr(self, attr, value)
        return value

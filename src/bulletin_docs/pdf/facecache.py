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
import threading
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from ..cache import store

KIND = "font"
#: A face's glyph tables, kept in an entry of their own under the same key: only cutting a
#: subset reads them, and a build whose subsets all come from the cache never does.
GLYPHS_KIND = "font-glyphs"
_GLYPH_TABLES = frozenset({"glyphToChar", "hmetrics", "glyphPos"})
log = logging.getLogger("bulletin_docs.cache")

#: Attributes of a parsed face that are not pickled: the font file (read again when
#: needed) and the scale function extractInfo makes from unitsPerEm (made again).
_NOT_KEPT = frozenset({"_ttf_data", "_pdfScale"})
#: Attributes a restored face must have (else the entry is not one of ours).
_REQUIRED = frozenset({"name", "filename", "unitsPerEm", "charToGlyph", "charWidths"})
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
            return _restore(name, blob, read, lambda: _glyph_tables(key, name, opened, index))
        except Exception as exc:  # a damaged or foreign pickle: parse the file again
            log.debug("字体缓存条目无法使用，重新解析：%s（%s）", source, exc)
    tt = TTFont(name, opened(), subfontIndex=index)
    font = {k: v for k, v in vars(tt).items() if k not in ("face", "state")}
    face = {k: v for k, v in vars(tt.face).items() if k not in _GLYPH_TABLES}
    store.put(KIND, key, _snapshot(font, face))
    store.put(GLYPHS_KIND, key, _snapshot({}, _glyphs_of(tt.face)))
    return tt


def _glyphs_of(face: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(face).items() if k in _GLYPH_TABLES}


def _glyph_tables(
    key: tuple[object, ...], name: str, opened: Callable[[], str | io.BytesIO], index: int
) -> tuple[dict[str, Any], dict[str, tuple[object, ...]]]:
    """The glyph tables of the face kept under ``key``, as (plain, packed) attributes: from
    their entry, or, when it is missing, damaged or foreign, from the font parsed again
    (and kept again)."""
    blob = store.get(GLYPHS_KIND, key)
    if blob is not None:
        try:
            font, plain, packed = _Unpickler(io.BytesIO(blob)).load()
            if not (font == {} and isinstance(plain, dict) and isinstance(packed, dict)):
                raise ValueError("not a glyph tables entry")
            if plain.keys() | packed.keys() != _GLYPH_TABLES:
                raise ValueError("glyph tables missing")
            for form in packed.values():
                _check(form)
            return plain, packed
        except Exception as exc:
            log.debug("字形表缓存条目无法使用，重新解析：%s（%s）", key[:-3], exc)
    glyphs = _glyphs_of(TTFont(name, opened(), subfontIndex=index).face)
    store.put(GLYPHS_KIND, key, _snapshot({}, glyphs))
    return glyphs, {}


def _snapshot(font: dict[str, Any], face_vars: dict[str, Any]) -> bytes:
    """Pickled attributes of a freshly parsed TTFont and of (some of) its face, large ones
    packed."""
    face: dict[str, Any] = {}
    packed: dict[str, tuple[object, ...]] = {}
    for k, v in face_vars.items():
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


Column = tuple[str, bytes, bytes]
#: A value's type → its byte in an "m" column's mask.
_IS_INT = {int: 1, float: 0}


def _column(values: list[Any]) -> Column:
    """Numbers as one array: "q" all ints, "d" all floats, "m" mixed (with a mask of the ints).

    TypeError when a value is not an int or float; OverflowError beyond 64 bits.
    """
    kinds = set(map(type, values))
    if kinds <= {int}:
        return ("q", _ints(values), b"")
    if kinds <= {float}:
        return ("d", array("d", values).tobytes(), b"")
    if kinds <= {int, float} and max(map(abs, values)) < 2**53:
        ints = bytes(map(_IS_INT.__getitem__, map(type, values)))
        return ("m", array("d", values).tobytes(), ints)
    raise TypeError("not a column of numbers")


def _values(col: Column) -> list[Any]:
    code, data, mask = col
    arr = array("q" if code == "q" else "d")
    arr.frombytes(data)
    if code == "m":
        return [int(v) if m else v for v, m in zip(arr, mask, strict=True)]
    if code not in ("q", "d"):
        raise ValueError(f"unknown column {code!r}")
    return arr.tolist()


def _pack(value: object) -> tuple[object, ...] | None:
    """A large container of numbers as arrays' bytes (a tenth of pickle's load time).

    The forms: "d" dict int → number (its keys sorted, so a code is found by bisection
    without making the dict: ``SortedTable``), "dl" dict int → list of ints, "l" list of
    numbers, "l2" list of pairs of numbers; None: not such a container (pickled as it is).
    """
    try:
        if isinstance(value, dict) and len(value) >= _PACK_MIN:
            if set(map(type, value)) != {int}:
                return None
            vals = list(value.values())
            if set(map(type, vals)) == {list}:
                flat = list(chain.from_iterable(vals))
                if flat and set(map(type, flat)) != {int}:
                    return None
                return ("dl", _ints(value), _ints(map(len, vals)), _ints(flat))
            ordered = sorted(value)  # _column: TypeError when a value is not a number
            return ("d", _ints(ordered), _column(list(map(value.__getitem__, ordered))))
        if isinstance(value, list) and len(value) >= _PACK_MIN:
            if set(map(type, value)) == {tuple} and set(map(len, value)) == {2}:
                return ("l2", _column(list(map(itemgetter(0), value))),
                        _column(list(map(itemgetter(1), value))))
            return ("l", _column(value))
    except (TypeError, OverflowError):  # not numbers, or beyond 64 bits: kept as they are
        return None
    return None


def _check(form: object) -> None:
    """ValueError unless ``form`` is one of _pack's forms with consistent lengths."""

    def column(col: object) -> int:
        if not (isinstance(col, tuple) and len(col) == 3 and col[0] in ("q", "d", "m")):
            raise ValueError("not a packed column")
        code, data, mask = col
        if not (isinstance(data, bytes) and isinstance(mask, bytes)) or len(data) % 8:
            raise ValueError("not a packed column")
        if (code == "m") != bool(mask) or (mask and len(mask) * 8 != len(data)):
            raise ValueError("a column's mask of the wrong length")
        return len(data) // 8

    if not (isinstance(form, tuple) and form and isinstance(form[0], str)):
        raise ValueError("not a packed form")
    tag, parts = form[0], form[1:]
    if tag == "d" and len(parts) == 2 and isinstance(parts[0], bytes):
        if len(parts[0]) != 8 * column(parts[1]):
            raise ValueError("keys and values of different lengths")
    elif tag == "dl" and len(parts) == 3 and all(isinstance(p, bytes) for p in parts):
        if len(parts[0]) != len(parts[1]) or len(parts[0]) % 8 or len(parts[2]) % 8:
            raise ValueError("keys and list lengths of different lengths")
    elif tag == "l" and len(parts) == 1:
        column(parts[0])
    elif tag == "l2" and len(parts) == 2:
        if column(parts[0]) != column(parts[1]):
            raise ValueError("pairs of different lengths")
    else:
        raise ValueError(f"unknown packed form {tag!r}")


def coverage(tt: Any) -> frozenset[int]:
    """The code points ``tt``'s face maps (without unpacking a restored face's cmap)."""
    form = tt.face.__dict__.get("_packed", {}).get("charToGlyph")
    if form is not None and form[0] in ("d", "dl"):
        keys = array("q")
        keys.frombytes(form[1])
        return frozenset(keys)
    return frozenset(tt.face.charToGlyph)


#: Lookups after which a :class:`SortedTable` makes its dict: a process that builds again
#: and again (the warm background process, a batch) looks up codes at dict speed, a single
#: build never pays for the dict.
MATERIALISE_AFTER = 20_000


class SortedTable(Mapping[int, Any]):
    """A restored face's code → number table (a "d" form), read in its packed arrays.

    A face maps 20–40 thousand codes; making that dict costs a few milliseconds per face
    and table, while a build looks up a few thousand codes. A code is found by bisection
    in the sorted keys, until :data:`MATERIALISE_AFTER` lookups, then in a dict made
    once; iterating gives the codes in ascending order.
    """

    __slots__ = ("_dict", "_keys", "_lookups", "_mask", "_values")

    def __init__(self, form: tuple[Any, ...]) -> None:
        code, data, mask = form[2]
        self._keys = array("q")
        self._keys.frombytes(form[1])
        self._values = array("q" if code == "q" else "d")
        self._values.frombytes(data)
        self._mask = mask  # "m" columns: which values are ints
        self._dict: dict[int, Any] | None = None
        self._lookups = 0

    def _value(self, i: int) -> Any:
        value = self._values[i]
        return int(value) if self._mask and self._mask[i] else value

    def _materialised(self) -> dict[int, Any] | None:
        if self._dict is None:
            self._lookups += 1
            if self._lookups > MATERIALISE_AFTER:
                self._dict = {k: self._value(i) for i, k in enumerate(self._keys)}
        return self._dict

    def _index(self, key: object) -> int:
        keys = self._keys
        if type(key) is int:
            i = bisect_left(keys, key)
            if i < len(keys) and keys[i] == key:
                return i
        return -1

    def __contains__(self, key: object) -> bool:
        table = self._materialised()
        if table is not None:
            return type(key) is int and key in table  # as bisection: 1.0 and True are not codes
        return self._index(key) >= 0

    def __getitem__(self, key: int) -> Any:
        table = self._materialised()
        if table is not None and type(key) is int:
            return table[key]
        i = self._index(key)
        if i < 0:
            raise KeyError(key)
        return self._value(i)

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def advance(face: Any, code: int) -> float | None:
    """``face.charWidths.get(code, face.defaultWidth)`` of a restored face, from its packed
    table (the dict reportlab's C ``stringWidth`` needs is not made); None for another face."""
    widths = face.__dict__.get("_widths")
    if widths is None:
        return None
    width = widths.get(code)
    return face.defaultWidth if width is None else width


def _unpack(form: tuple[Any, ...]) -> object:
    """The container of a packed form (ValueError for a form that is not one of _pack's)."""

    def ints(data: bytes) -> array[int]:
        out = array("q")
        out.frombytes(data)
        return out

    tag = form[0]
    if tag == "d":
        return dict(zip(ints(form[1]), _values(form[2]), strict=True))
    if tag == "dl":
        flat, out, at = ints(form[3]), {}, 0
        for key, n in zip(ints(form[1]), ints(form[2]), strict=True):
            out[key] = flat[at : at + n].tolist()
            at += n
        if at != len(flat):
            raise ValueError("packed lists of the wrong length")
        return out
    if tag == "l":
        return _values(form[1])
    if tag == "l2":
        return list(zip(_values(form[1]), _values(form[2]), strict=True))
    raise ValueError(f"unknown packed form {tag!r}")


#: Tables of a restored face read through SortedTable: charToGlyph takes its place (reportlab
#: only asks whether a code is in it, and its glyph); charWidths stays a dict for reportlab's
#: C ``stringWidth``, made when first asked for, and is read as ``_widths`` by ``advance``.
_TABLES = {"charToGlyph": "", "charWidths": "_widths"}


def _restore(
    name: str,
    blob: bytes,
    read: Callable[[], bytes],
    glyphs: Callable[[], tuple[dict[str, Any], dict[str, tuple[object, ...]]]],
) -> Any:
    """The TTFont of a snapshot, as TTFont(name, file) would have made it; ``glyphs()``
    gives its glyph tables when they are first needed."""
    font, face_vars, packed = _Unpickler(io.BytesIO(blob)).load()
    if not (isinstance(font, dict) and isinstance(face_vars, dict) and isinstance(packed, dict)):
        raise ValueError("not a font snapshot")
    missing = _REQUIRED - face_vars.keys() - packed.keys()
    if missing:
        raise ValueError(f"attributes missing: {sorted(missing)}")
    face = _LazyFace.__new__(_LazyFace)
    face.__dict__.update(face_vars)
    for form in packed.values():  # a damaged entry fails here, not mid-render
        _check(form)
    face._packed = packed
    for attr, table in _TABLES.items():  # looked up, never iterated whole: not made into dicts
        form = packed.get(attr)
        if form is not None and form[0] == "d":
            if table:
                face.__dict__[table] = SortedTable(form)
            else:
                face.__dict__[attr] = SortedTable(packed.pop(attr))
    face._pdfScale = _pdf_scale(face_vars["unitsPerEm"])
    face._read_font = read
    face._glyphs = glyphs
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


_glyphs_lock = threading.Lock()  # two renders in threads may cut subsets of one face


class _LazyFace(TTFontFace):
    """A face restored from the cache; what only subsetting needs is made when first used:
    the font file's bytes (read), the glyph tables (their entry read, unpacked)."""

    _read_font: Callable[[], bytes]
    _packed: dict[str, tuple[object, ...]]
    _glyphs: Callable[[], tuple[dict[str, Any], dict[str, tuple[object, ...]]]]

    def __getattr__(self, attr: str) -> Any:
        if attr in _GLYPH_TABLES and "_glyphs" in self.__dict__:
            with _glyphs_lock:
                if "_glyphs" in self.__dict__:
                    plain, packed = self.__dict__.pop("_glyphs")()
                    self.__dict__.update(plain)
                    self._packed.update(packed)
            return getattr(self, attr)
        with _glyphs_lock:
            if attr in self.__dict__:  # made by another thread meanwhile
                return self.__dict__[attr]
            if attr == "_ttf_data":
                value: Any = self._read_font()
            elif attr in self.__dict__.get("_packed", ()):
                value = _unpack(self._packed.pop(attr))
            else:
                raise AttributeError(attr)
            setattr(self, attr, value)
        return value

    def getCharWidth(self, code: int) -> Any:  # reportlab's name
        """``charWidths.get(code, defaultWidth)``, from the packed table (see ``advance``)."""
        widths = self.__dict__.get("_widths")
        if widths is None:
            return super().getCharWidth(code)
        return widths.get(code, self.defaultWidth)

"""PDF font dictionaries into font facts: base name, kind, embedded or not, and codes' glyph ids.

The glyph id of a drawn code tells a character drawn with ``.notdef`` (glyph 0, a missing
glyph) from a real one. It is read where the PDF fixes it: a Type0 font's CIDToGIDMap, or
the ``cmap`` of an embedded TrueType program of a simple font; elsewhere it is unknown.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import PSLiteral

_SUBSET = re.compile(r"^[A-Z]{6}\+")
#: Font descriptor keys of an embedded font program (Type 1, TrueType, CFF/OpenType).
_FONT_FILES = ("FontFile", "FontFile2", "FontFile3")

#: A drawn code (the character code of a simple font, the CID of a Type0 font) → glyph id.
GlyphMap = Callable[[int], "int | None"]


def font_base(name: str) -> str:
    """A PDF font name without its subset prefix (``ABCDEF+UMingCN`` → ``UMingCN``)."""
    return _SUBSET.sub("", name or "")


def name_of(value: Any) -> str:
    """A PDF name (or string) as text."""
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        return str(value.name)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return "" if value is None else str(value)


def _dict(value: Any) -> dict[str, Any]:
    value = resolve1(value)
    if isinstance(value, PDFStream):
        return value.attrs
    return value if isinstance(value, dict) else {}


def _descendant(font: Mapping[str, Any]) -> dict[str, Any]:
    kids = resolve1(font.get("DescendantFonts"))
    return _dict(kids[0]) if isinstance(kids, list) and kids else {}


def _descriptor(font: Mapping[str, Any]) -> dict[str, Any]:
    if name_of(font.get("Subtype")) == "Type0":
        return _dict(_descendant(font).get("FontDescriptor"))
    return _dict(font.get("FontDescriptor"))


def is_embedded(font: Mapping[str, Any]) -> bool:
    """Whether the font's program is in the file (a Type3 font's glyphs always are)."""
    if name_of(font.get("Subtype")) == "Type3":
        return True
    descriptor = _descriptor(font)
    return any(descriptor.get(key) is not None for key in _FONT_FILES)


def page_fonts(resources: Any) -> Iterator[dict[str, Any]]:
    """Every font dictionary of a page's resources, and of the forms it draws, once each."""
    seen: set[int] = set()
    stack = [resources]
    while stack:
        res = _dict(stack.pop())
        for ref in _dict(res.get("Font")).values():
            key = ref.objid if isinstance(ref, PDFObjRef) else id(ref)
            if key not in seen:
                seen.add(key)
                yield _dict(ref)
        for ref in _dict(res.get("XObject")).values():
            key = ref.objid if isinstance(ref, PDFObjRef) else id(ref)
            xobj = resolve1(ref)
            if key in seen or not isinstance(xobj, PDFStream):
                continue
            seen.add(key)
            if name_of(xobj.attrs.get("Subtype")) == "Form" and "Resources" in xobj.attrs:
                stack.append(xobj.attrs["Resources"])


def glyph_map(font: Mapping[str, Any]) -> GlyphMap:
    """How the font turns drawn codes into glyph ids (None where the PDF does not fix it)."""
    kind = name_of(font.get("Subtype"))
    if kind == "Type0":
        cid_font = _descendant(font)
        if name_of(cid_font.get("Subtype")) != "CIDFontType2":
            return _unknown
        mapping = resolve1(cid_font.get("CIDToGIDMap"))
        if isinstance(mapping, PDFStream):
            return _stream_map(mapping.get_data())
        return _identity  # the default, and /Identity
    if kind == "TrueType":
        program = resolve1(_descriptor(font).get("FontFile2"))
        if isinstance(program, PDFStream):
            table = _cmap(program.get_data())
            if table is not None:
                return table
    return _unknown


def _unknown(code: int) -> int | None:
    return None


def _identity(code: int) -> int | None:
    return code


def _stream_map(data: bytes) -> GlyphMap:
    def gid(cid: int) -> int | None:
        return int.from_bytes(data[2 * cid:2 * cid + 2], "big") if 2 * cid + 2 <= len(data) else 0

    return gid


def _cmap(data: bytes) -> GlyphMap | None:
    """A simple TrueType font's code → glyph id, from its (3,0) or (1,0) ``cmap`` subtable.

    As PDF readers do for a symbolic font: a (3,0) table maps the code or 0xF000 + code;
    a (1,0) table maps the code. None for a program without such a table.
    """
    try:
        tables = _table_directory(data)
        if b"cmap" not in tables:
            return None
        base = tables[b"cmap"]
        _version, count = struct.unpack_from(">HH", data, base)
        subtables = {}
        for i in range(count):
            pid, eid, offset = struct.unpack_from(">HHI", data, base + 4 + 8 * i)
            subtables[(pid, eid)] = base + offset
        for key in ((3, 0), (1, 0)):
            if key in subtables:
                mapping = _subtable(data, subtables[key])
                if key == (3, 0):
                    return lambda code: mapping.get(code) or mapping.get(0xF000 + code, 0)
                return lambda code: mapping.get(code, 0)
    except struct.error:
        return None
    return None


def _table_directory(data: bytes) -> dict[bytes, int]:
    count = struct.unpack_from(">H", data, 4)[0]
    tables = {}
    for i in range(count):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag] = offset
    return tables


def _subtable(data: bytes, at: int) -> dict[int, int]:
    """Formats 0 (byte array), 4 (segments) and 6 (trimmed array) into code → glyph id."""
    fmt = struct.unpack_from(">H", data, at)[0]
    if fmt == 0:
        return dict(enumerate(data[at + 6:at + 6 + 256]))
    if fmt == 6:
        first, count = struct.unpack_from(">HH", data, at + 6)
        ids = struct.unpack_from(f">{count}H", data, at + 10)
        return {first + i: gid for i, gid in enumerate(ids)}
    if fmt == 4:
        segments = struct.unpack_from(">H", data, at + 6)[0] // 2
        ends = struct.unpack_from(f">{segments}H", data, at + 14)
        starts_at = at + 16 + 2 * segments
        starts = struct.unpack_from(f">{segments}H", data, starts_at)
        deltas = struct.unpack_from(f">{segments}h", data, starts_at + 2 * segments)
        offsets_at = starts_at + 4 * segments
        offsets = struct.unpack_from(f">{segments}H", data, offsets_at)
        out: dict[int, int] = {}
        for i in range(segments):
            for code in range(starts[i], min(ends[i], 0xFFFE) + 1):
                if offsets[i] == 0:
                    gid = (code + deltas[i]) & 0xFFFF
                else:
                    where = offsets_at + 2 * i + offsets[i] + 2 * (code - starts[i])
                    gid = struct.unpack_from(">H", data, where)[0]
                    gid = (gid + deltas[i]) & 0xFFFF if gid else 0
                out[code] = gid
        return out
    return {}

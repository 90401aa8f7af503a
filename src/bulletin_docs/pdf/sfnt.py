"""A TrueType/OpenType file (.ttf, .ttc, .otf) into its faces: outline kind and family names."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FaceInfo:
    """One face of a font file: its index in a collection, outlines, and names."""

    index: int
    truetype: bool  # 'glyf' outlines (reportlab can embed them); False for 'CFF '
    families: tuple[str, ...]


def _names(data: bytes, offset: int) -> tuple[str, ...]:
    """Family (1), full (4) and typographic family (16) names of a 'name' table."""
    try:
        _fmt, count, strings = struct.unpack_from(">HHH", data, offset)
        out: list[str] = []
        for i in range(count):
            pid, eid, _lang, nid, length, off = struct.unpack_from(">6H", data, offset + 6 + 12 * i)
            if nid not in (1, 4, 16):
                continue
            raw = data[offset + strings + off : offset + strings + off + length]
            if pid == 3 or pid == 0:
                text = raw.decode("utf-16-be", "replace")
            elif pid == 1 and eid == 0:
                text = raw.decode("mac_roman", "replace")
            else:
                continue
            if text and text not in out:
                out.append(text)
        return tuple(out)
    except struct.error:
        return ()


def _face(data: bytes, offset: int, index: int) -> FaceInfo | None:
    try:
        _version, num_tables = struct.unpack_from(">IH", data, offset)
        tables: dict[bytes, int] = {}
        for i in range(num_tables):
            tag, _sum, toff, _len = struct.unpack_from(">4sIII", data, offset + 12 + 16 * i)
            tables[tag] = toff
    except struct.error:
        return None
    truetype = b"glyf" in tables and b"CFF " not in tables and b"CFF2" not in tables
    names = _names(data, tables[b"name"]) if b"name" in tables else ()
    return FaceInfo(index, truetype, names)


def read_faces(path: Path) -> tuple[FaceInfo, ...]:
    """The faces of ``path``; empty when it is not a font file we can read."""
    try:
        data = path.read_bytes()
    except OSError:
        return ()
    if data[:4] == b"ttcf":
        try:
            (count,) = struct.unpack_from(">I", data, 8)
            offsets = struct.unpack_from(f">{count}I", data, 12)
        except struct.error:
            return ()
        faces = (_face(data, off, i) for i, off in enumerate(offsets))
        return tuple(f for f in faces if f is not None)
    if data[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        face = _face(data, 0, 0)
        return (face,) if face is not None else ()
    return ()

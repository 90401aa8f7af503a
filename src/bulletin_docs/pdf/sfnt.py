"""A TrueType/OpenType file (.ttf, .ttc, .otf) into its faces: outline kind and family names."""

from __future__ import annotations

import struct
from collections.abc import Callable
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


def _face(read: Callable[[int, int], bytes], offset: int, index: int) -> FaceInfo | None:
    try:
        _version, num_tables = struct.unpack(">IH", read(offset, 6))
        directory = read(offset + 12, 16 * num_tables)
        tables: dict[bytes, tuple[int, int]] = {}
        for i in range(num_tables):
            tag, _sum, toff, tlen = struct.unpack_from(">4sIII", directory, 16 * i)
            tables[tag] = (toff, tlen)
    except struct.error:
        return None
    truetype = b"glyf" in tables and b"CFF " not in tables and b"CFF2" not in tables
    names = _names(read(*tables[b"name"]), 0) if b"name" in tables else ()
    return FaceInfo(index, truetype, names)


def read_faces(path: Path) -> tuple[FaceInfo, ...]:
    """The faces of ``path``; empty when it is not a font file we can read.

    Only the headers, table directories and name tables are read (a CJK collection
    is tens of megabytes; these parts a few kilobytes).
    """
    try:
        with path.open("rb") as fh:

            def read(offset: int, length: int) -> bytes:
                fh.seek(offset)
                return fh.read(length)

            return _faces(read)
    except OSError:
        return ()


def _faces(read: Callable[[int, int], bytes]) -> tuple[FaceInfo, ...]:
    head = read(0, 12)
    if head[:4] == b"ttcf":
        try:
            (count,) = struct.unpack_from(">I", head, 8)
            offsets = struct.unpack(f">{count}I", read(12, 4 * count))
        except struct.error:
            return ()
        faces = (_face(read, off, i) for i, off in enumerate(offsets))
        return tuple(f for f in faces if f is not None)
    if head[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        face = _face(read, 0, 0)
        return (face,) if face is not None else ()
    return ()

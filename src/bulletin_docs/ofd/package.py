"""The parts of an OFD package into the bytes of its ZIP container, the same for the same parts.

The container is written here rather than by :mod:`zipfile`, byte for byte as ``zipfile``
writes it (the tests compare), so that a part deflated by an earlier build (the font
subsets, the unchanged pages of an issue being edited) is not deflated again: deflating
the font files was a third of a warm OFD build.
"""

from __future__ import annotations

import struct
import threading
import zlib
from collections.abc import Mapping

from ..pdf.fontset import FONT_FLATE_LEVEL

#: Every entry's timestamp: fixed, so that the same parts give the same file.
_DATE_TIME = (1980, 1, 1, 0, 0, 0)
#: Already-compressed media are stored; XML and fonts are deflated: font files at the fastest
#: level, as the PDF's font streams (pdf/fontset.py), the XML (a tenth of the bytes) at zlib's
#: default.
_STORED = (".jpg", ".png")
_FONT_LEVEL, _XML_LEVEL = FONT_FLATE_LEVEL, 6
#: What zipfile writes for a small entry: version 2.0, made on Unix (3), mode 0644.
_VERSION, _SYSTEM, _ATTRIBUTES = 20, 3, 0o644 << 16
_DEFLATED, _STORED_METHOD = 8, 0
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
#: Deflated parts kept for the next package (the most recent ones).
_KEPT_MOST = 256

_kept: dict[tuple[bytes, int], bytes] = {}
_kept_lock = threading.Lock()


def _deflated(data: bytes, level: int) -> bytes:
    """``data`` as a raw deflate stream at ``level`` (what zipfile's compressor gives)."""
    key = (data, level)
    hit = _kept.get(key)
    if hit is None:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        hit = packer.compress(data) + packer.flush()
        with _kept_lock:
            if len(_kept) >= _KEPT_MOST:
                del _kept[next(iter(_kept))]
            _kept[key] = hit
    return hit


def zip_parts(parts: Mapping[str, bytes]) -> bytes:
    """``parts`` (path inside the package → bytes) as a ZIP file, in the order given."""
    dt = _DATE_TIME
    dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in parts.items():
        raw = name.encode("ascii")  # the package's paths are ASCII (ofd/document.py)
        if name.endswith(_STORED):
            method, body = _STORED_METHOD, data
        else:
            level = _FONT_LEVEL if name.endswith(".ttf") else _XML_LEVEL
            method, body = _DEFLATED, _deflated(data, level)
        crc = zlib.crc32(data)
        local = _LOCAL.pack(
            b"PK\x03\x04", _VERSION, 0, 0, method, dostime, dosdate, crc,
            len(body), len(data), len(raw), 0,
        )
        central.append(_CENTRAL.pack(
            b"PK\x01\x02", _VERSION, _SYSTEM, _VERSION, 0, 0, method, dostime, dosdate, crc,
            len(body), len(data), len(raw), 0, 0, 0, 0, _ATTRIBUTES, offset,
        ) + raw)
        out += (local, raw, body)
        offset += len(local) + len(raw) + len(body)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(out) + directory + end

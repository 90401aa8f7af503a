"""A registered face and the characters a document draws with it into an embeddable TrueType subset.

The subset is the one the PDF embeds: reportlab's own ``makeSubset`` of the face (for an
OpenType/CFF face, the glyphs converted to TrueType by ``pdf/cff.py``), so both files carry
the same outlines. reportlab's subset maps the codes 0…n-1 to its glyphs (a PDF encoding);
an OFD reader finds glyphs by Unicode, so its ``cmap`` is replaced by a Unicode one
(format 4, and format 12 when a character lies beyond the BMP, such as 𠮷).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontMaker


def _tables(font: bytes) -> dict[str, bytes]:
    """The tables of a single-face sfnt file, by tag."""
    (num,) = struct.unpack_from(">H", font, 4)
    out: dict[str, bytes] = {}
    for i in range(num):
        tag, _sum, off, length = struct.unpack_from(">4sIII", font, 12 + 16 * i)
        out[tag.decode("latin-1")] = font[off : off + length]
    return out


def _format6_glyphs(cmap: bytes) -> list[int]:
    """The glyph of each code 0…n-1 in reportlab's subset cmap (one format-6 subtable)."""
    (offset,) = struct.unpack_from(">I", cmap, 8)
    fmt, _length, _lang, first, count = struct.unpack_from(">5H", cmap, offset)
    if fmt != 6 or first != 0:
        raise ValueError(f"unexpected subset cmap format {fmt}")
    return list(struct.unpack_from(f">{count}H", cmap, offset + 10))


def _format4(mapping: dict[int, int]) -> bytes:
    """A format-4 subtable (one segment per character, then the 0xFFFF end segment)."""
    codes = sorted(c for c in mapping if c <= 0xFFFF and c != 0xFFFF)
    ends = [*codes, 0xFFFF]
    starts = [*codes, 0xFFFF]
    deltas = [(mapping[c] - c) & 0xFFFF for c in codes] + [1]
    segs = len(ends)
    search = 2 * (1 << (segs.bit_length() - 1))
    selector = segs.bit_length() - 1
    shift = 2 * segs - search
    length = 16 + 8 * segs
    head = struct.pack(">7H", 4, length, 0, 2 * segs, search, selector, shift)
    return b"".join(
        (
            head,
            struct.pack(f">{segs}H", *ends),
            b"\0\0",
            struct.pack(f">{segs}H", *starts),
            struct.pack(f">{segs}H", *deltas),
            struct.pack(f">{segs}H", *([0] * segs)),
        )
    )


def _format12(mapping: dict[int, int]) -> bytes:
    """A format-12 subtable: one group per character."""
    codes = sorted(mapping)
    groups = b"".join(struct.pack(">3I", c, c, mapping[c]) for c in codes)
    return struct.pack(">HHIII", 12, 0, 16 + len(groups), 0, len(codes)) + groups


def unicode_cmap(mapping: dict[int, int]) -> bytes:
    """A cmap table mapping code points to glyph ids: (3,1) format 4, plus (3,10) format 12
    when a code point lies beyond the BMP."""
    subtables = [((3, 1), _format4(mapping))]
    if any(c > 0xFFFF for c in mapping):
        subtables.append(((3, 10), _format12(mapping)))
    offset = 4 + 8 * len(subtables)
    records, bodies = [], []
    for (pid, eid), body in subtables:
        records.append(struct.pack(">HHI", pid, eid, offset))
        bodies.append(body)
        offset += len(body)
    return struct.pack(">HH", 0, len(subtables)) + b"".join(records) + b"".join(bodies)


def font_subset(face_name: str, chars: Iterable[str]) -> bytes:
    """The TrueType subset of the registered face ``face_name`` for ``chars``, Unicode-mapped.

    Characters the face lacks map to glyph 0 (the PDF draws them so too).
    """
    codes = sorted({ord(c) for c in chars})
    subset = pdfmetrics.getFont(face_name).face.makeSubset(codes)
    tables = _tables(subset)
    glyphs = _format6_glyphs(tables["cmap"])
    mapping = {code: gid for code, gid in zip(codes, glyphs, strict=True) if gid}
    tables["cmap"] = unicode_cmap(mapping)
    maker = TTFontMaker()
    for tag, data in tables.items():
        maker.add(tag, data)
    return bytes(maker.makeStream())


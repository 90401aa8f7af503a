"""reportlab's ToUnicode CMaps into ones that map characters beyond the BMP (𠮷) correctly.

reportlab writes each subset's ToUnicode entry as ``<%04X>`` of the code point: for U+20BB7
that is ``<20BB7>``, five hex digits, which readers take as U+20BB and a stray digit, so a
rare name drawn from an Extension-B face would not be extractable or searchable. The CMap
must hold UTF-16BE, a surrogate pair for such characters (PDF 32000 9.10.3). BMP entries
are written exactly as reportlab writes them, so PDFs without such characters keep their bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

_installed = False


def _utf16_hex(code: int) -> str:
    if code <= 0xFFFF:
        return f"{code:04X}"
    return (chr(code).encode("utf-16-be")).hex().upper()


def make_to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ``makeToUnicodeCMap`` with UTF-16BE destination strings."""
    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(cmap)


def install() -> None:
    """Make reportlab's TrueType fonts write :func:`make_to_unicode_cmap` (once per process)."""
    global _installed
    if _installed:
        return
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
    _installed = True

"""A picture's encoded bytes into the image file an OFD embeds: the pixels the PDF shows.

A JPEG is embedded as it is (the PDF embeds it as it is too). reportlab draws a PNG's
colour channels only (an alpha channel or a palette's transparency is dropped), so a PNG
with transparency is written again without it, and looks as it does in the PDF.
"""

from __future__ import annotations

import io

_PNG = b"\x89PNG\r\n\x1a\n"


def image_file(data: bytes) -> tuple[str, bytes]:
    """(format, bytes) of ``data`` for an OFD: ``"JPEG"`` or ``"PNG"``."""
    if not data.startswith(_PNG):
        return "JPEG", data
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        if im.mode in ("RGB", "L") and "transparency" not in im.info:
            return "PNG", data
        flat = im.convert("RGB")
    buf = io.BytesIO()
    flat.save(buf, "PNG", optimize=True)
    return "PNG", buf.getvalue()

"""The parts of an OFD package into the bytes of its ZIP container, the same for the same parts."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

from ..pdf.fontset import FONT_FLATE_LEVEL

#: Every entry's timestamp: fixed, so that the same parts give the same file.
_DATE_TIME = (1980, 1, 1, 0, 0, 0)
#: Already-compressed media are stored; XML and fonts are deflated: font files at the fastest
#: level, as the PDF's font streams (pdf/fontset.py), the XML (a tenth of the bytes) at zlib's
#: default.
_STORED = (".jpg", ".png")
_FONT_LEVEL, _XML_LEVEL = FONT_FLATE_LEVEL, 6


def zip_parts(parts: Mapping[str, bytes]) -> bytes:
    """``parts`` (path inside the package → bytes) as a ZIP file, in the order given."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=_DATE_TIME)
            info.external_attr = 0o644 << 16
            stored = name.endswith(_STORED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            level = _FONT_LEVEL if name.endswith(".ttf") else _XML_LEVEL
            zf.writestr(info, data, compresslevel=level)
    return buf.getvalue()

"""The parts of an OFD package into the bytes of its ZIP container, the same for the same parts."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

#: Every entry's timestamp: fixed, so that the same parts give the same file.
_DATE_TIME = (1980, 1, 1, 0, 0, 0)
#: Already-compressed media are stored; XML and fonts are deflated.
_STORED = (".jpg", ".png")


def zip_parts(parts: Mapping[str, bytes]) -> bytes:
    """``parts`` (path inside the package → bytes) as a ZIP file, in the order given."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=_DATE_TIME)
            info.external_attr = 0o644 << 16
            if name.endswith(_STORED):
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=6)
    return buf.getvalue()

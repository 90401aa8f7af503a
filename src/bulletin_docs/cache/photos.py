"""A photo file's bytes and drawn size into its prepared image, kept in the persistent cache.

Preparing a photo (decode, turn upright, LANCZOS to print dpi, re-encode) takes tens of
milliseconds each, on every cold build. The result is kept keyed by the SHA-256 of the
file's bytes (a renamed or touched photo is still a hit, an edited one a miss), the box
and print settings, Pillow's version and the preparing code (``photos.py``'s source).
Checking a photo at load (every byte decoded, at 1/8 scale) is kept too, as a verdict
on its bytes and the pixel limit: only a good photo's.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import store

if TYPE_CHECKING:  # pragma: no cover
    from ..photos import PreparedPhoto

KIND = "photo"
#: format (4 ASCII bytes), width and height in pixels, drawn width and height in points.
_HEADER = struct.Struct("<4sIIdd")
_MAGIC = {"JPEG": b"\xff\xd8\xff", "PNG": b"\x89PNG\r\n\x1a\n"}


def _digest(source: Path | bytes) -> str | None:
    """The SHA-256 of a photo's bytes (a file's, or given); None when the file cannot be read."""
    try:
        data = source if isinstance(source, bytes) else source.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest()


def prepared(
    path: Path | bytes, settings: tuple[object, ...], make: Callable[[], PreparedPhoto]
) -> PreparedPhoto:
    """``make()``'s photo for ``path`` (a file, or its bytes) prepared with ``settings``;
    cached if kept."""
    if store.active_store() is None:
        return make()
    digest = _digest(path)
    if digest is None:  # make() says what is wrong with the file
        return make()
    key = (digest, *settings, _pillow_version(), store.source_fingerprint("photos"))
    blob = store.get(KIND, key)
    if blob is not None:
        photo = _decode(blob)
        if photo is not None:
            return photo
    photo = make()
    store.put(KIND, key, _HEADER.pack(photo.format.encode("ascii").ljust(4), photo.width_px,
                                      photo.height_px, photo.width_pt, photo.height_pt)
              + photo.data)
    return photo


def _checked_key(path: Path | bytes, max_pixels: int) -> tuple[object, ...] | None:
    digest = _digest(path)
    if digest is None:
        return None
    return (digest, max_pixels, _pillow_version(), store.source_fingerprint("photos"))


def checked_before(path: Path | bytes, max_pixels: int) -> bool:
    """Whether an earlier build found these bytes a good photo within ``max_pixels``."""
    if store.active_store() is None:
        return False
    key = _checked_key(path, max_pixels)
    return key is not None and store.get("photo-checked", key) == b"ok"


def remember_checked(path: Path | bytes, max_pixels: int) -> None:
    """Keep the verdict that ``path``'s bytes are a good photo (a bad one is never kept)."""
    if store.active_store() is None:
        return
    key = _checked_key(path, max_pixels)
    if key is not None:
        store.put("photo-checked", key, b"ok")


def _decode(blob: bytes) -> PreparedPhoto | None:
    """The photo of an entry, or None when it is not one (a foreign entry is a miss)."""
    from ..photos import PreparedPhoto

    if len(blob) <= _HEADER.size:
        return None
    fmt_raw, w_px, h_px, w_pt, h_pt = _HEADER.unpack_from(blob)
    fmt = fmt_raw.decode("ascii", "replace").strip()
    data = blob[_HEADER.size :]
    magic = _MAGIC.get(fmt)
    if magic is None or not data.startswith(magic) or w_px <= 0 or h_px <= 0:
        return None
    return PreparedPhoto(data, fmt, w_px, h_px, w_pt, h_pt)


def _pillow_version() -> str:
    from PIL import __version__

    return str(__version__)

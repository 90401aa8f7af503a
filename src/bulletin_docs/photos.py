"""Photo files into print-ready images: checked, EXIF-upright, 8-bit RGB or grey on white,
sized, resampled to print dpi."""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass
from pathlib import Path

from .cache import photos as photo_cache
from .errors import PhotoError, Position
from .layout import DEFAULT, PT_PER_INCH, LayoutProfile, mm_to_pt

_SUPPORTED = {"JPEG": "JPEG", "PNG": "PNG", "MPO": "JPEG"}


@dataclass(frozen=True)
class PreparedPhoto:
    """Encoded image bytes ready to embed, with the size they are drawn at."""

    data: bytes
    format: str  # "JPEG" or "PNG"
    width_px: int
    height_px: int
    width_pt: float
    height_pt: float


#: A photo's source: its file, or its bytes (given by a script; shown as 照片数据 in messages).
PhotoSource = Path | bytes


def _name(source: PhotoSource) -> str:
    return "照片数据" if isinstance(source, bytes) else str(source)


def _open(source: PhotoSource, position: Position | None, profile: LayoutProfile):
    # -> Image.Image
    from PIL import Image

    path = _name(source)
    if isinstance(source, bytes):
        stream: Path | io.BytesIO = io.BytesIO(source)
    else:
        if not source.exists():
            raise PhotoError.at(position, f"找不到照片文件：{path}")
        if not source.is_file():
            raise PhotoError.at(position, f"照片路径不是文件：{path}")
        stream = source
    try:
        im = Image.open(stream)
    except Image.DecompressionBombError as exc:
        raise PhotoError.at(position, f"照片像素过多，拒绝处理：{path}") from exc
    except PermissionError as exc:
        raise PhotoError.at(position, f"无法读取照片（没有权限）：{path}") from exc
    except OSError as exc:
        raise PhotoError.at(position, f"无法识别照片文件（不是 JPEG 或 PNG 图片）：{path}") from exc
    if im.format not in _SUPPORTED:
        im.close()
        raise PhotoError.at(position, f"不支持的照片格式 {im.format}（只支持 JPEG 和 PNG）：{path}")
    w, h = im.size
    if w * h > profile.photo_max_pixels:
        im.close()
        raise PhotoError.at(
            position,
            f"照片像素过多（{w}×{h}，上限 {profile.photo_max_pixels} 像素）：{path}",
        )
    return im


def check_photo(
    path: PhotoSource, position: Position | None = None, profile: LayoutProfile = DEFAULT
) -> None:
    """Raise PhotoError unless ``path`` (a file, or a photo's bytes) is a readable, complete
    JPEG or PNG within the pixel limit.

    A photo found good is remembered per process (path, mtime, size or the bytes' digest,
    pixel limit), in the same cache as the prepared photos: a changed file is checked
    again, a bad one always.
    """
    key = _check_key(path, profile)
    if key:
        with _cache_lock:
            if key in _cache:
                return
        if photo_cache.checked_before(path, profile.photo_max_pixels):
            with _cache_lock:
                _cache[key] = True
            return
    im = _open(path, position, profile)
    try:
        if im.format == "JPEG":  # every byte still decoded (entropy data), the pixels at 1/8
            im.draft(im.mode, (max(1, im.width // 8), max(1, im.height // 8)))
        im.load()
    except Exception as exc:  # Pillow raises many types for truncated or corrupt data
        raise PhotoError.at(position, f"照片文件已损坏或不完整：{_name(path)}") from exc
    finally:
        im.close()
    if key:
        with _cache_lock:
            _cache[key] = True
        photo_cache.remember_checked(path, profile.photo_max_pixels)


def _version(source: PhotoSource) -> tuple[object, ...]:
    """What identifies a photo's content in the caches: its file as it is now (resolved
    path, mtime, size), or its bytes' digest; () when the file cannot be read."""
    if isinstance(source, bytes):
        return ("bytes", hashlib.sha256(source).hexdigest())
    try:
        stat = source.stat()
        return (str(source.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return ()


def _check_key(path: PhotoSource, profile: LayoutProfile) -> tuple[object, ...]:
    """The check cache's key for ``path`` as it is now; () when it cannot be read."""
    version = _version(path)
    return ("checked", *version, profile.photo_max_pixels) if version else ()


#: EXIF orientations that turn the image a quarter (its width and height swap).
_QUARTER_TURNS = frozenset({5, 6, 7, 8})


def _orientation(im) -> int | None:  # im: Image.Image
    """``im``'s EXIF orientation, read without decoding (None: none, or unreadable)."""
    try:
        value = im.getexif().get(0x0112)
    except Exception:  # a damaged EXIF block: exif_transpose will report or ignore it
        return None
    return value if isinstance(value, int) else None


def _draft(im, target: tuple[int, int], upright: tuple[int, int]) -> None:  # im: JpegImageFile
    """Let libjpeg decode ``im`` at 1/2, 1/4 or 1/8 scale, never below ``target`` (upright size).

    A DCT-scaled decode of a large photo is several times faster than a full decode and
    resampling from it; the LANCZOS resize to ``target`` follows as before (deterministic).
    """
    tw, th = target
    if upright != im.size:  # turned a quarter: the file's axes are the other way round
        tw, th = th, tw
    im.draft(im.mode, (tw, th))


#: 16-bit greyscale modes (Pillow opens a 16-bit grey PNG as one of them).
_SIXTEEN_BIT = frozenset({"I", "I;16", "I;16B", "I;16L", "I;16N"})


def _printable(im):  # im: Image.Image -> Image.Image
    """``im`` as it looks, in 8-bit RGB or grey without transparency (unchanged when it is so).

    Transparency (an alpha channel, a palette's or a tRNS colour) is composited on white,
    the paper; 16-bit grey is scaled to 8 bits (not clipped to white); palettes, 1-bit and
    CMYK pictures become RGB or grey. Both renderings embed the result, so Word, LibreOffice
    and reportlab (which drops alpha and clips 16-bit values) show the same picture.
    """
    from PIL import Image

    if im.mode in ("RGB", "L") and "transparency" not in im.info:
        return im
    if im.mode in _SIXTEEN_BIT:
        return im.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    grey = im.mode in ("1", "L", "LA", "La")
    if im.mode in ("LA", "La", "RGBA", "RGBa", "PA") or "transparency" in im.info:
        rgba = im.convert("RGBA")
        im = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    return im.convert("L" if grey else "RGB")


def display_size_pt(
    width_px: int, height_px: int, dpi: float, max_width_pt: float, max_height_pt: float
) -> tuple[float, float]:
    """The drawn size: natural size at ``dpi``, scaled down (never up) to fit the box."""
    natural_w = width_px / dpi * PT_PER_INCH
    natural_h = height_px / dpi * PT_PER_INCH
    scale = min(1.0, max_width_pt / natural_w, max_height_pt / natural_h)
    return natural_w * scale, natural_h * scale


#: Prepared photos, and (keys starting "checked") the files check_photo found good.
_cache: dict[tuple[object, ...], PreparedPhoto | bool] = {}
_cache_lock = threading.Lock()


def prepare_photo(
    path: PhotoSource,
    position: Position | None = None,
    profile: LayoutProfile = DEFAULT,
    max_width_pt: float | None = None,
) -> PreparedPhoto:
    """Decode ``path`` (a file, or a photo's bytes) once, turn it upright, and resample it
    to print dpi at its drawn size.

    Results are cached per file version and box, so the .docx and the PDF of a
    build (and a batch of builds) decode each photo once, and in the persistent cache
    (``cache/photos.py``) for the next build.
    """
    max_w = profile.photo_column_width_pt if max_width_pt is None else max_width_pt
    max_h = mm_to_pt(profile.photo_max_height_mm)
    version = _version(path)
    key: tuple[object, ...] = (
        (
            *version,
            max_w,
            max_h,
            profile.photo_print_dpi,
            profile.photo_natural_dpi,
            profile.photo_jpeg_quality,
        )
        if version
        else ()
    )
    if not key:
        return _prepare(path, position, profile, max_w, max_h)
    with _cache_lock:
        hit = _cache.get(key)
    if isinstance(hit, PreparedPhoto):
        return hit
    prepared = photo_cache.prepared(
        path, key[len(version):], lambda: _prepare(path, position, profile, max_w, max_h)
    )
    with _cache_lock:
        _cache[key] = prepared
    return prepared


def _prepare(
    path: PhotoSource,
    position: Position | None,
    profile: LayoutProfile,
    max_w: float,
    max_h: float,
) -> PreparedPhoto:
    """The photo decoded, upright, resampled to print dpi for the box ``max_w`` × ``max_h``."""
    from PIL import Image, ImageOps

    im = _open(path, position, profile)
    try:
        fmt = _SUPPORTED[im.format or ""]
        orientation = _orientation(im)
        width, height = im.size[::-1] if orientation in _QUARTER_TURNS else im.size
        w_pt, h_pt = display_size_pt(width, height, profile.photo_natural_dpi, max_w, max_h)
        target_w = max(1, round(w_pt / PT_PER_INCH * profile.photo_print_dpi))
        target_h = max(1, round(height * target_w / width))
        if im.format == "JPEG" and target_w * 2 <= width and target_h * 2 <= height:
            _draft(im, (target_w, target_h), (width, height))
        try:
            if orientation not in (None, 1):  # else exif_transpose only copies the pixels
                im = ImageOps.exif_transpose(im)
            im.load()
        except Exception as exc:
            raise PhotoError.at(position, f"照片文件已损坏或不完整：{_name(path)}") from exc
        im = _printable(im)
        if target_w < width and im.size != (target_w, target_h):
            im = im.resize((target_w, target_h), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        if fmt == "JPEG":
            im.save(buf, "JPEG", quality=profile.photo_jpeg_quality, optimize=True)
        else:
            im.save(buf, "PNG", optimize=True)
        prepared = PreparedPhoto(buf.getvalue(), fmt, im.width, im.height, w_pt, h_pt)
    finally:
        im.close()
    return prepared

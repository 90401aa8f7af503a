"""Every PNG/JPEG Pillow opens into a picture that prints as it looks, in the PDF and the .docx.

Each kind is made with Pillow (a 16-bit RGB PNG by hand: Pillow cannot write one) in a
known colour; the build's native PDF is rendered with pypdfium2 and the picture's area is
measured, and the .docx's media file is opened and measured.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

import bulletin_docs
from bulletin_docs.layout import DEFAULT
from bulletin_docs.photos import prepare_photo
from conftest import MINIMAL_YAML, needs_cjk_font

W, H = 160, 120
#: JPEG and resampling move a flat colour by a few levels at most.
TOLERANCE = 8


def _png16_rgb(path: Path, rgb16: tuple[int, int, int]) -> None:
    """A 16-bit-per-channel RGB PNG, written chunk by chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + struct.pack(">HHH", *rgb16) * W
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 16, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * H))
        + chunk(b"IEND", b"")
    )


def _save(mode: str, colour: object, fmt: str, **kw: object) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        from PIL import Image

        Image.new(mode, (W, H), colour).save(path, fmt, **kw)  # type: ignore[arg-type]

    return make


def _palette(transparent: bool) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        from PIL import Image

        im = Image.new("P", (W, H), 1)
        im.putpalette([0, 0, 0, 200, 30, 30] + [0, 0, 0] * 254)
        if transparent:  # the left half in palette entry 0, declared transparent
            im.paste(0, (0, 0, W // 2, H))
            im.save(path, "PNG", transparency=0)
        else:
            im.save(path, "PNG")

    return make


def _grey16(path: Path) -> None:
    import numpy as np
    from PIL import Image

    Image.fromarray(np.full((H, W), 30000, dtype=np.uint16)).save(path, "PNG")


def _rgb16(path: Path) -> None:
    _png16_rgb(path, (60000, 30000, 10000))


def _rgb_trns(path: Path) -> None:
    from PIL import Image

    im = Image.new("RGB", (W, H), (0, 0, 0))  # black, declared the transparent colour
    im.save(path, "PNG", transparency=(0, 0, 0))


#: name, file suffix, maker, the colour it looks on white paper (left half, right half).
KINDS = [
    ("grey16", "png", _grey16, (116, 116, 116), None),
    ("rgb16", "png", _rgb16, (233, 116, 38), None),
    ("palette", "png", _palette(False), (200, 30, 30), None),
    ("palette-transparent", "png", _palette(True), (255, 255, 255), (200, 30, 30)),
    ("rgba-half", "png", _save("RGBA", (200, 30, 30, 128), "PNG"), (227, 142, 142), None),
    ("rgba-clear", "png", _save("RGBA", (0, 0, 0, 0), "PNG"), (255, 255, 255), None),
    ("grey-alpha", "png", _save("LA", (0, 0), "PNG"), (255, 255, 255), None),
    ("rgb-trns", "png", _rgb_trns, (255, 255, 255), None),
    ("one-bit", "png", _save("1", 0, "PNG"), (0, 0, 0), None),
    ("grey-jpeg", "jpg", _save("L", 90, "JPEG", quality=95), (90, 90, 90), None),
    ("cmyk-jpeg", "jpg", _save("CMYK", (0, 255, 255, 0), "JPEG", quality=95), (255, 0, 0), None),
    ("rgb-jpeg", "jpg", _save("RGB", (30, 120, 200), "JPEG", quality=95), (30, 120, 200), None),
]


def _mean(im, box: tuple[int, int, int, int]) -> tuple[float, ...]:
    from PIL import ImageStat

    return tuple(ImageStat.Stat(im.convert("RGB").crop(box)).mean)


def _close(got: tuple[float, ...], want: tuple[int, int, int]) -> bool:
    return all(abs(g - w) <= TOLERANCE for g, w in zip(got, want, strict=True))


def _halves(im) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Mean colours of the left and right halves, a margin off every edge (resampling)."""
    w, h = im.size
    mx, my = max(2, w // 10), max(2, h // 10)
    return _mean(im, (mx, my, w // 2 - mx, h - my)), _mean(im, (w // 2 + mx, my, w - mx, h - my))


def _issue(tmp_path: Path, name: str) -> Path:
    text = MINIMAL_YAML.replace(
        "distribution:",
        "  - title: 图片\n    photos:\n"
        f"      - file: {name}\n        caption: 一张图\n"
        "distribution:",
    )
    path = tmp_path / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("kind", "suffix", "make", "left", "right"), KINDS, ids=[k[0] for k in KINDS]
)
def test_prepared_photo_is_8_bit_without_transparency(
    tmp_path: Path, kind: str, suffix: str, make, left, right
) -> None:
    from PIL import Image

    path = tmp_path / f"{kind}.{suffix}"
    make(path)
    prepared = prepare_photo(path, None, DEFAULT)
    with Image.open(io.BytesIO(prepared.data)) as im:
        assert im.mode in ("RGB", "L")
        assert "transparency" not in im.info
        got_left, got_right = _halves(im)
    assert _close(got_left, left), (got_left, left)
    assert _close(got_right, right or left), (got_right, right or left)


@needs_cjk_font
@pytest.mark.parametrize(
    ("kind", "suffix", "make", "left", "right"), KINDS, ids=[k[0] for k in KINDS]
)
def test_pdf_and_docx_show_the_photo_as_it_looks(
    tmp_path: Path, kind: str, suffix: str, make, left, right
) -> None:
    import pdfplumber
    import pypdfium2
    from PIL import Image

    make(tmp_path / f"{kind}.{suffix}")
    bulletin = bulletin_docs.load(_issue(tmp_path, f"{kind}.{suffix}"))
    pdf = bulletin_docs.render_pdf(bulletin, tmp_path / "out.pdf")
    docx = bulletin_docs.render_docx(bulletin, tmp_path / "out.docx")

    with pdfplumber.open(pdf) as doc:
        found = [(n, img) for n, page in enumerate(doc.pages) for img in page.images]
    assert len(found) == 1, found
    page_no, img = found[0]
    scale = 4  # 288 dpi: the picture is some 200 px wide
    page = pypdfium2.PdfDocument(str(pdf))[page_no]
    rendered = page.render(scale=scale).to_pil()
    box = tuple(round(v * scale) for v in (img["x0"], img["top"], img["x1"], img["bottom"]))
    drawn = rendered.crop(box)
    got_left, got_right = _halves(drawn)
    assert _close(got_left, left), ("PDF", got_left, left)
    assert _close(got_right, right or left), ("PDF", got_right, right or left)

    with zipfile.ZipFile(docx) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 1, media
        with Image.open(io.BytesIO(z.read(media[0]))) as im:
            assert im.mode in ("RGB", "L")
            got_left, got_right = _halves(im)
    assert _close(got_left, left), (".docx", got_left, left)
    assert _close(got_right, right or left), (".docx", got_right, right or left)

"""New content's speed-ups keep their promises: stable image names, valid subsets, sound photos."""

from __future__ import annotations

import hashlib
import io
import zlib
from pathlib import Path

import pytest

from bulletin_docs import photos
from conftest import needs_cjk_font


def _clear_all() -> None:
    from bulletin_docs.pdf import fontset

    photos._cache.clear()
    fontset.clear_caches()


def _gradient_jpeg(path: Path, width: int, height: int, orientation: int | None = None) -> Path:
    """A JPEG with detail everywhere (a solid colour would hide resampling faults)."""
    from PIL import Image

    im = Image.linear_gradient("L").resize((width, height))
    rgb = Image.merge("RGB", (im, im.transpose(Image.Transpose.FLIP_LEFT_RIGHT), im.rotate(90)))
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    rgb.save(path, "JPEG", quality=90, exif=exif.tobytes())
    return path


def test_image_name_is_an_md5_of_the_encoded_bytes() -> None:
    from bulletin_docs.pdf.draw import image_name

    data = b"\xff\xd8 not decoded at all \xff\xd9"
    assert image_name(data) == hashlib.md5(data).hexdigest()
    assert image_name(data) == image_name(bytes(data))
    assert image_name(data) != image_name(data + b"\0")


@needs_cjk_font
def test_pdf_same_bytes_with_every_cache_emptied(sample_bulletin) -> None:
    from bulletin_docs.pdf.render import load_fontset, pdf_bytes

    _clear_all()
    first = pdf_bytes(sample_bulletin, load_fontset())
    _clear_all()
    again = pdf_bytes(sample_bulletin, load_fontset())
    assert first == again


@needs_cjk_font
def test_pdf_embeds_the_prepared_jpeg_under_its_name(sample_bulletin) -> None:
    import pymupdf

    from bulletin_docs.pdf.draw import image_name
    from bulletin_docs.pdf.items import Picture
    from bulletin_docs.pdf.render import layout_pages, load_fontset, pdf_bytes

    fonts = load_fontset()
    data = pdf_bytes(sample_bulletin, fonts)
    pages = layout_pages(sample_bulletin, fonts).pages
    pictures = [i for p in pages for i in p.items if isinstance(i, Picture)]
    jpegs = [i.data for i in pictures if i.data[:2] == b"\xff\xd8"]
    assert len(pictures) == 2 and len(jpegs) == 1
    for picture in pictures:
        assert f"/FormXob.{image_name(picture.data)}".encode() in data
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        embedded = [doc.extract_image(x[0])["image"] for p in doc for x in p.get_images()]
    assert jpegs[0] in embedded  # the JPEG as it is, not re-encoded


@needs_cjk_font
def test_font_subsets_embedded_valid_and_compressed_deterministically(sample_bulletin) -> None:
    import pymupdf

    from bulletin_docs.pdf.fontset import FONT_FLATE_LEVEL
    from bulletin_docs.pdf.render import load_fontset, pdf_bytes

    _clear_all()
    data = pdf_bytes(sample_bulletin, load_fontset())
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        text = "".join(page.get_text() for page in doc)
        assert "打造实战化练兵平台" in text and "加粗" in text
        fonts = {f[0]: f for page in doc for f in page.get_fonts(full=True)}
        assert fonts
        for xref, ext, *_ in fonts.values():
            assert ext == "ttf"  # every face embedded
            _name, _ext, _type, font_file = doc.extract_font(xref)
            assert font_file[:4] == b"\x00\x01\x00\x00"  # a TrueType file
            file_xref = int(doc.xref_get_key(xref, "FontDescriptor/FontFile2")[1].split()[0])
            raw = doc.xref_stream_raw(file_xref)
            assert zlib.decompress(raw) == font_file
            assert raw == zlib.compress(font_file, FONT_FLATE_LEVEL)


def _psnr(a: bytes, b_image) -> float:  # b_image: Image.Image
    import math

    from PIL import Image, ImageChops, ImageStat

    diff = ImageChops.difference(Image.open(io.BytesIO(a)).convert("RGB"), b_image.convert("RGB"))
    mse = sum(v * v for v in ImageStat.Stat(diff).rms) / 3
    return 99.0 if mse == 0 else 10 * math.log10(255**2 / mse)


@pytest.mark.parametrize("orientation", [None, 6])
def test_large_jpeg_decoded_at_reduced_scale_same_size_and_close(tmp_path, orientation) -> None:
    """A photo over twice the print size: the size as a full decode gives, the pixels close."""
    from PIL import Image, ImageOps

    path = _gradient_jpeg(tmp_path / "big.jpg", 3600, 2700, orientation)
    _clear_all()
    got = photos.prepare_photo(path)
    _clear_all()
    assert photos.prepare_photo(path).data == got.data  # deterministic

    with Image.open(path) as im:
        full = ImageOps.exif_transpose(im)
    w_pt, h_pt = photos.display_size_pt(
        full.width, full.height, 96, photos.DEFAULT.photo_column_width_pt, 70 / 25.4 * 72
    )
    assert (got.width_pt, got.height_pt) == (w_pt, h_pt)
    target_w = round(w_pt / 72 * 300)
    assert (got.width_px, got.height_px) == (target_w, round(full.height * target_w / full.width))
    assert (got.width_px > got.height_px) == (orientation is None)
    assert target_w * 2 <= full.width  # the case the reduced-scale decode is for
    reference = full.resize((got.width_px, got.height_px), Image.Resampling.LANCZOS)
    assert _psnr(got.data, reference) > 35


def test_draft_not_used_below_half_size(tmp_path, monkeypatch) -> None:
    """A photo under twice the print size is decoded in full (no quality lost to DCT scaling)."""
    path = _gradient_jpeg(tmp_path / "mid.jpg", 1600, 1200)
    called: list[object] = []
    monkeypatch.setattr(photos, "_draft", lambda *a: called.append(a))
    _clear_all()
    got = photos.prepare_photo(path)
    assert called == [] and got.width_px < 1600


def test_draft_used_for_a_large_photo(tmp_path, monkeypatch) -> None:
    path = _gradient_jpeg(tmp_path / "large.jpg", 4000, 3000)
    called: list[object] = []
    real = photos._draft
    monkeypatch.setattr(photos, "_draft", lambda *a: called.append(a) or real(*a))
    _clear_all()
    photos.prepare_photo(path)
    assert len(called) == 1


def test_upright_photo_not_copied_and_turned_photo_turned(tmp_path) -> None:
    """No orientation (or 1): the pixels as decoded; 3: turned half round (as exif_transpose)."""
    from PIL import Image

    plain = photos.prepare_photo(_gradient_jpeg(tmp_path / "plain.jpg", 1600, 1200))
    one = photos.prepare_photo(_gradient_jpeg(tmp_path / "one.jpg", 1600, 1200, 1))
    half = photos.prepare_photo(_gradient_jpeg(tmp_path / "half.jpg", 1600, 1200, 3))
    assert plain.data == one.data
    assert (half.width_px, half.height_px) == (plain.width_px, plain.height_px)
    turned = Image.open(io.BytesIO(plain.data)).rotate(180)
    assert _psnr(half.data, turned) > 35
    assert _psnr(half.data, Image.open(io.BytesIO(plain.data))) < 20


def test_check_photo_rejects_what_a_full_decode_rejects(tmp_path) -> None:
    """check_photo decodes a JPEG's pixels at 1/8 scale: truncated or damaged files fail alike."""
    import random

    from PIL import Image

    from bulletin_docs.errors import PhotoError

    data = _gradient_jpeg(tmp_path / "src.jpg", 1200, 900).read_bytes()
    rng = random.Random(7)
    cases = [data[:k] for k in range(600, len(data), len(data) // 12)]
    for _ in range(12):
        damaged = bytearray(data)
        for _ in range(rng.randrange(1, 12)):
            damaged[rng.randrange(600, len(damaged))] = rng.randrange(256)
        cases.append(bytes(damaged))
    failures = 0
    for i, case in enumerate(cases):
        path = tmp_path / f"case{i}.jpg"
        path.write_bytes(case)
        try:
            with Image.open(path) as im:
                im.load()
            full_ok = True
        except Exception:
            full_ok = False
        failures += not full_ok
        if full_ok:
            photos.check_photo(path)
        else:
            with pytest.raises(PhotoError):
                photos.check_photo(path)
    assert failures >= 5  # the truncated ones at least

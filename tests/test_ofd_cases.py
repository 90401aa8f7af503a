"""OFD output in the hard cases, handled as the native PDF handles them, with the same warnings:
no embeddable face (the reader's font), a PNG with transparency, 𠮷 from a fallback face,
OpenType/CFF faces only."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree

import bulletin_docs
from bulletin_docs.errors import BulletinWarning
from bulletin_docs.model import Bulletin
from bulletin_docs.ofd.render import native_bytes, reader_font
from bulletin_docs.pdf.coverage import layout_warnings
from bulletin_docs.pdf.render import layout_pages, load_fontset, render_pdf_native
from conftest import EXAMPLE, MINIMAL_YAML
from ofdread import easyofd_pages, lines_in_order, page_text, pdf_pages, schema_dir, schema_errors
from test_fonts_rare import (
    HANA_A,
    HANA_B,
    JI,
    UKAI,
    UMING,
    ZENHEI,
    needs_hanazono,
    needs_truetype_cjk,
    rare_bulletin,
)

NS = {"ofd": "http://www.ofdspec.org/2016"}
NOTO = Path("/usr/share/fonts/opentype/noto")
needs_noto = pytest.mark.skipif(
    not (NOTO / "NotoSerifCJK-Regular.ttc").exists(),
    reason="fonts-noto-cjk（Noto Serif/Sans CJK .ttc）未安装：.ci/run 会安装",
)


def render_both(bulletin: Bulletin, folder: Path, font_dirs: list[Path]):
    """The PDF and the OFD, each by its own call, and the warnings each raised."""
    out: list[tuple[Path, list[str]]] = []
    for path, render in (
        (folder / "issue.pdf", render_pdf_native),
        (folder / "issue.ofd", None),
    ):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if render is not None:
                render(bulletin, path, font_dirs=font_dirs)
            else:
                _, data = native_bytes(bulletin, ofd=True, font_dirs=font_dirs)
                assert data is not None
                path.write_bytes(data)
        out.append((path, [str(w.message) for w in caught if w.category is BulletinWarning]))
    (pdf, pdf_warnings), (ofd, ofd_warnings) = out
    return pdf, pdf_warnings, ofd, ofd_warnings


def as_ofd(message: str) -> str:
    """A PDF warning as the OFD's says it."""
    return message.replace("STSong-Light", "宋体").replace("PDF", "OFD")


def assert_same_text_and_positions(pdf: Path, ofd: Path) -> None:
    read, printed = easyofd_pages(ofd), pdf_pages(pdf)
    assert len(read) == len(printed)
    for page, ref in zip(read, printed, strict=True):
        assert page_text(page) == page_text(ref)
        for g, h in zip(lines_in_order(page.glyphs), lines_in_order(ref.glyphs), strict=True):
            assert abs(g.x - h.x) <= 0.1 and abs(g.y - h.y) <= 0.1, (g, h)


def test_without_an_embeddable_face_the_reader_font_is_named_and_said(tmp_path):
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    bulletin = bulletin_docs.loads(MINIMAL_YAML, base_dir=tmp_path)
    pdf, pdf_warnings, ofd, ofd_warnings = render_both(bulletin, tmp_path, [empty])
    assert any("字体未嵌入" in w for w in pdf_warnings)
    assert ofd_warnings == [as_ofd(w) for w in pdf_warnings]
    assert "OFD 改用阅读器自带的 宋体" in ofd_warnings[0]
    with zipfile.ZipFile(ofd) as zf:
        assert not [n for n in zf.namelist() if n.endswith(".ttf")]  # nothing to embed
        fonts = etree.fromstring(zf.read("Doc_0/PublicRes.xml")).findall(".//ofd:Font", NS)
    assert [(f.get("FontName"), f.find("ofd:FontFile", NS)) for f in fonts] == [("宋体", None)]
    if schema_dir() is not None:
        assert schema_errors(ofd) == {}
    assert_same_text_and_positions(pdf, ofd)


def transparent_png(path: Path) -> Path:
    from PIL import Image

    im = Image.new("RGBA", (400, 300), (200, 30, 30, 0))  # transparent, but red underneath
    for x in range(100, 300):
        for y in range(80, 220):
            im.putpixel((x, y), (20, 60, 200, 255))
    im.save(path, "PNG")
    return path


@needs_truetype_cjk
def test_a_png_with_transparency_shows_the_pdfs_pixels(tmp_path):
    import numpy as np
    import pymupdf
    from PIL import Image

    transparent_png(tmp_path / "logo.png")
    text = MINIMAL_YAML.replace(
        "distribution:",
        "  - title: 挂职干部风采\n    photos:\n      - file: logo.png\n"
        "        caption: 透明底的图片\ndistribution:",
    )
    bulletin = bulletin_docs.loads(text, base_dir=tmp_path)
    pdf, pdf_warnings, ofd, ofd_warnings = render_both(bulletin, tmp_path, [UMING.parent])
    assert ofd_warnings == [as_ofd(w) for w in pdf_warnings]
    with pymupdf.open(pdf) as doc:
        (xref,) = {img[0] for page in doc for img in page.get_images()}
        shown = pymupdf.Pixmap(doc, xref)
        pdf_pixels = np.frombuffer(shown.samples, np.uint8).reshape(shown.h, shown.w, shown.n)
    with zipfile.ZipFile(ofd) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".png")]
        media = etree.fromstring(zf.read("Doc_0/DocumentRes.xml"))
        with Image.open(io.BytesIO(zf.read(name))) as im:
            assert im.mode == "RGB"
            ofd_pixels = np.asarray(im)
    assert media.find(".//ofd:MultiMedia", NS).get("Format") == "PNG"
    assert np.array_equal(ofd_pixels, pdf_pixels)
    if schema_dir() is not None:
        assert schema_errors(ofd) == {}
    (page,) = [p for p in easyofd_pages(ofd) if p.images]
    (ref,) = [p for p in pdf_pages(pdf) if p.images]
    assert page.images[0] == pytest.approx(ref.images[0], abs=0.1)


@pytest.fixture
def rare_fonts(tmp_path: Path) -> Path:
    d = tmp_path / "fonts"
    d.mkdir()
    for f in (UMING, UKAI, ZENHEI, HANA_A, HANA_B):
        (d / f.name).symlink_to(f)
    return d


@needs_hanazono
@needs_truetype_cjk
def test_ji_comes_from_the_pdfs_fallback_face_with_the_same_warning(tmp_path, rare_fonts):
    pdf, pdf_warnings, ofd, ofd_warnings = render_both(rare_bulletin(), tmp_path, [rare_fonts])
    assert any(f"{JI} 用 " in w for w in pdf_warnings)
    assert ofd_warnings == [as_ofd(w) for w in pdf_warnings]
    with zipfile.ZipFile(ofd) as zf:
        fonts = etree.fromstring(zf.read("Doc_0/PublicRes.xml")).findall(".//ofd:Font", NS)
        by_family = {f.get("FamilyName"): f.findtext("ofd:FontFile", namespaces=NS) for f in fonts}
        hana = TTFont(io.BytesIO(zf.read("Doc_0/Res/" + by_family["HanaMinA"])))
        pages = [zf.read(n).decode() for n in zf.namelist() if n.endswith("Content.xml")]
    assert ord(JI) in hana.getBestCmap()  # a format-12 cmap maps it
    assert hana["cmap"].getcmap(3, 10) is not None
    font_id = next(f.get("ID") for f in fonts if f.get("FamilyName") == "HanaMinA")
    assert any(f'Font="{font_id}"' in p and JI in p for p in pages)
    if schema_dir() is not None:
        assert schema_errors(ofd) == {}
    assert_same_text_and_positions(pdf, ofd)


@needs_noto
def test_cff_faces_are_embedded_as_the_pdf_embeds_them(tmp_path):
    bulletin = bulletin_docs.load(EXAMPLE)
    pdf, pdf_warnings, ofd, ofd_warnings = render_both(bulletin, tmp_path, [NOTO])
    assert ofd_warnings == [as_ofd(w) for w in pdf_warnings]
    with zipfile.ZipFile(ofd) as zf:
        fonts = etree.fromstring(zf.read("Doc_0/PublicRes.xml")).findall(".//ofd:Font", NS)
        files = [zf.read("Doc_0/Res/" + f.findtext("ofd:FontFile", namespaces=NS)) for f in fonts]
    assert {f.get("FamilyName") for f in fonts} == {"Noto Serif CJK SC", "Noto Sans CJK SC"}
    for data in files:
        face = TTFont(io.BytesIO(data))
        assert "glyf" in face and "CFF " not in face  # TrueType outlines, as in the PDF
        cmap = face.getBestCmap()
        assert any(face["glyf"][g].numberOfContours > 0 for g in cmap.values())
    if schema_dir() is not None:
        assert schema_errors(ofd) == {}
    assert_same_text_and_positions(pdf, ofd)


@needs_hanazono
@needs_truetype_cjk
def test_pdf_warnings_said_for_the_pdf_are_the_native_renderers(tmp_path, rare_fonts):
    """layout_warnings(…, "PDF") says what render_pdf_native says (kept in step)."""
    empty = tmp_path / "none"
    empty.mkdir()
    for font_dirs, bulletin in (([empty], rare_bulletin()), ([rare_fonts], rare_bulletin())):
        fonts = load_fontset(font_dirs=font_dirs)
        layout = layout_pages(bulletin, fonts)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            render_pdf_native(bulletin, tmp_path / "x.pdf", font_dirs=font_dirs)
        said = [str(w.message) for w in caught if w.category is BulletinWarning]
        assert layout_warnings(fonts, layout, "PDF", reader_font("PDF")) == said


def test_inspect_says_the_reader_font_is_not_embedded(tmp_path):
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    bulletin = bulletin_docs.loads(MINIMAL_YAML, base_dir=tmp_path)
    pdf, _w, ofd, _v = render_both(bulletin, tmp_path, [empty])
    of_pdf, of_ofd = bulletin_docs.inspect(pdf), bulletin_docs.inspect(ofd)
    assert of_pdf.get("fonts_embedded").status == "fail"
    assert of_ofd.get("fonts_embedded").status == "fail"
    assert "宋体" in of_ofd.get("fonts_embedded").detail

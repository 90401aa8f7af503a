"""What a build does once or not at all: no network modules imported, no Pillow for a prepared
JPEG, a template normalised and patched once, a .docx zipped once; the same bytes as before."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, needs_cjk_font

#: Modules xml.sax.saxutils pulled into every build (through urllib.request).
NETWORK = ("urllib.request", "http.client", "email.parser", "ssl", "xml.sax.saxutils")
#: Pillow's plugins that its first Image.open registers (a prepared JPEG needs none), and the
#: template normaliser (a normalised template comes from the cache).
NOT_SECOND = (
    "PIL.JpegImagePlugin", "PIL.PngImagePlugin", "PIL.BmpImagePlugin",
    "bulletin_docs.docx.normalise",
)


def _python(code: str, cache: Path | None = None) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    if cache is not None:
        env["BULLETIN_DOCS_CACHE_DIR"] = str(cache)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_build_command_imports_no_network_module() -> None:
    code = (
        "import sys\n"
        "import bulletin_docs.cli, bulletin_docs.commands.build, bulletin_docs.batch\n"
        "import bulletin_docs.docx.render, bulletin_docs.docx.template, bulletin_docs.pdf.render\n"
        f"print([m for m in {NETWORK!r} if m in sys.modules])\n"
    )
    assert _python(code).strip() == "[]"


@needs_cjk_font
def test_a_second_build_opens_no_photo_with_pillow(tmp_path: Path) -> None:
    """With the cache filled, the prepared JPEGs go into the PDF as they are (no Image.open)
    and the template comes normalised."""
    cache = tmp_path / "cache"
    built = []
    for name in ("first", "second"):
        out = tmp_path / name
        out.mkdir()
        code = (
            "import sys\n"
            "from bulletin_docs.cli import main\n"
            f"assert main(['build', {str(EXAMPLE)!r}, '-o', {str(out / 'a.docx')!r},"
            f" '--pdf', {str(out / 'a.pdf')!r}]) == 0\n"
            f"print([m for m in {(*NETWORK, *NOT_SECOND)!r} if m in sys.modules])\n"
        )
        loaded = _python(code, cache).strip().splitlines()[-1]
        if name == "second":
            assert loaded == "[]"
        built.append(((out / "a.docx").read_bytes(), (out / "a.pdf").read_bytes()))
    assert built[0] == built[1]
    import pdfplumber

    with pdfplumber.open(tmp_path / "second" / "a.pdf") as pdf:
        images = [im for page in pdf.pages for im in page.images]
    assert images and all("DCTDecode" in str(im["stream"].get("Filter")) for im in images)


def _jpeg(mode: str, **save: object) -> bytes:
    from PIL import Image

    colour = {"RGB": (200, 30, 30), "L": 128, "CMYK": (0, 200, 200, 0)}[mode]
    buf = io.BytesIO()
    Image.new(mode, (37, 21), colour).save(buf, "JPEG", **save)
    return buf.getvalue()


def _xobject(source: object) -> bytes:
    """The formatted PDF image XObject reportlab makes from ``source``."""
    from reportlab.pdfbase.pdfdoc import PDFDocument, PDFImageXObject

    obj = PDFImageXObject("im", source, mask=None)
    return obj.format(PDFDocument())


@pytest.mark.parametrize(
    ("mode", "save"),
    [("RGB", {}), ("L", {}), ("CMYK", {}), ("RGB", {"progressive": True, "optimize": True})],
    ids=["rgb", "grey", "cmyk", "progressive"],
)
def test_a_jpeg_xobject_is_the_one_an_image_reader_gives(
    mode: str, save: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader

    from bulletin_docs.pdf.draw import _image_source, _JpegSource

    data = _jpeg(mode, **save)
    source = _image_source(data)
    assert isinstance(source, _JpegSource)
    made = _xobject(source)
    assert made == _xobject(ImageReader(io.BytesIO(data)))
    assert data not in made  # reportlab's default: ASCII85
    monkeypatch.setattr(rl_config, "useA85", 0)  # as pdf/render.py draws
    made = _xobject(source)
    assert made == _xobject(ImageReader(io.BytesIO(data)))
    assert data in made  # embedded as it is


def test_what_is_not_a_plain_jpeg_goes_through_an_image_reader() -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    from bulletin_docs.pdf.draw import _image_source

    png = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(png, "PNG")
    mpo = io.BytesIO()
    frames = [Image.new("RGB", (8, 8), c) for c in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(mpo, "MPO", save_all=True, append_images=frames[1:])
    truncated = _jpeg("RGB")[:4]
    for data in (png.getvalue(), mpo.getvalue()):
        assert isinstance(_image_source(data), ImageReader)
    with pytest.raises(OSError, match="cannot identify"):  # Pillow's error, as before
        _image_source(truncated)


def test_esc_text_is_saxutils_escape() -> None:
    from xml.sax.saxutils import escape

    from bulletin_docs.docx.ooxml import esc, esc_text

    for text in ("", "a & b < c > d", "&amp; \"q\" 'a'", "— 1 —", "{{ x }}", "<>&&><"):
        assert esc_text(text) == escape(text)
        assert esc(text) == escape(text, {'"': "&quot;"})


def test_docxtpl_patches_a_part_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second render patches nothing; a fresh process finds the patched parts in the cache."""
    from docxtpl import DocxTemplate

    from bulletin_docs import load, to_docx_bytes
    from bulletin_docs.docx import opened

    monkeypatch.setenv("BULLETIN_DOCS_CACHE_DIR", str(tmp_path / "cache"))
    patched: list[int] = []
    real = DocxTemplate.patch_xml
    monkeypatch.setattr(
        DocxTemplate, "patch_xml", lambda self, xml: patched.append(len(xml)) or real(self, xml)
    )
    monkeypatch.setattr(opened, "_patched", {})
    bulletin = load(EXAMPLE)
    first = to_docx_bytes(bulletin)
    assert len(patched) >= 3  # the body, a header, a footer
    patched.clear()
    assert to_docx_bytes(bulletin) == first
    assert patched == []
    monkeypatch.setattr(opened, "_patched", {})  # as in a new process: only the cache knows
    assert to_docx_bytes(bulletin) == first
    assert patched == []
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert "挂职简报" in z.read("word/document.xml").decode("utf-8")


def test_a_template_is_normalised_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Later renders open the normalised package (this process's, or the cache's): the same
    document, the same bytes."""
    from bulletin_docs import load, to_docx_bytes
    from bulletin_docs.docx import normalise, opened

    monkeypatch.setenv("BULLETIN_DOCS_CACHE_DIR", str(tmp_path / "cache"))
    done: list[object] = []
    real = normalise.normalise
    monkeypatch.setattr(
        normalise, "normalise", lambda doc, profile: done.append(doc) or real(doc, profile)
    )
    monkeypatch.setattr(opened, "_normalised", {})
    bulletin = load(EXAMPLE)
    first = to_docx_bytes(bulletin)
    assert len(done) == 1
    assert to_docx_bytes(bulletin) == first
    monkeypatch.setattr(opened, "_normalised", {})  # as in a new process: only the cache knows
    assert to_docx_bytes(bulletin) == first
    assert len(done) == 1
    monkeypatch.setenv("BULLETIN_DOCS_NO_CACHE", "1")
    monkeypatch.setattr(opened, "_normalised", {})
    assert to_docx_bytes(bulletin) == first
    assert len(done) == 2
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    assert "w:styleId" in styles


def test_the_normalised_template_key_names_the_code_that_normalises() -> None:
    """Every module normalise.py loads is in the key (a changed one is a miss)."""
    from bulletin_docs.docx.opened import NORMALISE_SOURCES

    code = (
        "import sys, bulletin_docs.docx.normalise\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('bulletin_docs.'))))\n"
    )
    loaded = set(_python(code).split())
    packages = {"bulletin_docs.docx", "bulletin_docs.libreoffice"}
    no_output = {"bulletin_docs._version", "bulletin_docs.errors"}  # the version keys every entry
    assert loaded - packages - no_output <= {f"bulletin_docs.{m}" for m in NORMALISE_SOURCES}


def test_a_docx_is_zipped_from_the_members_python_docx_saves() -> None:
    """package_zip writes what ``Document.save`` writes, member for member (core.xml swapped)."""
    from docx import Document

    from bulletin_docs.docx.ooxml import package_zip
    from bulletin_docs.docx.render import default_template_path

    doc = Document(str(default_template_path()))
    saved = io.BytesIO()
    doc.save(saved)
    with zipfile.ZipFile(saved) as z:
        expected = {i.filename: z.read(i) for i in z.infolist()}
    core = b"<core/>"
    made = package_zip(doc, (2020, 1, 2, 3, 4, 6), {"docProps/core.xml": core})
    with zipfile.ZipFile(io.BytesIO(made)) as z:
        got = {i.filename: z.read(i) for i in z.infolist()}
        assert {i.date_time for i in z.infolist()} == {(2020, 1, 2, 3, 4, 6)}
        assert z.namelist()[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert "docProps/core.xml" in expected
    assert got == {**expected, "docProps/core.xml": core}


@pytest.mark.parametrize("after", [20_000, 0], ids=["bisection", "dict made"])
def test_a_sorted_table_is_the_dict_it_was_packed_from(
    after: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bulletin_docs.pdf import facecache
    from bulletin_docs.pdf.facecache import SortedTable, _pack, _unpack

    monkeypatch.setattr(facecache, "MATERIALISE_AFTER", after)

    widths = {0x4E00 + 7 * i: 1000.0 - i % 3 for i in range(400)} | {0x20: 250.0, 0xA0: 250.0}
    glyphs = {c: i + 1 for i, c in enumerate(reversed(widths))}
    mixed = {c: (i if i % 2 else float(i)) for i, c in enumerate(widths)}
    for table in (widths, glyphs, mixed):
        form = _pack(table)
        assert form is not None and form[0] == "d"
        looked = SortedTable(form)
        assert len(looked) == len(table) and list(looked) == sorted(table)
        assert _unpack(form) == table
        for code, value in table.items():
            assert code in looked
            assert looked[code] == value and type(looked[code]) is type(value)
        for absent in (0, 0x4E01, 0x10FFFF, -1, "a", 0x4E00 + 0.0):
            assert absent not in looked
            assert looked.get(absent, "none") == "none"
        with pytest.raises(KeyError):
            looked[0x4E01]
        assert (looked._dict is not None) == (after == 0)


@needs_cjk_font
def test_widths_read_from_a_restored_face_are_reportlabs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """char_width of a restored face (its packed table) is reportlab's stringWidth, to the bit,
    for every code the face maps and some it does not, at the sizes a layout uses."""
    from reportlab.pdfbase import pdfmetrics

    from bulletin_docs.pdf import facecache
    from bulletin_docs.pdf.fonts import resolve_fonts
    from bulletin_docs.pdf.fontset import char_width

    monkeypatch.setenv("BULLETIN_DOCS_CACHE_DIR", str(tmp_path / "cache"))
    font = resolve_fonts()["fangsong"]
    assert font is not None and not font.cff
    facecache.truetype_font("W-made", font.path, font.index)  # parsed, then stored
    restored = facecache.truetype_font("W-restored", font.path, font.index)
    # registered in copies of reportlab's registries: a face registered first is the one
    # every later font of that face name resolves to (a later build here would draw with it)
    monkeypatch.setattr(pdfmetrics, "_fonts", dict(pdfmetrics._fonts))
    monkeypatch.setattr(pdfmetrics, "_dynFaceNames", dict(pdfmetrics._dynFaceNames))
    pdfmetrics.registerFont(restored)
    assert "charWidths" not in vars(restored.face)  # read packed: the dict is not made
    codes = [*restored.face.charToGlyph, 0x3400, 0xE000, 0x1F600, 0x2FFFF]
    sizes = (16, 10.5, 22, 15.75, 7.5, 9)
    ours = [char_width("W-restored", chr(c), size) for c in codes for size in sizes]
    advances = [restored.face.getCharWidth(c) for c in codes]  # what a PDF's /W array holds
    assert "charWidths" not in vars(restored.face)
    assert isinstance(restored.face.charWidths, dict)  # made now, for reportlab's C stringWidth
    char_width.cache_clear()
    theirs = [pdfmetrics.stringWidth(chr(c), "W-restored", size) for c in codes for size in sizes]
    assert ours == theirs
    widths, default = restored.face.charWidths, restored.face.defaultWidth
    assert [repr(w) for w in advances] == [repr(widths.get(c, default)) for c in codes]
    assert any(w != int(w) for w in ours)  # fractional widths compared too


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="没有 fc-list（fontconfig）")
def test_fontconfig_listed_ahead_is_the_same_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bulletin_docs.pdf import fonts

    monkeypatch.delenv(fonts.FONT_DIRS_ENV, raising=False)
    monkeypatch.setattr(fonts, "_listing", [])
    monkeypatch.setattr(fonts, "_listed", [False])
    fonts.start_font_listing()
    assert len(fonts._listing) == 1
    ahead = fonts._fc_list_files()
    assert fonts._listing == []
    fonts.start_font_listing()  # read once in this process: not started again
    assert fonts._listing == []
    monkeypatch.setattr(fonts, "_listed", [False])
    assert fonts._fc_list_files() == ahead  # as fc-list gives it when asked then
    monkeypatch.setattr(fonts, "_listed", [False])
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, str(tmp_path))  # fontconfig not asked at all
    fonts.start_font_listing()
    assert fonts._listing == []


@needs_cjk_font
@pytest.mark.parametrize("damage", ["kept", "missing", "foreign"])
def test_a_restored_face_reads_its_glyph_tables_only_to_cut_a_subset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """The glyph tables are an entry of their own, read when a subset is cut; when it is
    missing or foreign the font is parsed again: the same subset either way."""
    import hashlib
    import pickle

    from reportlab.pdfbase.ttfonts import TTFont

    from bulletin_docs.cache.store import MAGIC, Store
    from bulletin_docs.pdf import facecache
    from bulletin_docs.pdf.fonts import resolve_fonts

    monkeypatch.setenv("BULLETIN_DOCS_CACHE_DIR", str(tmp_path / "cache"))
    font = resolve_fonts()["fangsong"]
    assert font is not None and not font.cff
    facecache.truetype_font("G-made", font.path, font.index)
    (entry,) = [e for e in Store(tmp_path / "cache").entries() if e.kind == "font-glyphs"]
    if damage == "missing":
        entry.path.unlink()
    elif damage == "foreign":
        payload = pickle.dumps(({}, {"glyphPos": [0]}, {}))
        head = entry.path.read_bytes()[: len(MAGIC) + 32]
        entry.path.write_bytes(head + hashlib.sha256(payload).digest() + payload)
    restored = facecache.truetype_font("G-restored", font.path, font.index)
    assert not facecache._GLYPH_TABLES & vars(restored.face).keys()  # not read yet
    fresh = TTFont("G-fresh", str(font.path), subfontIndex=font.index)
    subset = [ord(c) for c in "挂职简报第一期，2020"]
    assert restored.face.makeSubset(subset) == fresh.face.makeSubset(subset)
    for attr in facecache._GLYPH_TABLES:
        assert getattr(restored.face, attr) == getattr(fresh.face, attr), attr
    (entry,) = [e for e in Store(tmp_path / "cache").entries() if e.kind == "font-glyphs"]
    again = facecache.truetype_font("G-again", font.path, font.index)  # kept (again)
    assert again.face.makeSubset(subset) == fresh.face.makeSubset(subset)


def test_loading_an_issue_imports_no_suggester() -> None:
    """difflib is imported for an unknown key's suggestion only."""
    code = (
        "import sys, bulletin_docs\n"
        f"bulletin_docs.load({str(EXAMPLE)!r})\n"
        "print('difflib' in sys.modules)\n"
    )
    assert _python(code).strip().splitlines()[-1] == "False"


def test_a_kept_subset_stream_is_checked_by_its_frame() -> None:
    import zlib

    from bulletin_docs.pdf.fontset import FONT_FLATE_LEVEL, _stream_of

    data = bytes(range(256)) * 40
    packed = zlib.compress(data, FONT_FLATE_LEVEL)
    assert _stream_of(data, packed)
    assert not _stream_of(data + b"x", packed)  # another font file
    assert not _stream_of(data, packed[:-1])  # cut short
    assert not _stream_of(data, b" not a font")
    assert not _stream_of(data, b"\x00" + packed[1:])  # no zlib header


def test_ofd_xml_escapes_as_saxutils_without_importing_it() -> None:
    from xml.sax.saxutils import escape, quoteattr

    from bulletin_docs.ofd.xml import _quoted, text

    for value in ("", "a", 'a"b', "a'b", "a\"b'c", "<&>\n\r\t", "简报 & \"引号\" '单'", "&amp;"):
        assert text(value) == escape(value)
        assert _quoted(value) == quoteattr(value)
    code = (
        "import sys, bulletin_docs.ofd.render\n"
        f"print([m for m in {NETWORK!r} if m in sys.modules])\n"
    )
    assert _python(code).strip() == "[]"

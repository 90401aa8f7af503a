"""OpenType/CFF faces (Noto CJK) into embedded TrueType subsets: same advances, all embedded."""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from bulletin_docs.errors import BulletinWarning
from conftest import EXAMPLE
from pdffonts import embedded_fonts

NOTO = Path("/usr/share/fonts/opentype/noto")
SERIF = NOTO / "NotoSerifCJK-Regular.ttc"
SANS = NOTO / "NotoSansCJK-Regular.ttc"
pytestmark = pytest.mark.skipif(
    not (SERIF.exists() and SANS.exists() and (NOTO / "NotoSerifCJK-Bold.ttc").exists()),
    reason="fonts-noto-cjk（Noto Serif/Sans CJK .ttc）未安装：.ci/run 会安装",
)
UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")


@pytest.fixture(scope="module")
def noto_pdf(tmp_path_factory) -> tuple[Path, list[str]]:
    """The example's PDF with the Noto CJK folder as the only font folder."""
    import bulletin_docs
    from bulletin_docs.pdf.render import render_pdf_native

    out = tmp_path_factory.mktemp("noto") / "example.pdf"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_pdf_native(bulletin_docs.load(EXAMPLE), out, font_dirs=[NOTO])
    return out, [str(w.message) for w in caught if issubclass(w.category, BulletinWarning)]


def test_only_cff_faces_resolve_every_role_to_noto():
    from bulletin_docs.pdf.fonts import resolve_fonts

    found = resolve_fonts(font_dirs=[NOTO])
    assert all(f is not None and f.cff for f in found.values())
    names = {role: (f.path.name, f.family) for role, f in found.items() if f is not None}
    assert names == {
        "fangsong": ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
        "xiaobiaosong": ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC"),
        "heiti": ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
        "kaiti": ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),  # no Kai face: a Hei face
        "songti": ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    }


@pytest.mark.skipif(not UMING.exists(), reason="fonts-arphic-uming 未安装：.ci/run 会安装")
def test_truetype_face_preferred_to_cff_face(tmp_path):
    from bulletin_docs.pdf.fonts import resolve_fonts

    for f in (UMING, SERIF, SANS):
        (tmp_path / f.name).symlink_to(f)
    found = resolve_fonts(font_dirs=[tmp_path])
    assert found["fangsong"] is not None and found["fangsong"].path.name == "uming.ttc"
    assert not found["fangsong"].cff and not found["songti"].cff
    assert found["heiti"] is not None and found["heiti"].cff  # no TrueType Hei face here


def test_example_with_only_noto_has_every_font_embedded(noto_pdf):
    out, messages = noto_pdf
    fonts = embedded_fonts(out)
    assert fonts and all(key == "FontFile2" for key in fonts.values()), fonts
    bases = {name.split("+")[-1] for name in fonts}
    assert bases == {"NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold", "NotoSansCJKsc-Regular"}
    assert not [m for m in messages if "STSong-Light" in m or "字形" in m or "备用" in m]


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts（poppler-utils）未安装")
def test_example_with_only_noto_pdffonts_says_every_font_embedded(noto_pdf):
    """poppler's own reading, as a clerk's IT department would check: every font "emb yes"."""
    out, _ = noto_pdf
    listing = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing
    for row in listing:
        emb = row.split()[-5]  # columns: name type encoding emb sub uni object ID
        assert emb == "yes", row


def test_example_with_only_noto_passes_inspect(noto_pdf, capsys):
    from bulletin_docs.cli import main

    status = main(["inspect", str(noto_pdf[0])])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "字体全部嵌入" in out and "结论：全部通过" in out


def test_example_text_and_glyphs_read_back(noto_pdf):
    import pdfplumber
    with pdfplumber.open(noto_pdf[0]) as pdf:
        first = pdf.pages[0]
        text = first.extract_text() or ""
        title = [c for c in first.chars if c["text"] in "挂职简报" and c["size"] > 30]
    assert "挂职简报" in text and "2020" in text
    assert title and {c["fontname"].split("+")[-1] for c in title} == {"NotoSerifCJKsc-Bold"}


def test_converted_glyphs_keep_the_cff_advances_and_outlines():
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    from bulletin_docs.pdf import cff

    key = cff.face_key(SERIF, 2)
    codes = [ord(c) for c in "简报第一期，Ab1"]
    data = cff.subset_font(key, codes)
    assert cff.subset_font(key, list(reversed(codes))) is data  # cached by the character set
    src = TTFont(SERIF, fontNumber=2, lazy=True)
    try:
        tt = TTFont(io.BytesIO(data))
        assert "glyf" in tt and "CFF " not in tt
        src_cmap, tt_cmap = src.getBestCmap(), tt.getBestCmap()
        src_glyphs, tt_glyphs = src.getGlyphSet(), tt.getGlyphSet()
        for code in codes:
            a, b = src_cmap[code], tt_cmap[code]
            assert src["hmtx"][a][0] == tt["hmtx"][b][0]  # same advance: same line breaks
            pa, pb = BoundsPen(src_glyphs), BoundsPen(tt_glyphs)
            src_glyphs[a].draw(pa)
            tt_glyphs[b].draw(pb)
            if pa.bounds is not None:  # within the conversion's error (and rounding)
                pairs = zip(pa.bounds, pb.bounds, strict=True)
                assert all(abs(x - y) <= cff.MAX_ERR + 1 for x, y in pairs)
    finally:
        src.close()


def test_registered_cff_face_measures_with_the_cff_advances():
    from reportlab.pdfbase import pdfmetrics

    from bulletin_docs.pdf.fonts import FontFile
    from bulletin_docs.pdf.fontset import load_face

    face = load_face(FontFile(SERIF, 2, "Noto Serif CJK SC", "system", cff=True))
    assert face is load_face(FontFile(SERIF, 2, "Noto Serif CJK SC", "system", cff=True))
    assert face.embedded and face.has("简") and face.has("\U00020bb7")
    assert pdfmetrics.stringWidth("简报", face.name, 16) == pytest.approx(32.0)  # full-width
    assert pdfmetrics.stringWidth("A", face.name, 1000) > 0


def test_user_cff_font_is_embedded(tmp_path):
    import bulletin_docs
    from bulletin_docs.pdf.render import render_pdf_native

    out = tmp_path / "user.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BulletinWarning)
        render_pdf_native(
            bulletin_docs.load(EXAMPLE), out, fonts={"fangsong": SANS}, font_dirs=[NOTO]
        )
    bases = {name.split("+")[-1]: key for name, key in embedded_fonts(out).items()}
    assert bases.get("NotoSansCJKsc-Regular") == "FontFile2"
    assert all(key == "FontFile2" for key in bases.values())


def test_fonts_command_says_cff_is_converted(capsys):
    from bulletin_docs.cli import main

    assert main(["fonts", "--font-dir", str(NOTO)]) == 0
    out = capsys.readouterr().out
    serif = f"PDF：{SERIF}，第 2 个字体（Noto Serif CJK SC，系统字体，"
    assert serif + "OpenType（CFF），转为 TrueType 后嵌入子集）" in out
    assert "STSong-Light" not in out

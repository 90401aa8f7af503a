"""The speed-ups keep their promises: caches re-check changed files, outputs stay the same bytes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bulletin_docs import photos
from bulletin_docs.errors import PhotoError
from conftest import has_cjk_truetype


def test_rl_accel_is_used_by_reportlab() -> None:
    """reportlab's text output runs in C (rl_accel), not its pure-Python fallbacks."""
    import _rl_accel  # a dependency (pyproject.toml)
    from reportlab.lib import rl_accel

    assert rl_accel.fp_str is _rl_accel.fp_str

    for name in ("fp_str", "escapePDF", "unicode2T1", "instanceStringWidthTTF"):
        assert type(getattr(rl_accel, name)).__name__ == "builtin_function_or_method", name


def test_check_photo_remembers_a_good_file(make_photo, monkeypatch) -> None:
    path = make_photo("good.jpg", 64, 48)
    photos.check_photo(path)
    opened: list[Path] = []
    real_open = photos._open
    monkeypatch.setattr(photos, "_open", lambda p, *a: opened.append(p) or real_open(p, *a))
    photos.check_photo(path)
    assert opened == []


def test_check_photo_checks_a_changed_file_again(make_photo) -> None:
    path = make_photo("changed.jpg", 64, 48)
    photos.check_photo(path)
    path.write_bytes(path.read_bytes()[:200])  # truncated: other size, other mtime
    with pytest.raises(PhotoError):
        photos.check_photo(path)


def test_check_photo_checks_a_bad_file_every_time(tmp_path: Path) -> None:
    path = tmp_path / "bad.jpg"
    path.write_bytes(b"not a jpeg")
    for _ in range(2):
        with pytest.raises(PhotoError):
            photos.check_photo(path)


def test_emptying_the_photo_cache_empties_the_check_cache(make_photo, monkeypatch) -> None:
    monkeypatch.setenv("BULLETIN_DOCS_NO_CACHE", "1")  # this process's cache only
    path = make_photo("again.jpg", 64, 48)
    photos.check_photo(path)
    photos._cache.clear()
    opened: list[Path] = []
    real_open = photos._open
    monkeypatch.setattr(photos, "_open", lambda p, *a: opened.append(p) or real_open(p, *a))
    photos.check_photo(path)
    assert opened == [path]


def test_pdf_bytes_do_not_depend_on_the_caches(sample_bulletin) -> None:
    """A PDF made with every cache warm is the PDF made with them empty."""
    if not has_cjk_truetype():
        pytest.skip("no embeddable CJK TrueType font")
    from bulletin_docs.pdf import fontset
    from bulletin_docs.pdf.render import load_fontset, pdf_bytes

    first = pdf_bytes(sample_bulletin, load_fontset())
    warm = pdf_bytes(sample_bulletin, load_fontset())
    fontset.clear_caches()
    assert not fontset._subsets and not fontset._FLATE._done
    cold = pdf_bytes(sample_bulletin, load_fontset())
    assert first == warm == cold


def test_docx_media_stored_and_deterministic(sample_bulletin, tmp_path: Path) -> None:
    from bulletin_docs import render_docx

    a = render_docx(sample_bulletin, tmp_path / "a.docx")
    b = render_docx(sample_bulletin, tmp_path / "b.docx")
    assert Path(a).read_bytes() == Path(b).read_bytes()
    with zipfile.ZipFile(a) as zf:
        media = [i for i in zf.infolist() if i.filename.startswith("word/media/")]
        others = [i for i in zf.infolist() if not i.filename.startswith("word/media/")]
        assert media
        assert all(i.compress_type == zipfile.ZIP_STORED for i in media)
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in others)
        assert zf.testzip() is None


def test_subsets_cut_in_place_are_reportlabs() -> None:
    """The subset font files made with the glyf table read in place are reportlab's own."""
    if not has_cjk_truetype():
        pytest.skip("no embeddable CJK TrueType font")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from bulletin_docs.pdf.render import load_fontset

    face = load_fontset().roles["fangsong"]
    assert face.file is not None
    ours = pdfmetrics.getFont(face.name).face
    plain = TTFont("plain-check", str(face.file.path), subfontIndex=face.file.index).face
    text = "挂职简报，2020年第1期（总第25期）：基层治理“网格化”ABC xyz。"
    subset = [*sorted({ord(c) for c in text} & set(plain.charToGlyph))]
    assert ours.makeSubset(subset) == plain.makeSubset(subset)
    assert ours.makeSubset(subset) == plain.makeSubset(subset)  # the kept one too

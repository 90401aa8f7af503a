"""Each kind of cache entry in-process: restored as it was made, damage ignored and rewritten."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest

from bulletin_docs import photos
from bulletin_docs.cache import photos as photo_cache
from bulletin_docs.cache.store import MAGIC, Store, active_store
from conftest import needs_cjk_font


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("BULLETIN_DOCS_CACHE_DIR", str(tmp_path / "cache"))
    store = active_store()
    assert store is not None
    return store


def _rewrite_payload(store: Store, kind: str, payload: bytes) -> None:
    """Every entry of ``kind`` made whole (checksums right) but holding ``payload``."""
    entries = [e for e in store.entries() if e.kind == kind]
    assert entries
    for e in entries:
        head = e.path.read_bytes()[: len(MAGIC) + 32]
        e.path.write_bytes(head + hashlib.sha256(payload).digest() + payload)


def _truetype_file() -> tuple[Path, int]:
    from bulletin_docs.pdf.fonts import resolve_fonts

    font = resolve_fonts()["fangsong"]
    assert font is not None and not font.cff
    return font.path, font.index


@needs_cjk_font
def test_a_restored_face_is_reportlabs_parse(cache: Store) -> None:
    """Same attributes, same values, same subset bytes as reportlab's own TTFont."""
    from reportlab.pdfbase.ttfonts import TTFont

    from bulletin_docs.pdf import facecache

    path, index = _truetype_file()
    fresh = TTFont("T-fresh", str(path), subfontIndex=index)
    made = facecache.truetype_font("T-made", path, index)  # parsed, then stored
    restored = facecache.truetype_font("T-restored", path, index)
    assert type(made.face) is type(fresh.face)
    assert type(restored.face).__name__ == "_LazyFace"
    assert vars(restored).keys() == vars(fresh).keys()
    assert restored.fontName == "T-restored"
    subset = [ord(c) for c in "挂职简报第一期，2020"]
    glyphs = [fresh.face.charToGlyph[c] for c in subset]
    for attr, value in vars(fresh.face).items():
        if attr == "_pdfScale":
            continue
        got = getattr(restored.face, attr)
        if attr in ("charToGlyph", "charWidths"):  # looked up by code, kept in code order
            assert sorted(got.items()) == sorted(value.items()), attr
            assert {type(v) for v in got.values()} == {type(v) for v in value.values()}, attr
        else:
            assert repr(got) == repr(value), attr  # types too
    assert restored.face._pdfScale(700) == fresh.face._pdfScale(700)
    assert facecache.coverage(facecache.truetype_font("T-c", path, index)) == frozenset(
        fresh.face.charToGlyph
    )
    assert glyphs
    assert restored.face.makeSubset(subset) == fresh.face.makeSubset(subset)
    assert vars(restored.face).keys() | {"_read_font", "_packed"} >= vars(fresh.face).keys()


@needs_cjk_font
@pytest.mark.parametrize(
    "payload", [pickle.dumps(print), pickle.dumps(({}, {}, {})), b"\x80\x05garbage"]
)
def test_a_foreign_font_entry_is_parsed_again(cache: Store, payload: bytes) -> None:
    from bulletin_docs.pdf import facecache

    path, index = _truetype_file()
    facecache.truetype_font("T1", path, index)
    _rewrite_payload(cache, "font", payload)
    tt = facecache.truetype_font("T2", path, index)
    assert type(tt.face).__name__ == "TTFontFace"  # parsed, not restored
    assert type(facecache.truetype_font("T3", path, index).face).__name__ == "_LazyFace"


@needs_cjk_font
def test_a_font_entry_with_inconsistent_tables_is_parsed_again(cache: Store) -> None:
    from bulletin_docs.pdf import facecache

    path, index = _truetype_file()
    facecache.truetype_font("T1", path, index)
    (entry,) = [e for e in cache.entries() if e.kind == "font"]
    font, face, packed = pickle.loads(entry.path.read_bytes()[len(MAGIC) + 64 :])
    tag, keys, column = packed["charToGlyph"]
    packed["charToGlyph"] = (tag, keys[:-8], column)  # one key short of its values
    _rewrite_payload(cache, "font", pickle.dumps((font, face, packed)))
    tt = facecache.truetype_font("T2", path, index)
    assert type(tt.face).__name__ == "TTFontFace"
    assert type(facecache.truetype_font("T3", path, index).face).__name__ == "_LazyFace"


def test_prepared_photos_come_back_the_same(cache: Store, make_photo) -> None:
    path = make_photo("p.jpg", 1600, 1200)
    made = photos._prepare(path, None, photos.DEFAULT, 300.0, 200.0)
    calls: list[int] = []

    def make() -> photos.PreparedPhoto:
        calls.append(1)
        return made

    assert photo_cache.prepared(path, ("s",), make) == made
    assert photo_cache.prepared(path, ("s",), make) == made
    assert calls == [1]
    copy = path.with_name("renamed.jpg")  # the same bytes elsewhere: the same entry
    copy.write_bytes(path.read_bytes())
    assert photo_cache.prepared(copy, ("s",), make) == made and calls == [1]
    assert photo_cache.prepared(path, ("other box",), make) == made and calls == [1, 1]
    _rewrite_payload(cache, "photo", b"\x00" * 80)
    assert photo_cache.prepared(path, ("s",), make) == made and len(calls) == 3
    assert photo_cache.prepared(path, ("s",), make) == made and len(calls) == 3


def test_compiled_templates_come_back_the_same(cache: Store) -> None:
    from bulletin_docs.docx.render import compiled_code, jinja_env

    env = jinja_env()
    source = "<w:t>{{ title }}{% for x in items %}·{{ x }}{% endfor %}</w:t>"
    code = compiled_code(env, source)
    again = compiled_code(env, source)
    assert again is not code and again == code  # unmarshalled from the entry

    def render(c: object) -> str:
        return env.template_class.from_code(env, c, env.make_globals(None), None).render(
            title="简报<1>", items=[1, 2]
        )

    assert render(again) == render(code) == "<w:t>简报&lt;1&gt;·1·2</w:t>"
    _rewrite_payload(cache, "template", b"not marshalled code")
    assert render(compiled_code(env, source)) == render(code)
    (entry,) = [e for e in cache.entries() if e.kind == "template"]
    assert b"not marshalled code" not in entry.path.read_bytes()


def test_cff_faces_come_back_the_same(cache: Store) -> None:
    from bulletin_docs.pdf import cff
    from bulletin_docs.pdf.fonts import resolve_fonts

    noto = [f for f in resolve_fonts(font_dirs=["/usr/share/fonts/opentype/noto"]).values()
            if f is not None and f.cff]
    if not noto:
        pytest.skip("没有 OpenType/CFF 中文字体（Noto CJK）：.ci/run 会安装 fonts-noto-cjk")
    key = cff.face_key(noto[0].path, noto[0].index)
    cff.clear_caches()
    metrics = cff.metrics_face(key)
    subset = cff.subset_font(key, [ord(c) for c in "挂职简报"])
    cff.clear_caches()
    assert cff.metrics_face(key) == metrics and not cff._sources  # from the entry, file unopened
    assert cff.subset_font(key, [ord(c) for c in "挂职简报"]) == subset and not cff._sources
    _rewrite_payload(cache, "cff-subset", b"not a font")
    cff.clear_caches()
    assert cff.subset_font(key, [ord(c) for c in "挂职简报"]) == subset
    _rewrite_payload(cache, "cff-metrics", b"\x00\x01\x00\x00 but not a font")
    cff.clear_caches()
    assert cff.metrics_face(key) == metrics


def test_a_photo_check_is_kept_for_good_bytes_only(cache: Store, make_photo, tmp_path) -> None:
    from bulletin_docs.errors import PhotoError

    good = make_photo("good.jpg", 640, 480)
    photos.check_photo(good)
    photos._cache.clear()  # a new process: only the persistent verdict is left
    assert photo_cache.checked_before(good, photos.DEFAULT.photo_max_pixels)
    assert not photo_cache.checked_before(good, 1000)  # another pixel limit: checked again
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(good.read_bytes()[:2000])  # truncated: other bytes
    for _ in range(2):
        with pytest.raises(PhotoError):
            photos.check_photo(bad)
        photos._cache.clear()
    assert not photo_cache.checked_before(bad, photos.DEFAULT.photo_max_pixels)
    assert [e for e in cache.entries() if e.kind == "photo-checked"]


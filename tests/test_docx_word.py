"""What the .docx tells Word and WPS, read back: font table, East Asian hints, Han/Latin spacing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_docs.docx.fonts import needs_east_asia_hint
from bulletin_docs.docx.fonttable import KNOWN_FACES, named_faces
from bulletin_docs.layout import DEFAULT
from conftest import MINIMAL_YAML
from test_docx_support import NS, build, part, qn

BODY = "“到农村去”——他说……马克思·韦伯，气温 25℃，增长 3‰。"


@pytest.fixture
def docx(issue_file, tmp_path) -> Path:
    from bulletin_docs import load

    text = MINIMAL_YAML.replace("第一段，**加粗的话**在这里。", BODY)
    assert BODY in text
    return build(load(issue_file(text)), tmp_path)


def _fonts(docx: Path) -> dict[str, dict[str, str | None]]:
    out = {}
    for f in part(docx, "word/fontTable.xml").findall("w:font", NS):
        row: dict[str, str | None] = {}
        for child in ("altName", "panose1", "charset", "family", "pitch"):
            el = f.find(f"w:{child}", NS)
            row[child] = None if el is None else el.get(qn("w:val"))
        out[f.get(qn("w:name"))] = row
    return out


def test_font_table_names_every_face_with_a_chinese_fallback(docx):
    fonts = _fonts(docx)
    named = {n for names in DEFAULT.docx_font_names.values() for n in names}
    assert named | {DEFAULT.latin_font_name} <= set(fonts)
    # the faces Windows lacks fall back to the Windows face of the same style
    assert fonts["方正小标宋简体"]["altName"] == "宋体"
    assert fonts["仿宋_GB2312"]["altName"] == "仿宋"
    assert fonts["楷体_GB2312"]["altName"] == "楷体"
    assert fonts["宋体"]["altName"] == "SimSun"
    assert fonts["黑体"]["altName"] == "SimHei"
    for name, row in fonts.items():
        assert row["charset"] == ("00" if name.isascii() else "86"), name
        assert row["family"] and row["pitch"], name
    assert fonts["宋体"]["panose1"] == "02010600030101010101"
    for name in ("黑体", "仿宋", "楷体"):
        assert fonts[name]["panose1"] == "02010609060101010101", name
    assert fonts["方正小标宋简体"]["panose1"] is None  # not known: no guess


def test_font_table_of_a_custom_profile_falls_back_in_role_order():
    import dataclasses
    from types import MappingProxyType

    names = dict(DEFAULT.docx_font_names)
    names["xiaobiaosong"] = ("华文中宋", "宋体")
    profile = dataclasses.replace(DEFAULT, docx_font_names=MappingProxyType(names))
    faces = named_faces(profile)
    assert faces["华文中宋"].alt == "宋体"
    assert faces["华文中宋"].charset == "86"
    assert faces["宋体"] == KNOWN_FACES["宋体"]


def _runs(root) -> list[tuple[str, str | None]]:
    """(text, w:hint) of every run with text."""
    out = []
    for r in root.iter(qn("w:r")):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        if text:
            rf = r.find("w:rPr/w:rFonts", NS)
            out.append((text, None if rf is None else rf.get(qn("w:hint"))))
    return out


def test_runs_with_latin_slot_punctuation_carry_the_east_asian_hint(docx):
    runs = _runs(part(docx, "word/document.xml"))
    body = [h for t, h in runs if t == BODY]
    assert body == ["eastAsia"]
    # Han-only runs and the ASCII-only ones need none
    assert ("挂职简报", None) in runs
    assert all(h is None for t, h in runs if not needs_east_asia_hint(t))


def test_page_number_dashes_carry_the_hint_and_digits_stay_latin(docx):
    for name in ("word/footer1.xml", "word/footer2.xml"):
        root = part(docx, name)
        runs = _runs(root)
        assert [h for t, h in runs if "—" in t] == ["eastAsia", "eastAsia"], name
        assert [h for t, h in runs if t == "1"] == [None], name
        for rf in root.iter(qn("w:rFonts")):
            assert rf.get(qn("w:eastAsia")) == "宋体"
            assert rf.get(qn("w:ascii")) == DEFAULT.latin_font_name


def test_hint_characters():
    for text in ("—", "“", "”", "‘", "’", "…", "·", "℃", "‰", "é"):
        assert needs_east_asia_hint(text), text
    for text in ("挂职", "ABC 123", "，。（）", "𠮷", ""):
        assert not needs_east_asia_hint(text), text


def test_han_latin_spacing_is_declared_on_everywhere(docx):
    """autoSpaceDE/DN on (Word's Chinese default) in every style: the PDFs draw the gap too."""
    styles = part(docx, "word/styles.xml")
    for tag in ("autoSpaceDE", "autoSpaceDN"):
        els = list(styles.iter(qn(f"w:{tag}")))
        assert len(els) > 15
        assert {el.get(qn("w:val")) for el in els} == {None}
    assert DEFAULT.libreoffice.latin_autospace_em * DEFAULT.body_size_pt == pytest.approx(3.44)

"""Characters measured once for every font set of the same role faces, never a fallback's."""

from __future__ import annotations

import pytest

from bulletin_docs.layout import DEFAULT
from bulletin_docs.pdf import fontset
from bulletin_docs.pdf.fontset import FontSet, char_width
from bulletin_docs.pdf.lines import Piece, set_lines
from bulletin_docs.pdf.render import load_fontset
from bulletin_docs.pdf.typesetter import Typesetter

P = DEFAULT


@pytest.fixture
def fonts():
    fs = load_fontset()
    if not fs.roles["fangsong"].embedded:
        pytest.skip("没有可嵌入的 TrueType 中文字体")
    return fs


def test_a_second_font_set_of_the_same_faces_reuses_the_measurements(fonts):
    fonts.glyph("fangsong", 16.0, "简")
    again = load_fontset()
    assert again._measured is fonts._measured
    assert "简" in again._measured[("fangsong", 16.0)]
    face = again.face_for("fangsong", "简")
    assert again.glyph("fangsong", 16.0, "简") == (face, char_width(face.name, "简", 16.0))
    assert again.glyph_table("fangsong", 16.0) == {"简": (face, char_width(face.name, "简", 16.0))}


def test_other_faces_measure_apart(fonts):
    other = FontSet({"fangsong": fonts.roles["heiti"], "heiti": fonts.roles["fangsong"]})
    assert other._measured is not fonts._measured


def test_a_character_no_role_face_has_is_measured_by_each_font_set(fonts):
    lacking = "\ue000"  # private use: in no role face
    assert not any(f.has(lacking) for f in fonts.roles.values())
    fonts.glyph("fangsong", 16.0, lacking)
    assert lacking not in fonts._measured.get(("fangsong", 16.0), {})


def test_lines_set_with_shared_measurements_are_the_lines_set_afresh(fonts):
    text = "为深入学习贯彻习近平总书记关于做好年轻干部工作的系列重要指示精神，第1期abc。" * 3
    pieces = [Piece(text, P.body_style)]
    warm = set_lines(pieces, Typesetter(load_fontset(), P), P.type_width_pt)
    fontset.clear_caches()
    assert not fontset._measured
    cold = set_lines(pieces, Typesetter(load_fontset(), P), P.type_width_pt)
    assert warm == cold

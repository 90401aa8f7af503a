"""Body lines broken as LibreOffice breaks the .docx: its spacing, its allowance, its portions."""

from __future__ import annotations

import pytest

from bulletin_docs.layout import DEFAULT
from bulletin_docs.pdf.lines import Piece, set_lines
from bulletin_docs.pdf.render import load_fontset
from bulletin_docs.pdf.typesetter import Typesetter

P = DEFAULT
W = P.type_width_pt


@pytest.fixture(scope="module")
def fonts():
    fs = load_fontset()
    if not fs.roles["fangsong"].embedded:
        pytest.skip("没有可嵌入的 TrueType 中文字体")
    return fs


def lines(fonts, text: str, first: float = 0.0) -> list[str]:
    out = set_lines([Piece(text, P.body_style)], Typesetter(fonts, P), W, first_indent=first)
    return ["".join(r.text for r in line.runs) for line in out]


def test_28_fill_a_line_and_26_after_the_indent(fonts):
    han = "为深入学习贯彻习近平总书记关于做好年轻干部工作的系列重要指示精神扎实推进"
    assert [len(x) for x in lines(fonts, han[:28] * 2 + han[:3])] == [28, 28, 3]
    assert [len(x) for x in lines(fonts, han[:30], P.first_line_indent_pt)] == [26, 4]
    # LibreOffice leaves the spacing off a paragraph's opening quote: it still holds 26
    quoted = "“" + han[:23] + "”伴着" + han
    assert len(lines(fonts, quoted, P.first_line_indent_pt)[0]) == 26


def test_a_line_of_digits_breaks_where_libreoffice_breaks_it(fonts):
    """At LibreOffice's −0.2 pt (not the PDF's −0.25 pt) "85后" no longer fits (measured)."""
    text = "历层次上，硕士及研究生13人，大学37人；年龄层次上，85后干部23名，90后干部6名。"
    assert lines(fonts, text)[0] == "历层次上，硕士及研究生13人，大学37人；年龄层次上，85"

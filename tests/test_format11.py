"""Format 1.1: headings, tables and photos in place, read back from the .docx and the PDF."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

import bulletin_docs
from bulletin_docs.errors import BulletinError
from bulletin_docs.issuefile.blocks import PhotoRefs, TableAt, parse_blocks
from bulletin_docs.issuefile.headings import heading_level
from bulletin_docs.model import Heading, Paragraph, PhotoBlock, Table
from conftest import needs_soffice

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "tongji-2024-06" / "issue.yaml"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("一、总体情况", 1),
        ("十二、其他", 1),
        ("（一）工业生产", 2),
        ("(二) 半角括号", 2),
        ("1. 工业投资", 3),
        ("１．全角点", 3),
        ("（1）制造业", 4),
        ("(99)最大", 4),
        ("1.5亿元投入", None),
        ("12.3%的增幅", None),
        ("2024.6.18召开", None),
        ("100. 超过九十九", None),
        ("一、二级医院", None),
        ("一、二、三等奖", None),
        ("一、", None),
        ("一是加强学习", None),
    ],
)
def test_ordinals(text: str, level: int | None) -> None:
    found = heading_level(text)
    assert (found[0] if found else None) == level


def test_blocks_run_in_opt_out_tables_photos() -> None:
    blocks = parse_blocks(
        "（一）学习。继续学习\n\n\\一、不是标题\n\n表1 指标\n| 指标 | 数值 |\n|---|---:|\n"
        "| 产值 | 1,234 |\n注：单位万元\n\n项目\t2023\nA\t1\n\n![说明](a.jpg) ![二](b.jpg)\n"
    )
    head, plain, pipe, tab, photos = blocks
    assert isinstance(head, Heading) and head.level == 2
    assert "".join(s.text for s in head.head) == "（一）学习。"
    assert "".join(s.text for s in head.rest) == "继续学习"
    assert isinstance(plain, Paragraph) and plain.text == "一、不是标题"
    assert isinstance(pipe, TableAt) and pipe.line == 4
    assert pipe.table.header == ("指标", "数值") and pipe.table.rows == (("产值", "1,234"),)
    assert (pipe.table.title, pipe.table.note) == ("表1 指标", "注：单位万元")
    assert isinstance(tab, TableAt) and tab.table.rows == (("A", "1"),)
    assert isinstance(photos, PhotoRefs) and [r.caption for r in photos.refs] == ["说明", "二"]


def _issue(tmp_path: Path, body: str) -> Path:
    shutil.copy(ROOT / "examples/guazhi-2020-01/photos/1-wuzhihao.jpg", tmp_path / "a.jpg")
    text = (
        "masthead:\n  title: 简报\n  issue: {number: 1}\n  issuer: 某局\n  date: 2024-06\n"
        "sections:\n  - title: 栏目\n    articles:\n      - title: 文章\n        body: |\n"
        + "".join(f"          {line}\n" if line else "\n" for line in body.split("\n"))
        + "distribution:\n  - label: 发\n    to: 各单位。\n"
    )
    path = tmp_path / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_photo_in_place_errors_have_lines(tmp_path: Path) -> None:
    path = _issue(tmp_path, "第一段。\n\n![说明](missing.jpg)\n\n第二段。")
    with pytest.raises(BulletinError) as err:
        bulletin_docs.load(path)
    assert err.value.line == 13 and "missing.jpg" in err.value.message


def test_table_too_wide_names_table_and_line(tmp_path: Path) -> None:
    row = " | ".join(["1234567890123456"] * 9)
    path = _issue(tmp_path, f"第一段。\n\n表3 宽表\n| {row} |\n| {row} |")
    with pytest.raises(BulletinError) as err:
        bulletin_docs.load(path)
    assert err.value.line == 13 and "表3 宽表" in err.value.message


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path, Path]:
    out = tmp_path_factory.mktemp("f11")
    b = bulletin_docs.load(EXAMPLE)
    return (
        b,
        bulletin_docs.render_docx(b, out / "t.docx"),
        bulletin_docs.render_pdf(b, out / "t.pdf"),
    )


def test_example_model(example: tuple) -> None:
    b = example[0]
    body = b.sections[0].articles[0].body
    assert {x.level for x in body if isinstance(x, Heading)} == {1, 2, 3, 4}
    assert sum(isinstance(x, Table) for x in body) == 2
    assert sum(isinstance(x, PhotoBlock) for x in b.sections[0].articles[1].body) == 2


def test_docx_tables_headings_photos(example: tuple) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    _, docx_path, _ = example
    doc = Document(str(docx_path))
    tables = [
        t for t in doc.tables if t._tbl.find(qn("w:tblPr")).find(qn("w:tblBorders")) is not None
    ]
    data = [t for t in tables if t.rows[0].cells[0].text in ("单位", "项目")]
    assert len(data) == 2
    first = data[0]._tbl
    assert first.find(qn("w:tblGrid")) is not None
    widths = [int(g.get(qn("w:w"))) for g in first.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert sum(widths) == round(156 / 25.4 * 1440)
    rows = first.findall(qn("w:tr"))
    assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert all(r.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None for r in rows)
    assert data[0].rows[-1].cells[0].text == "合计"
    xml = zipfile.ZipFile(docx_path).read("word/document.xml").decode()
    assert "asciiTheme" not in xml and "eastAsiaTheme" not in xml
    faces = {}
    for p in doc.paragraphs:
        for lvl, start in ((1, "一、总体"), (2, "（一）工业"), (3, "1. 工业"), (4, "（1）制造")):
            if p.text.startswith(start):
                r = p.runs[0]._r.find(qn("w:rPr"))
                faces[lvl] = (
                    r.find(qn("w:rFonts")).get(qn("w:eastAsia")),
                    r.find(qn("w:b")) is not None,
                )
    profile = bulletin_docs.layout.DEFAULT
    names = profile.docx_font_names
    assert faces == {
        1: (names["heiti"][0], False),
        2: (names["kaiti"][0], False),
        3: (names["fangsong"][0], True),
        4: (names["fangsong"][0], False),
    }
    texts = [p.text for p in doc.paragraphs]
    before = texts.index(
        "6月下旬，统计局组织业务骨干赴重点项目现场开展调研，实地核查项目进度与统计数据。"
    )
    assert texts[before + 1].startswith("调研组逐一查看")
    body = doc.element.body
    order = [el.tag.split("}")[1] for el in body]
    assert order.count("tbl") >= 5  # two data tables, two photo rows in place, the 报尾


def test_pdf_header_repeated_and_faces(example: tuple) -> None:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    _, _, pdf = example
    pages = []
    for page in extract_pages(str(pdf)):
        chars = [
            c
            for el in page
            if isinstance(el, LTTextContainer)
            for line in el
            for c in line
            if isinstance(c, LTChar)
        ]
        pages.append(("".join(c.get_text() for c in chars), chars))
    with_table = [i for i, (t, _) in enumerate(pages) if "东山镇" in t or "合计" in t]
    assert len(with_table) == 2, "the table crosses a page break"
    for i in with_table:
        assert "投资总额" in pages[i][0], "header row on every page of the table"
    text = "".join(t for t, _ in pages)
    assert text.index("6月下旬") < text.index("在物流园座谈调研") < text.index("调研组逐一查看")

    def font_of(word: str) -> str:
        for t, chars in pages:
            k = t.find(word)
            if k >= 0:
                return chars[k].fontname
        raise AssertionError(word)

    assert (
        font_of("一、总体情况") != font_of("（二）固定资产投资") != font_of("全区完成固定资产投资")
    )


@needs_soffice
def test_second_example_native_and_libreoffice_agree(example: tuple, tmp_path: Path) -> None:
    from bulletin_docs import inspect
    from bulletin_docs.inspection import compare_files
    from bulletin_docs.libreoffice.convert import convert_to_pdf

    _, docx_path, native = example
    lo = convert_to_pdf(docx_path, tmp_path / "libreoffice.pdf", timeout=300)
    parity = compare_files(native, lo)
    assert parity.pages_a == parity.pages_b, parity.to_text()
    assert parity.line_share >= 0.95, parity.to_text()
    for pdf in (native, lo):
        report = inspect(pdf)
        assert report.ok, report.to_text()
        status = {c.id: c.status for c in report.checks}
        assert status["heading_faces"] == "pass", report.to_text()
        assert status["tables_in_type_area"] == "pass", report.to_text()
        assert status["table_header_repeated"] == "pass", report.to_text()


def test_widowed_caption_is_balanced_in_both_outputs(tmp_path: Path) -> None:
    from docx import Document

    caption = "区金融监管局倪力佳深入企业座谈调研"  # 15 + 2 characters a line at 4号 in a column
    path = _issue(tmp_path, f"第一段。\n\n![{caption}](a.jpg)\n\n第二段。")
    b = bulletin_docs.load(path)
    docx_path = bulletin_docs.render_docx(b, tmp_path / "c.docx")
    pdf = bulletin_docs.render_pdf(b, tmp_path / "c.pdf")
    cells = [c for t in Document(str(docx_path)).tables for r in t.rows for c in r.cells]
    texts = [p.text for c in cells for p in c.paragraphs]
    assert "区金融监管局倪力佳\n深入企业座谈调研" in texts
    from pdfminer.high_level import extract_text

    lines = [x.strip() for x in extract_text(str(pdf)).splitlines() if x.strip()]
    assert lines.index("区金融监管局倪力佳") + 1 == lines.index("深入企业座谈调研")
    assert lines.index("第一段。") < lines.index("区金融监管局倪力佳") < lines.index("第二段。")


def test_template_from_before_prints_the_new_blocks_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A v1 template (body loop of ``{{r para.runs }}`` only) renders a 1.1 issue."""
    from docx import Document

    from bulletin_docs.docx import styles as st
    from bulletin_docs.docx import template

    old_loop = [
        template._tagp("{%p for para in article.body %}"),
        template._p(st.BODY, template._t("{{r para.runs }}")),
        template._tagp("{%p endfor %}"),
    ]
    monkeypatch.setattr(template, "_body_loop", lambda: old_loop)
    old = tmp_path / "old.docx"
    old.write_bytes(template.build_template())
    path = _issue(
        tmp_path, "一、总体情况\n\n| 指标 | 数值 |\n| 产值 | 12 |\n\n![说明文字](a.jpg)\n\n第二段。"
    )
    b = bulletin_docs.load(path)
    out = bulletin_docs.render_docx(b, tmp_path / "o.docx", template=old)
    texts = [p.text for p in Document(str(out)).paragraphs]
    i = texts.index("一、总体情况")
    assert texts[i + 1 : i + 4] == ["指标\t数值\n产值\t12", "说明文字", "第二段。"]

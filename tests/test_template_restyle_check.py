"""``template-check`` proves what it claims (issue 18): a trial issue built, rendered by
LibreOffice, measured; each failing check named with its cause in the template, exit 1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bulletin_docs.cli import main
from bulletin_docs.docx.render import default_template_path
from bulletin_docs.errors import RenderError
from conftest import needs_soffice
from test_docx_support import rewrite_document_xml
from test_template_restyle import soffice_convert


def _no_float(tmp_path: Path) -> Path:
    def edit(xml: str) -> str:
        out, n = re.subn(r'<w:tblpPr [^>]*/><w:tblOverlap w:val="never"/>', "", xml)
        assert n == 1
        return out

    return rewrite_document_xml(default_template_path(), tmp_path / "no-float.docx", edit)


def _wide_photo(tmp_path: Path) -> Path:
    """The first photo column of the article photo table 75 pt wider (past the type area)."""

    def edit(xml: str) -> str:
        start = xml.index("article.photo_rows")
        end = xml.index("</w:tbl>", start)
        table = xml[start:end].replace('<w:gridCol w:w="4264"/>', '<w:gridCol w:w="5764"/>', 1)
        table, n = re.subn(r'(<w:tr>(?:<w:trPr>.*?</w:trPr>)?<w:tc><w:tcPr><w:tcW w:w=")4264',
                           r"\g<1>5764", table)
        assert n == 1  # the photo row (the tag rows carry no widths)
        return xml[:start] + table + xml[end:]

    return rewrite_document_xml(default_template_path(), tmp_path / "wide.docx", edit)


@pytest.fixture
def no_libreoffice(monkeypatch):
    def missing(**_: object) -> str:
        raise RenderError("找不到 LibreOffice")

    monkeypatch.setattr("bulletin_docs.libreoffice.finder.find_soffice", missing)


@needs_soffice
def test_float_removed_is_named(tmp_path, capsys):
    assert main(["template-check", str(_no_float(tmp_path))]) == 1
    out, err = capsys.readouterr()
    assert "由 LibreOffice 排成 PDF" in out
    assert "报尾表格不再固定在页面底部" in err
    assert "× 不通过  报尾末条线距版心下边" in err  # measured, not only read from the XML
    assert "原因：报尾表格" in err
    assert "试排成功" not in out


@needs_soffice
def test_widened_photo_cell_is_named(tmp_path, capsys):
    assert main(["template-check", str(_wide_photo(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert "第 1 个照片表格宽" in err and "超出版心" in err
    assert "× 不通过  图片在版心内" in err
    assert "原因：照片表格被改动" in err


@needs_soffice
def test_template_saved_again_by_libreoffice_passes(tmp_path, capsys):
    saved = soffice_convert(default_template_path(), "odt", tmp_path / "odt")
    back = soffice_convert(saved, "docx", tmp_path / "back")
    assert main(["template-check", str(back)]) == 0
    out, err = capsys.readouterr()
    assert "试排成功" in out and not err


def test_without_libreoffice_only_the_structure(tmp_path, capsys, no_libreoffice):
    assert main(["template-check", str(default_template_path())]) == 0
    out = capsys.readouterr().out
    assert "没有找到 LibreOffice，只检查了模板结构" in out
    assert "结构检查通过" in out
    assert main(["template-check", str(_no_float(tmp_path))]) == 1
    assert "报尾表格不再固定在页面底部" in capsys.readouterr().err


@needs_soffice
def test_restyle_and_header_logo_pass(tmp_path, capsys):
    """The title in the office's red (the rule with it) and a logo in the header: usable."""
    from docx import Document
    from docx.shared import Pt, RGBColor
    from PIL import Image

    from test_template_restyle import HOUSE_RED, _restyle

    restyled = _restyle(default_template_path(), tmp_path / "restyled.docx")
    doc = Document(str(restyled))
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), (200, 0, 0)).save(logo)
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].add_run().add_picture(str(logo), height=Pt(12))
    doc.save(str(restyled))
    assert main(["template-check", str(restyled)]) == 0
    out, err = capsys.readouterr()
    assert "试排成功" in out and not err
    # the title alone in the house red, the rule still in the shipped red: named
    doc = Document(str(default_template_path()))
    doc.styles["简报名称"].font.color.rgb = RGBColor.from_string(HOUSE_RED)
    alone = tmp_path / "title-only.docx"
    doc.save(str(alone))
    assert main(["template-check", str(alone)]) == 1
    err = capsys.readouterr().err
    assert "红色分隔线" in err and "原因：报头红线" in err

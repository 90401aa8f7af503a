"""``bulletin-docs inspect`` on the command line: exit status, text, JSON, --compare, .docx."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from bulletin_docs.cli import main
from pdfsamples import draw_sample, fonts_available

needs_fonts = pytest.mark.skipif(
    not fonts_available(), reason="没有 TrueType 中文字体（AR PL UMing/UKai、文泉驿正黑）"
)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not fonts_available():
        pytest.skip("没有 TrueType 中文字体")
    d = tmp_path_factory.mktemp("cli")
    return {
        "ok": draw_sample(d / "ok.pdf"),
        "ok2": draw_sample(d / "ok2.pdf"),
        "bad": draw_sample(d / "bad.pdf", "even_right"),
        "short": draw_sample(d / "short.pdf", "chars27"),
    }


@needs_fonts
def test_exit_0_when_all_pass(pdfs, capsys) -> None:
    assert main(["inspect", str(pdfs["ok"])]) == 0
    out = capsys.readouterr().out
    assert "结论：全部通过" in out and "左边距" in out


@needs_fonts
def test_exit_1_when_a_check_fails(pdfs, capsys) -> None:
    assert main(["inspect", str(pdfs["bad"])]) == 1
    out = capsys.readouterr().out
    assert "✗ 不通过  页码位置" in out


@needs_fonts
def test_json_output(pdfs, capsys) -> None:
    assert main(["inspect", "--json", str(pdfs["bad"])]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert {c["id"] for c in data["checks"] if not c["ok"]} == {"page_number_side"}


@needs_fonts
def test_compare_same_and_different(pdfs, capsys) -> None:
    assert main(["inspect", "--compare", str(pdfs["ok"]), str(pdfs["ok2"])]) == 0
    assert "100.0%" in capsys.readouterr().out
    assert main(["inspect", "--compare", "--json", str(pdfs["ok"]), str(pdfs["short"])]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["pages_a"] == data["pages_b"] == 3
    assert data["line_share"] < 0.5


def test_compare_needs_two_files(tmp_path: Path, capsys) -> None:
    assert main(["inspect", "--compare", str(tmp_path / "a.pdf")]) == 2


def test_missing_file_is_a_chinese_error(tmp_path: Path, capsys) -> None:
    assert main(["inspect", str(tmp_path / "nope.pdf")]) == 1
    assert "找不到" in capsys.readouterr().err


def _tiny_docx(path: Path) -> Path:
    from docx import Document
    from docx.oxml.ns import qn

    d = Document()
    run = d.add_paragraph().add_run("正文")
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    d.save(str(path))
    return path


def test_docx_fonts_are_read(tmp_path: Path) -> None:
    from bulletin_docs.inspection.docx import requested_fonts

    assert "仿宋_GB2312" in requested_fonts(_tiny_docx(tmp_path / "a.docx"))


def test_docx_without_soffice_is_a_clear_error(tmp_path: Path, monkeypatch, capsys) -> None:
    import shutil

    docx = _tiny_docx(tmp_path / "a.docx")
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    assert main(["inspect", str(docx)]) == 1
    err = capsys.readouterr().err
    assert "LibreOffice" in err and "soffice" in err


def test_broken_docx_is_a_render_error(tmp_path: Path) -> None:
    from bulletin_docs.errors import RenderError
    from bulletin_docs.inspection.docx import requested_fonts

    p = tmp_path / "broken.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", "<not xml")
    with pytest.raises(RenderError, match=r"\.docx"):
        requested_fonts(p)


def test_compare_refuses_other_files(tmp_path: Path, capsys) -> None:
    a = tmp_path / "a.txt"
    a.write_text("x", encoding="utf-8")
    assert main(["inspect", "--compare", str(a), str(a)]) == 1
    assert "--compare" in capsys.readouterr().err


@needs_fonts
def test_api_inspect_returns_the_report(pdfs) -> None:
    from bulletin_docs.api import inspect
    from bulletin_docs.inspection import Report

    report = inspect(str(pdfs["ok"]))
    assert isinstance(report, Report) and report.ok and report.pages == 3


@needs_fonts
def test_several_files_in_json_are_a_list(pdfs, capsys) -> None:
    assert main(["inspect", "--json", str(pdfs["ok"]), str(pdfs["bad"])]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["ok"] for d in data] == [True, False]

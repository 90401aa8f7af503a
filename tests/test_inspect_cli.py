"""``bulletin-docs inspect`` on the command line: exit status, text, JSON, --compare, .docx."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import bulletin_docs
from bulletin_docs.cli import main
from pdfsamples import draw_sample, fonts_available

needs_fonts = pytest.mark.skipif(
    not fonts_available(), reason="没有 TrueType 中文字体（AR PL UMing/UKai、文泉驿正黑）"
)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
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
    assert "× 不通过  页码位置" in out


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
    out, err = capsys.readouterr()
    assert out == "" and "用法错误" in err and "--compare" in err


def test_keep_pdf_with_two_files_is_a_usage_error_on_stderr(tmp_path: Path, capsys) -> None:
    a, b = str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf")
    assert main(["inspect", "--keep-pdf", str(tmp_path / "k.pdf"), a, b]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "用法错误" in err and "--keep-pdf" in err


def test_missing_file_is_a_chinese_error(tmp_path: Path, capsys) -> None:
    assert main(["inspect", str(tmp_path / "nope.pdf")]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "找不到" in err


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
    from bulletin_docs.libreoffice import finder

    docx = _tiny_docx(tmp_path / "a.docx")
    monkeypatch.delenv(finder.SOFFICE_ENV, raising=False)
    monkeypatch.setattr(finder.shutil, "which", lambda name, *a, **k: None)
    monkeypatch.setattr(finder, "_is_file", lambda path: False)
    assert main(["inspect", str(docx)]) == 1
    err = capsys.readouterr().err
    assert "无法把 .docx 转成 PDF 来检查版面：找不到 LibreOffice（soffice）" in err
    assert "--soffice" in err and "--pdf-engine" not in err


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


def _fresh_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter that imports this checkout's bulletin_docs."""
    package_root = str(Path(bulletin_docs.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
    env = dict(os.environ, PYTHONPATH=path, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=300, check=False)


@needs_fonts
def test_api_inspect_works_twice_in_a_fresh_interpreter(pdfs) -> None:
    """The function is not shadowed by the subpackage that importing it loads."""
    code = (
        "import sys, bulletin_docs\n"
        "first = bulletin_docs.inspect(sys.argv[1])\n"
        "second = bulletin_docs.inspect(sys.argv[2])\n"
        "print(first.ok, first.pages, second.ok, second.pages)\n"
        "print(callable(bulletin_docs.inspect))\n"
    )
    proc = _fresh_python(code, str(pdfs["ok"]), str(pdfs["bad"]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "3", "False", "3", "True"]


@needs_fonts
def test_cli_inspect_runs_where_pymupdf_cannot_be_imported(pdfs) -> None:
    """A plain install has no PyMuPDF (AGPL, test extra only): inspect must not need it."""
    code = (
        "import sys\n"
        "sys.modules['pymupdf'] = None\n"
        "sys.modules['fitz'] = None\n"
        "from bulletin_docs.cli import main\n"
        "status = main(['inspect', sys.argv[1]])\n"
        "assert 'pymupdf' not in sys.modules or sys.modules['pymupdf'] is None\n"
        "sys.exit(status)\n"
    )
    proc = _fresh_python(code, str(pdfs["ok"]))
    assert proc.returncode == 0, proc.stderr
    assert "结论：全部通过" in proc.stdout and "左边距" in proc.stdout
    assert "Traceback" not in proc.stderr
    proc = _fresh_python(code, str(pdfs["bad"]))
    assert proc.returncode == 1, proc.stderr
    assert "× 不通过  页码位置" in proc.stdout

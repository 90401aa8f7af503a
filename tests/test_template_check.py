"""``bulletin-docs template-check``: variables listed, unknown ones flagged with exit 1."""

from __future__ import annotations

from pathlib import Path

from bulletin_docs.cli import main
from bulletin_docs.docx.render import default_template_path
from test_docx_support import rewrite_document_xml

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_template_passes(capsys):
    assert main(["template-check", str(default_template_path())]) == 0
    out = capsys.readouterr().out
    for var in ("masthead.issue", "masthead.issuer", "section.label", "row.paragraph", "para.runs"):
        assert var in out
    assert "×" not in out
    assert "试排成功" in out


def test_unknown_variable_is_flagged(tmp_path, capsys):
    tpl = rewrite_document_xml(
        default_template_path(),
        tmp_path / "t.docx",
        lambda x: x.replace("{{ masthead.issue }}", "{{ qihao }}"),
    )
    assert main(["template-check", str(tpl)]) == 1
    out, err = capsys.readouterr()
    assert "× qihao" in out  # the list of variables is the result
    assert "未知的变量：qihao" in err  # the verdict is an error


def test_unknown_attribute_fails_the_trial_render(tmp_path, capsys):
    tpl = rewrite_document_xml(
        default_template_path(),
        tmp_path / "t.docx",
        lambda x: x.replace("{{ masthead.issue }}", "{{ masthead.qihao }}"),
    )
    assert main(["template-check", str(tpl)]) == 1
    captured = capsys.readouterr()
    assert "qihao" in captured.err


def test_unsafe_template_fails(tmp_path, capsys):
    tpl = rewrite_document_xml(
        default_template_path(),
        tmp_path / "t.docx",
        lambda x: x.replace("{{ masthead.issue }}", "{{ masthead.__class__.__mro__ }}"),
    )
    assert main(["template-check", str(tpl)]) == 1
    assert "不安全" in capsys.readouterr().err


def test_missing_and_corrupt_templates(tmp_path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"nope")
    assert main(["template-check", str(tmp_path / "none.docx")]) == 1
    assert main(["template-check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "找不到模板文件" in err
    assert "已损坏" in err


def test_variables_doc_lists_every_context_variable():
    from bulletin_docs.docx.context import KNOWN_VARIABLES

    doc = (ROOT / "docs" / "template-variables.md").read_text(encoding="utf-8")
    for name in KNOWN_VARIABLES:
        assert f"`{name}" in doc, name
    for attr in ("title_runs", "photo_rows", "paragraph", "runs", "byline", "copies_text"):
        assert attr in doc, attr
    assert "--template" in doc

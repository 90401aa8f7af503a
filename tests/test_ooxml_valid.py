"""Every .docx we write against the ECMA-376 schemas and Word's package rules (../shared/tools)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bulletin_docs.docx.render import default_template_path
from bulletin_docs.docx.template import build_template
from test_docx_support import build, rewrite_document_xml

ROOT = Path(__file__).resolve().parent.parent


def _checkouts() -> list[Path]:
    """This checkout's root and, for a git worktree, the main checkout's root."""
    roots = [ROOT]
    git = ROOT / ".git"
    if git.is_file():  # a worktree: "gitdir: <main>/.git/worktrees/<name>"
        text = git.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            roots.append(Path(text.split(":", 1)[1].strip()).parents[2])
    return roots


def _validator() -> Path | None:
    for root in _checkouts():
        tool = root.parent / "shared" / "tools" / "ooxml_validate.py"
        if tool.is_file():
            return tool
    return None


VALIDATOR = _validator()
pytestmark = pytest.mark.skipif(
    VALIDATOR is None,
    reason="../shared/tools/ooxml_validate.py（ECMA-376 校验器）不在：新克隆的仓库没有 ../shared",
)


def validate(*files: Path) -> subprocess.CompletedProcess[str]:
    assert VALIDATOR is not None
    return subprocess.run(
        [sys.executable, str(VALIDATOR), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def assert_valid(*files: Path) -> None:
    done = validate(*files)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(files)} files, 0 schema errors, 0 package errors" in done.stdout, done.stdout


def test_shipped_and_generated_template_are_valid(tmp_path):
    generated = tmp_path / "generated.docx"
    generated.write_bytes(build_template())
    assert_valid(default_template_path(), generated)


def test_example_and_generated_issues_are_valid(tmp_path):
    from bulletin_docs import load, render_docx
    from conftest import EXAMPLE
    from issuegen import make_issue

    outs = []
    sources = [EXAMPLE] + [make_issue(tmp_path / f"g{n}", n, seed=n) for n in (3, 12)]
    for i, src in enumerate(sources):
        out = tmp_path / f"issue{i}.docx"
        render_docx(load(src), out)
        outs.append(out)
    assert_valid(*outs)


def test_sample_with_every_element_is_valid(sample_bulletin, tmp_path):
    assert_valid(build(sample_bulletin, tmp_path))


def test_custom_template_build_is_valid(sample_bulletin, tmp_path):
    """A template an office restyled and re-saved (python-docx, as Word would) builds valid."""
    from docx import Document
    from docx.shared import Pt

    doc = Document(str(default_template_path()))
    doc.styles["简报正文"].font.size = Pt(15)
    restyled = tmp_path / "restyled.docx"
    doc.save(str(restyled))
    assert_valid(restyled)
    assert_valid(build(sample_bulletin, tmp_path, template=restyled))


def test_misordered_table_properties_fail(sample_bulletin, tmp_path):
    """The check can fail: w:tblInd after w:tblLayout (the old photo tables) is a schema error."""
    good = build(sample_bulletin, tmp_path)
    marker = '<w:tblInd w:w="0" w:type="dxa"/>'

    def misorder(xml: str) -> str:
        assert marker in xml
        xml = xml.replace(marker, "", 1)
        layout = '<w:tblLayout w:type="fixed"/>'
        return xml.replace(layout, layout + marker, 1)

    bad = rewrite_document_xml(good, tmp_path / "bad.docx", misorder)
    done = validate(bad)
    assert done.returncode == 1
    assert "w:tblInd" in done.stdout
    assert "1 schema errors" in done.stdout


def test_core_properties_are_ours_whatever_the_template_or_python_docx_wrote(tmp_path):
    """docxcompose, when installed, makes python-docx write ``cp:revision`` in the custom-
    properties namespace (a schema error); a template saved by an office suite carries its own
    core.xml. The build writes docProps/core.xml itself, so neither reaches the .docx."""
    import zipfile

    from bulletin_docs import load, render_docx
    from bulletin_docs.docx.ooxml import core_xml
    from conftest import EXAMPLE

    foreign = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:creator>某办公室</dc:creator>"
        '<cp:revision xmlns:cp="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties">7</cp:revision></cp:coreProperties>'
    ).encode()
    template = tmp_path / "t.docx"
    with zipfile.ZipFile(default_template_path()) as src, zipfile.ZipFile(template, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, foreign if info.filename == "docProps/core.xml" else data)
    out = tmp_path / "issue.docx"
    bulletin = load(EXAMPLE)
    render_docx(bulletin, out, template=template)
    with zipfile.ZipFile(out) as z:
        core = z.read("docProps/core.xml")
    assert core.startswith(core_xml("挂职简报（2020年第1期）", (0,) * 6)[:60])
    assert b"custom-properties" not in core and "某办公室".encode() not in core
    assert b"<cp:revision>1</cp:revision>" in core
    assert_valid(out)

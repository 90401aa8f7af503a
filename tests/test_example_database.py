"""examples/from_database.py: SQLite rows and photo BLOBs into one issue's .docx and PDF bytes,
read back; examples/build.py runs it."""

from __future__ import annotations

import datetime as _dt
import importlib.util
import zipfile
from pathlib import Path

import pdfplumber
import pytest

import bulletin_docs
from conftest import EXAMPLE

EXAMPLES = EXAMPLE.parent.parent


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.filterwarnings("ignore::bulletin_docs.BulletinWarning")
def test_the_database_example_writes_the_issue(tmp_path: Path, capsys) -> None:
    assert _module("from_database").main(["--out", str(tmp_path)]) == 0
    docx, pdf = tmp_path / "from-database.docx", tmp_path / "from-database.pdf"
    assert f"已生成 {docx}" in capsys.readouterr().out
    with zipfile.ZipFile(docx) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
    assert "陆巷村推进人居环境整治" in xml and "（2020年第4期）" in xml
    assert len(media) == 2  # the two BLOBs, embedded
    with pdfplumber.open(pdf) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages).replace(" ", "")
        images = sum(len(page.images) for page in doc.pages)
    assert "陆巷村推进人居环境整治" in text and "陈伟、李明" in text
    assert "2020年4月30日" in text and images == 2


def test_the_rows_make_an_issue_equal_to_its_written_file(tmp_path: Path) -> None:
    example = _module("from_database")
    data = example.issue_from_database(example.sample_database(), 4, _dt.date(2020, 4, 30))
    bulletin = bulletin_docs.from_dict(data)
    assert [p.data is not None for p in bulletin.photos()] == [True, True]
    assert bulletin.sections[1].articles[0].authors == ("陈伟", "李明")
    assert bulletin_docs.from_dict(bulletin_docs.to_dict(bulletin)) == bulletin


@pytest.mark.filterwarnings("ignore::bulletin_docs.BulletinWarning")
def test_examples_build_runs_the_database_example(tmp_path: Path, capsys) -> None:
    assert _module("build").main(["--out", str(tmp_path)]) == 0
    assert (tmp_path / "from-database.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "guazhi-2020-01.pdf").is_file()

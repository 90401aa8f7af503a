"""A build that fails late (last photo corrupted after loading) leaves earlier outputs intact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import bulletin_docs
from bulletin_docs.cli import main
from bulletin_docs.errors import BulletinError, PhotoError
from conftest import EXAMPLE


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "issue"
    shutil.copytree(EXAMPLE.parent, folder)
    return folder / "issue.yaml"


def _corrupt(photo: Path) -> None:
    """Keep the JPEG header (it still opens) but cut the picture data: decoding fails."""
    data = photo.read_bytes()
    photo.write_bytes(data[: len(data) // 3])


def _no_temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_late_failure_leaves_previous_docx_and_pdf_unchanged(example_copy: Path) -> None:
    folder = example_copy.parent
    docx, pdf = folder / "issue.docx", folder / "issue.pdf"
    assert main(["build", str(example_copy), "--pdf"]) == 0
    good_docx, good_pdf = docx.read_bytes(), pdf.read_bytes()

    bulletin = bulletin_docs.load(example_copy)  # every photo is still good here
    last = bulletin.photos()[-1].file
    _corrupt(last)  # ... and the last one breaks before rendering reaches it

    with pytest.raises(PhotoError) as info:
        bulletin_docs.render_docx(bulletin, docx)
    assert last.name in str(info.value)
    with pytest.raises(BulletinError):
        bulletin_docs.render_pdf(bulletin, pdf)

    assert docx.read_bytes() == good_docx
    assert pdf.read_bytes() == good_pdf
    assert _no_temporaries(folder) == []


def test_cli_rebuild_with_corrupt_photo_writes_nothing(
    example_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = example_copy.parent
    assert main(["build", str(example_copy), "--pdf"]) == 0
    before = {p.name: p.read_bytes() for p in folder.glob("issue.*") if p.suffix != ".yaml"}
    _corrupt(sorted((folder / "photos").iterdir())[-1])
    capsys.readouterr()
    assert main(["build", str(example_copy), "--pdf"]) == 1
    err = capsys.readouterr().err
    assert "照片" in err and "Traceback" not in err
    after = {p.name: p.read_bytes() for p in folder.glob("issue.*") if p.suffix != ".yaml"}
    assert after == before
    assert _no_temporaries(folder) == []

"""The example issue (挂职简报 2020年第1期) through the public API into a native PDF, read back."""

from __future__ import annotations

import warnings

import pdfplumber
import pytest

from conftest import EXAMPLE


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory):
    from bulletin_docs import api

    b = api.load(EXAMPLE)
    out = tmp_path_factory.mktemp("example") / "issue.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api.render_pdf(b, out)
    return b, out


def test_every_title_and_photo_caption_present(example_pdf):
    b, out = example_pdf
    with pdfplumber.open(out) as pdf:
        text = "".join((p.extract_text() or "") for p in pdf.pages)
        n = len(pdf.pages)
    flat = text.replace("\n", "").replace(" ", "")
    assert b.masthead.title in flat
    for section in b.sections:
        assert section.label in flat
        for article in section.articles:
            assert article.title.replace(" ", "") in flat
        for photo in section.photos:
            assert photo.caption[:6] in flat
    for row in b.distribution:
        assert row.text.replace(" ", "")[:8] in flat
    assert 8 <= n <= 14  # LibreOffice's rendering of the .docx takes 11 pages


def test_page_numbers_run_through(example_pdf):
    from bulletin_docs.layout import DEFAULT

    _, out = example_pdf
    with pdfplumber.open(out) as pdf:
        for i, page in enumerate(pdf.pages, start=1):
            assert DEFAULT.page_number_text(i).replace(" ", "") in (
                (page.extract_text() or "").replace(" ", "")
            )


def test_cli_build_pdf(tmp_path, capsys):
    import shutil

    from bulletin_docs.cli import main

    src = tmp_path / "issue"
    shutil.copytree(EXAMPLE.parent, src)
    status = main(["build", str(src / "issue.yaml"), "--pdf", str(tmp_path / "out.pdf"),
                   "-o", str(tmp_path / "out.docx")])
    out = capsys.readouterr()
    assert status == 0, out.err
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")

"""OFD output: the example and generated issues into .ofd files that validate, that easyofd
(a reader not ours) reads with the PDF's pages, text and positions, byte-reproducibly."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree

import bulletin_docs
from bulletin_docs.errors import BulletinWarning, OutputError
from bulletin_docs.layout import DEFAULT
from bulletin_docs.pdf.render import layout_pages, load_fontset
from conftest import EXAMPLE, ROOT, needs_cjk_font
from issuegen import make_issue
from ofdread import (
    Glyph,
    easyofd_drawing,
    easyofd_pages,
    grey_page,
    lines_in_order,
    page_text,
    pdf_pages,
    schema_dir,
    schema_errors,
    similarity,
)

NS = {"ofd": "http://www.ofdspec.org/2016"}
#: The issue's positions: within 0.1 mm of the PDF's.
TOLERANCE_MM = 0.1
needs_schemas = pytest.mark.skipif(
    schema_dir() is None,
    reason="OFD 的 XML Schema（../shared/ofd-xsd，GB/T 33190-2016）不在仓库旁边",
)


def build(yaml_path: Path, out_dir: Path) -> tuple[Path, Path]:
    """The issue's native PDF and its OFD, written by the public API one after the other."""
    bulletin = bulletin_docs.load(yaml_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BulletinWarning)
        pdf = bulletin_docs.render_pdf(bulletin, out_dir / "issue.pdf")
        ofd = bulletin_docs.render_ofd(bulletin, out_dir / "issue.ofd")
    return pdf, ofd


@pytest.fixture(scope="module", params=["example", "gen3-1", "gen12-2"])
def built(request, tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp(request.param)
    if request.param == "example":
        source = EXAMPLE
    else:
        articles, seed = (int(v) for v in request.param[3:].split("-"))
        source = make_issue(out / "src", articles, seed=seed)
    return build(source, out)


def assert_same_glyphs(ofd: list[Glyph], pdf: list[Glyph], where: str) -> None:
    a, b = lines_in_order(ofd), lines_in_order(pdf)
    assert "".join(g.char for g in a) == "".join(g.char for g in b), where
    for g, h in zip(a, b, strict=True):
        assert abs(g.x - h.x) <= TOLERANCE_MM and abs(g.y - h.y) <= TOLERANCE_MM, (where, g, h)


@needs_schemas
def test_every_xml_part_validates(built):
    _pdf, ofd = built
    assert schema_errors(ofd) == {}


@needs_cjk_font
def test_reader_sees_the_pdfs_pages_text_and_glyph_positions(built):
    pdf, ofd = built
    read, printed = easyofd_pages(ofd), pdf_pages(pdf)
    assert len(read) == len(printed)
    for n, (page, ref) in enumerate(zip(read, printed, strict=True), 1):
        assert page_text(page) == page_text(ref), f"page {n}"
        assert_same_glyphs(page.glyphs, ref.glyphs, f"page {n}")


@needs_cjk_font
def test_rules_and_photos_sit_where_the_pdf_draws_them(built):
    pdf, ofd = built
    for n, (page, ref) in enumerate(zip(easyofd_pages(ofd), pdf_pages(pdf), strict=True), 1):
        assert len(page.rules) == len(ref.rules), f"page {n}"
        for got, want in zip(sorted(page.rules), sorted(ref.rules), strict=True):
            assert got == pytest.approx(want, abs=TOLERANCE_MM), f"page {n}"
        assert len(page.images) == len(ref.images), f"page {n}"
        for got, want in zip(sorted(page.images), sorted(ref.images), strict=True):
            assert got == pytest.approx(want, abs=TOLERANCE_MM), f"page {n}"


@needs_cjk_font
def test_page_one_drawn_by_easyofd_looks_like_our_pdf(tmp_path):
    """easyofd draws every character in one face (宋体, here the 仿宋 role's file), so the
    two renderings differ in the 黑体/楷体 lines; the ink still falls in the same places."""
    import numpy as np

    pdf, ofd = build(EXAMPLE, tmp_path)
    font = load_fontset().roles["fangsong"].file
    assert font is not None
    theirs = grey_page(easyofd_drawing(ofd, font.path))
    ours = grey_page(pdf.read_bytes())
    score = similarity(theirs, ours)
    moved = np.full_like(ours, 255)
    moved[:, 6:] = ours[:, :-6]  # our page moved right by one cell (about 2 mm)
    print(f"page 1 similarity, easyofd vs our PDF: {score:.3f} "
          f"(our PDF moved 2 mm: {similarity(moved, ours):.3f}; "
          f"page 2: {similarity(grey_page(pdf.read_bytes(), 1), ours):.3f})")
    assert score >= 0.88
    assert score > similarity(moved, ours) + 0.1


def test_same_issue_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    bulletin = bulletin_docs.load(EXAMPLE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BulletinWarning)
        a = bulletin_docs.render_ofd(bulletin, tmp_path / "a.ofd").read_bytes()
        b = bulletin_docs.render_ofd(bulletin, tmp_path / "b.ofd").read_bytes()
    assert a == b
    info = etree.fromstring(zipfile.ZipFile(io.BytesIO(a)).read("OFD.xml"))
    assert info.findtext(".//ofd:CreationDate", namespaces=NS) == "2020-04-01"


def test_doc_info_names_the_issue_and_takes_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    bulletin = bulletin_docs.load(EXAMPLE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BulletinWarning)
        out = bulletin_docs.render_ofd(bulletin, tmp_path / "x.ofd")
    with zipfile.ZipFile(out) as zf:
        info = etree.fromstring(zf.read("OFD.xml"))
        document = etree.fromstring(zf.read("Doc_0/Document.xml"))
    m = bulletin.masthead
    assert info.findtext(".//ofd:Title", namespaces=NS) == m.title + m.issue.text
    assert info.findtext(".//ofd:Author", namespaces=NS) == m.issuer
    assert info.findtext(".//ofd:Creator", namespaces=NS) == "bulletin-docs"
    assert info.findtext(".//ofd:CreationDate", namespaces=NS) == "2020-09-13"
    doc_id = info.findtext(".//ofd:DocID", namespaces=NS)
    assert doc_id is not None and len(doc_id) == 32
    box = document.findtext(".//ofd:PhysicalBox", namespaces=NS)
    assert box == f"0 0 {DEFAULT.page_width_mm:g} {DEFAULT.page_height_mm:g}"
    ids: list[int] = []
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                root = etree.fromstring(zf.read(name))
                ids += [int(e.get("ID")) for e in root.iter() if e.get("ID")]
    assert len(set(ids)) == len(ids)  # every unit once
    assert max(ids) == int(document.findtext(".//ofd:MaxUnitID", namespaces=NS))


@needs_cjk_font
def test_fonts_are_the_pdfs_faces_subset_and_mapped_by_unicode(tmp_path):
    bulletin = bulletin_docs.load(EXAMPLE)
    fonts = load_fontset()
    layout = layout_pages(bulletin, fonts)
    used: dict[str, set[str]] = {}
    for page in layout.pages:
        for item in page.items:
            if hasattr(item, "font"):
                used.setdefault(item.font, set()).update(item.text)
    _pdf, ofd = build(EXAMPLE, tmp_path)
    with zipfile.ZipFile(ofd) as zf:
        res = etree.fromstring(zf.read("Doc_0/PublicRes.xml"))
        fonts_xml = res.findall(".//ofd:Font", NS)
        assert len(fonts_xml) == len(used)
        families = {fonts.face_named(name).file.family for name in used}
        assert {f.get("FamilyName") for f in fonts_xml} == families
        for f in fonts_xml:
            data = zf.read("Doc_0/Res/" + f.findtext("ofd:FontFile", namespaces=NS))
            face = TTFont(io.BytesIO(data))
            name = next(n for n in used if fonts.face_named(n).file.family == f.get("FamilyName"))
            chars = {c for c in used[name] if not c.isspace()}
            cmap = face.getBestCmap()
            assert {chr(c) for c in cmap} >= chars
            assert face["maxp"].numGlyphs <= len(used[name]) + 2  # a subset, not the face
            source = fonts.face_named(name).file
            full = TTFont(source.path, fontNumber=source.index, lazy=True)
            for ch in sorted(chars)[:20]:  # the same outlines as the face's
                ours = face["glyf"][cmap[ord(ch)]]
                theirs = full["glyf"][full.getBestCmap()[ord(ch)]]
                assert ours.getCoordinates(face["glyf"])[0] == theirs.getCoordinates(
                    full["glyf"]
                )[0], ch


def test_written_atomically_and_refused_into_a_missing_folder(tmp_path):
    bulletin = bulletin_docs.load(EXAMPLE)
    target = tmp_path / "issue.ofd"
    target.write_bytes(b"old")
    with pytest.raises(OutputError):
        bulletin_docs.render_ofd(bulletin, tmp_path / "missing" / "issue.ofd")
    with pytest.raises(OutputError, match="不是 OFD 文件"):  # never replaces what is not an OFD
        bulletin_docs.render_ofd(bulletin, target)
    assert target.read_bytes() == b"old"
    target.unlink()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BulletinWarning)
        bulletin_docs.render_ofd(bulletin, target)
        first = target.read_bytes()
        bulletin_docs.render_ofd(bulletin, target)  # an earlier OFD is replaced
    assert zipfile.is_zipfile(target) and target.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issue.ofd"]  # no temporary left


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "bulletin_docs", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )


def test_build_writes_the_ofd_beside_the_yaml_or_where_asked(tmp_path, issue_file):
    source = issue_file()
    done = cli("build", str(source), "--pdf", "--ofd", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "issue.ofd" in done.stdout
    ofd, pdf = source.with_suffix(".ofd"), source.with_suffix(".pdf")
    assert len(easyofd_pages(ofd)) == len(pdf_pages(pdf))
    assert [page_text(p) for p in easyofd_pages(ofd)] == [page_text(p) for p in pdf_pages(pdf)]
    done = cli("build", "--ofd", str(tmp_path / "named.ofd"), str(source), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "named.ofd").read_bytes() == ofd.read_bytes()  # another process, same bytes
    done = cli("build", "--ofd", str(source), cwd=tmp_path)  # the YAML is an input, not OUT.ofd
    assert done.returncode == 0, done.stderr
    done = cli("build", str(source), "--ofd", str(tmp_path / "x.pdf"), cwd=tmp_path)
    assert done.returncode == 2 and ".ofd" in done.stderr


def test_build_many_writes_pdf_and_ofd_from_one_layout(tmp_path, issue_file, monkeypatch):
    from bulletin_docs.batch import build_many
    from bulletin_docs.pdf import render as pdf_render

    calls: list[int] = []
    real = pdf_render.layout_pages

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_render, "layout_pages", counting)
    monkeypatch.setattr("bulletin_docs.ofd.render.layout_pages", counting)
    source = issue_file()
    (result,) = build_many([source], pdf=True, ofd=True)
    assert result.ok, result.error
    assert [p.suffix for p in result.outputs] == [".docx", ".pdf", ".ofd"]
    assert len(calls) == 1
    (again,) = build_many([source], ofd=tmp_path / "only.ofd")
    assert [p.name for p in again.outputs] == ["issue.docx", "only.ofd"]
    (clash,) = build_many([source], pdf=True, ofd=source.with_suffix(".pdf"))
    assert clash.error is not None and ".ofd" in clash.error.message  # the wrong kind, refused


@needs_cjk_font
def test_inspect_measures_the_ofd_as_the_pdf(built):
    pdf, ofd = built
    of_pdf, of_ofd = bulletin_docs.inspect(pdf), bulletin_docs.inspect(ofd)
    assert of_ofd.ok, of_ofd.to_text()
    assert of_ofd.pages == of_pdf.pages
    assert [(c.id, c.status) for c in of_ofd.checks] == [(c.id, c.status) for c in of_pdf.checks]
    for a, b in zip(of_ofd.checks, of_pdf.checks, strict=True):
        if isinstance(b.measured, float):
            assert a.measured == pytest.approx(b.measured, abs=0.02), a.id
        else:
            assert a.measured == b.measured, a.id


def test_inspect_cli_reads_an_ofd_and_refuses_a_broken_one(tmp_path, issue_file):
    source = issue_file()
    assert cli("build", str(source), "--ofd", cwd=tmp_path).returncode == 0
    done = cli("inspect", str(source.with_suffix(".ofd")), "--json", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert '"pages": ' in done.stdout
    broken = tmp_path / "broken.ofd"
    broken.write_bytes(b"not a zip")
    done = cli("inspect", str(broken), cwd=tmp_path)
    assert done.returncode != 0 and "不是 OFD 文件" in done.stderr

"""A restyled template keeps the layout (issue 18): the shipped template saved again by
LibreOffice, taken through .odt, restyled with python-docx, and with its runs split as Word
splits edited text; each builds the example, LibreOffice renders it, and ``inspect`` passes
with the shipped template's page count."""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import bulletin_docs
from bulletin_docs.docx.render import default_template_path, render_docx_bytes
from bulletin_docs.inspection import inspect_file
from conftest import needs_soffice
from test_docx_support import NS, part, qn
from test_ooxml_valid import VALIDATOR, validate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "guazhi-2020-01" / "issue.yaml"

pytestmark = needs_soffice


def soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    """``src`` saved again by LibreOffice as ``fmt`` (docx / odt), as an office would."""
    from bulletin_docs.libreoffice.finder import find_soffice

    outdir.mkdir(parents=True, exist_ok=True)
    filt = {"docx": "docx:MS Word 2007 XML", "odt": "odt"}[fmt]
    home = outdir / "home"
    subprocess.run(
        [find_soffice(), f"-env:UserInstallation={(outdir / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", filt, "--outdir", str(outdir), str(src)],
        env=dict(os.environ, HOME=str(home)), capture_output=True, timeout=180, check=True,
    )
    out = outdir / f"{src.stem}.{fmt}"
    assert out.is_file(), f"LibreOffice wrote no {out.name}"
    return out


def build_and_inspect(template: Path, out: Path):
    """The example built with ``template``; the .docx and LibreOffice's measured rendering."""
    bulletin = bulletin_docs.load(EXAMPLE)
    out.write_bytes(render_docx_bytes(bulletin, template))
    return out, inspect_file(out)


@pytest.fixture(scope="module")
def shipped_pages(tmp_path_factory) -> int:
    _, report = build_and_inspect(default_template_path(),
                                  tmp_path_factory.mktemp("shipped") / "shipped.docx")
    assert report.ok, [c.line() for c in report.failures]
    return report.pages


def assert_good(report, pages: int) -> None:
    assert report.ok, "\n".join(c.line() for c in report.failures)
    assert report.pages == pages


def test_saved_again_by_libreoffice(tmp_path, shipped_pages):
    saved = soffice_convert(default_template_path(), "docx", tmp_path / "lo")
    # what LibreOffice does to it: styles renamed, borders in the cells, properties dropped
    styles = part(saved, "word/styles.xml")
    assert styles.xpath('//w:style[w:name/@w:val="简报正文"]/@w:styleId', namespaces=NS) != [
        "BulletinBody"]
    assert part(saved, "word/document.xml").xpath("//w:tcBorders/w:top", namespaces=NS)
    out, report = build_and_inspect(saved, tmp_path / "built.docx")
    assert_good(report, shipped_pages)
    built = part(out, "word/styles.xml")
    assert built.xpath('//w:style[w:name/@w:val="简报正文"]/@w:styleId', namespaces=NS) == [
        "BulletinBody"]
    assert not part(out, "word/document.xml").xpath("//w:tcBorders", namespaces=NS)


def test_through_odt_and_back(tmp_path, shipped_pages):
    odt = soffice_convert(default_template_path(), "odt", tmp_path / "odt")
    back = soffice_convert(odt, "docx", tmp_path / "back")
    # LibreOffice made the 报尾 a text frame (drawn twice: DrawingML and VML fallback)
    assert part(back, "word/document.xml").xpath("//w:txbxContent//w:tbl", namespaces=NS)
    out, report = build_and_inspect(back, tmp_path / "built.docx")
    assert_good(report, shipped_pages)
    doc = part(out, "word/document.xml")
    assert not doc.xpath("//w:txbxContent", namespaces=NS)
    assert len(doc.xpath("//w:tblpPr", namespaces=NS)) == 1
    assert "".join(doc.xpath("//w:t/text()", namespaces=NS)).count("报：张瑛部长") == 1


HOUSE_RED = "C00000"


def _restyle(src: Path, dst: Path) -> Path:
    """What an office does most: the title's colour (and the rule under the issuer line with
    it) and face; the body's size (which the line grid owns: put back to 3号)."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    doc = Document(str(src))
    title = doc.styles["简报名称"]
    title.font.color.rgb = RGBColor.from_string(HOUSE_RED)
    title.font.name = "黑体"
    doc.styles["简报正文"].font.size = Pt(15)
    issuer = doc.styles["简报编印单位"].element
    for border in issuer.iter(qn("w:bottom")):
        border.set(qn("w:color"), HOUSE_RED)
    doc.save(str(dst))
    return dst


def test_restyled_with_python_docx(tmp_path, shipped_pages):
    from bulletin_docs.docx.restyled import restyled_profile
    from bulletin_docs.layout import DEFAULT

    restyled = _restyle(default_template_path(), tmp_path / "restyled.docx")
    bulletin = bulletin_docs.load(EXAMPLE)
    out = tmp_path / "built.docx"
    out.write_bytes(render_docx_bytes(bulletin, restyled))
    profile = restyled_profile(out, DEFAULT)
    assert profile.red == HOUSE_RED
    assert_good(inspect_file(out, profile=profile), shipped_pages)
    # the shipped colour is no longer what this build draws
    assert not inspect_file(out).get("title_colour").ok
    styles = part(out, "word/styles.xml")
    t = styles.xpath('//w:style[@w:styleId="BulletinTitle"]/w:rPr', namespaces=NS)[0]
    assert t.find(qn("w:color")).get(qn("w:val")) == HOUSE_RED
    assert t.find(qn("w:rFonts")).get(qn("w:ascii")) == "黑体"
    b = styles.xpath('//w:style[@w:styleId="BulletinBody"]/w:rPr', namespaces=NS)[0]
    assert b.find(qn("w:sz")).get(qn("w:val")) == "32"


def test_header_rule_and_logo_show(tmp_path, shipped_pages):
    """A header with a logo and a rule under it is kept; the inspector counts the logo as a
    picture outside the type area (it lies in the top margin), and only that."""
    from docx import Document
    from docx.shared import Pt
    from PIL import Image

    doc = Document(str(default_template_path()))
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), (200, 0, 0)).save(logo)
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    para = header.paragraphs[0]
    para.add_run().add_picture(str(logo), height=Pt(12))
    para._p.get_or_add_pPr().append(etree.fromstring(
        f'<w:pBdr xmlns:w="{NS["w"]}"><w:bottom w:val="single" w:sz="6" w:space="1" '
        'w:color="C00000"/></w:pBdr>'))
    with_header = tmp_path / "header.docx"
    doc.save(str(with_header))

    out, report = build_and_inspect(with_header, tmp_path / "built.docx")
    assert report.pages == shipped_pages
    assert [c.id for c in report.failures] == ["images_in_type_area"]
    with zipfile.ZipFile(out) as zf:
        headers = [n for n in zf.namelist() if re.fullmatch(r"word/header\d*\.xml", n)]
        assert headers and any(n.startswith("word/media/") for n in zf.namelist())
        assert b"C00000" in b"".join(zf.read(n) for n in headers)


def _split_runs(xml: bytes) -> bytes:
    """Every run split one character a run with rsids; a proofErr inside the issuer's tag."""
    root = etree.fromstring(xml)
    for r in list(root.iter(qn("w:r"))):
        ts = r.findall(qn("w:t"))
        if len(ts) != 1 or len(ts[0].text or "") < 2 or len(r) != len(ts) + (
                r.find(qn("w:rPr")) is not None):
            continue
        text = ts[0].text
        rpr = r.find(qn("w:rPr"))
        parent = r.getparent()
        at = parent.index(r)
        parent.remove(r)
        for i, ch in enumerate(text):
            new = etree.Element(qn("w:r"), {qn("w:rsidR"): f"00A{i % 10}B7C1",
                                            qn("w:rsidRPr"): "00D4E2F1"})
            if rpr is not None:
                new.append(etree.fromstring(etree.tostring(rpr)))
            t = etree.SubElement(new, qn("w:t"))
            t.text = ch
            if ch == " ":
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            parent.insert(at + i, new)
            if text.startswith("{{ masthead.issuer") and i == 8:
                proof = etree.Element(qn("w:proofErr"), {qn("w:type"): "spellStart"})
                parent.insert(at + i + 1, proof)
                at += 1
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def test_runs_split_as_word_splits_them(tmp_path, shipped_pages):
    src = default_template_path()
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = _split_runs(data)
                assert b"w:proofErr" in data and b">{</w:t>" in data
            zout.writestr(info, data)
    split = tmp_path / "split.docx"
    split.write_bytes(buf.getvalue())
    out, report = build_and_inspect(split, tmp_path / "built.docx")
    assert_good(report, shipped_pages)
    text = "".join(part(out, "word/document.xml").xpath("//w:t/text()", namespaces=NS))
    assert "{" not in text and "%}" not in text
    assert "苏州市吴中区挂职干部" in text or bulletin_docs.load(EXAMPLE).masthead.issuer in text


@pytest.mark.skipif(
    VALIDATOR is None,
    reason="../shared/tools/ooxml_validate.py（ECMA-376 校验器）不在：新克隆的仓库没有 ../shared",
)
def test_builds_from_saved_again_templates_are_valid(tmp_path):
    """Word for the web opens what these builds give: schema-valid, no dangling style."""
    saved = soffice_convert(default_template_path(), "docx", tmp_path / "lo")
    odt = soffice_convert(default_template_path(), "odt", tmp_path / "odt")
    back = soffice_convert(odt, "docx", tmp_path / "back")
    bulletin = bulletin_docs.load(EXAMPLE)
    outs = []
    for i, template in enumerate((saved, back)):
        out = tmp_path / f"built{i}.docx"
        out.write_bytes(render_docx_bytes(bulletin, template))
        outs.append(out)
    done = validate(*outs)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 files, 0 schema errors, 0 package errors, 0 warnings" in done.stdout, done.stdout

"""The shipped template: generated, deterministic, unsplit tags; reproducible builds, restyles."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from lxml import etree

from bulletin_docs.docx.template import build_template
from bulletin_docs.layout import DEFAULT, LayoutProfile
from test_docx_support import NS, build, part, qn, texts_of

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "bulletin.docx"


def test_committed_template_is_the_generated_one():
    assert TEMPLATE.read_bytes() == build_template(DEFAULT), (
        "templates/bulletin.docx 与生成器输出不一致：请运行 python tools/make_template.py"
    )


def test_generator_is_deterministic(tmp_path):
    a = tmp_path / "a.docx"
    b = tmp_path / "b.docx"
    for out in (a, b):
        subprocess.run(
            [sys.executable, str(ROOT / "tools" / "make_template.py"), str(out)], check=True
        )
    assert a.read_bytes() == b.read_bytes() == TEMPLATE.read_bytes()


def test_template_parts_are_well_formed_and_tags_unsplit():
    with zipfile.ZipFile(TEMPLATE) as zf:
        names = zf.namelist()
        assert names[0] == "[Content_Types].xml"
        for n in names:
            if n.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(n))
        doc = etree.fromstring(zf.read("word/document.xml"))
    # every Jinja tag lives whole inside a single w:t
    for t in doc.iter(qn("w:t")):
        text = t.text or ""
        assert text.count("{{") == text.count("}}"), text
        assert text.count("{%") == text.count("%}"), text
    all_text = "".join(t.text or "" for t in doc.iter(qn("w:t")))
    for var in (
        "masthead.title_runs",
        "masthead.issue",
        "masthead.issuer",
        "masthead.date",
        "entry.label",
        "section.label",
        "article.title",
        "article.byline",
        "para.runs",
        "row.paragraph",
        "row[0].image",
        "row[1].caption",
    ):
        assert var in all_text, var


def test_template_opens_in_python_docx_with_named_styles():
    from docx import Document

    doc = Document(str(TEMPLATE))
    names = {s.name for s in doc.styles}
    for n in (
        "简报正文",
        "简报名称",
        "简报标题",
        "简报栏目",
        "简报署名",
        "简报版记",
        "简报页码",
        "简报要目标题",
        "简报要目栏目",
        "简报要目条目",
        "简报编者按",
        "简报按语",
        "简报图注",
    ):
        assert n in names, n
    assert round(doc.sections[0].page_width.mm) == 210


def test_template_follows_the_profile():
    p = dataclasses.replace(DEFAULT, margin_top_mm=30.0, line_pitch_twips=600, red="C00000")
    data = build_template(p)
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        doc = zf.read("word/document.xml").decode()
        styles = zf.read("word/styles.xml").decode()
    assert 'w:top="1701"' in doc
    assert 'w:linePitch="600"' in doc
    assert "C00000" in styles and "FF0000" not in styles
    assert isinstance(p, LayoutProfile)


def test_two_builds_are_byte_identical(sample_bulletin, tmp_path):
    a = build(sample_bulletin, tmp_path, name="a.docx")
    b = build(sample_bulletin, tmp_path, name="b.docx")
    assert a.read_bytes() == b.read_bytes()


def test_zip_entries_and_core_properties_are_fixed(sample_bulletin, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    docx = build(sample_bulletin, tmp_path)
    with zipfile.ZipFile(docx) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
        assert names[2:] == sorted(names[2:])
        assert {i.date_time for i in infos} == {(2020, 4, 1, 0, 0, 0)}
    core = part(docx, "docProps/core.xml")
    text = etree.tostring(core, encoding="unicode")
    assert "2020-04-01T00:00:00Z" in text
    assert "挂职简报" in text
    media = re.findall(r"word/media/image\d+\.(?:jpe?g|png)", " ".join(names))
    assert media == sorted(media) and len(media) == 2


def test_source_date_epoch_wins(sample_bulletin, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    docx = build(sample_bulletin, tmp_path)
    with zipfile.ZipFile(docx) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert "2023-11-14T22:13:20Z" in etree.tostring(
        part(docx, "docProps/core.xml"), encoding="unicode"
    )


def test_restyled_template_builds_and_the_restyle_shows(sample_bulletin, tmp_path):
    """An office restyles a copy in Word: fonts and colours of the named styles change."""
    from docx import Document
    from docx.oxml.ns import qn as dqn
    from docx.shared import Pt, RGBColor

    doc = Document(str(TEMPLATE))
    body = doc.styles["简报正文"]
    rf = body.element.rPr.find(dqn("w:rFonts"))
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rf.set(dqn(a), "华文仿宋")
    body.font.size = Pt(15)
    doc.styles["简报名称"].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    doc.styles["简报栏目"].font.color.rgb = RGBColor(0x00, 0x00, 0x80)
    restyled = tmp_path / "restyled.docx"
    doc.save(str(restyled))

    out = build(sample_bulletin, tmp_path, template=restyled)
    assert texts_of(out, "简报正文")[0] == "第一段，加粗文字。"
    root = part(out, "word/document.xml")
    body_runs = [
        r
        for p in root.iter(qn("w:p"))
        if p.find("w:pPr/w:pStyle", NS) is not None
        and p.find("w:pPr/w:pStyle", NS).get(qn("w:val")) == "BulletinBody"
        for r in p.iter(qn("w:r"))
    ]
    assert body_runs
    for r in body_runs:
        rare = "𠮷" in "".join(t.text or "" for t in r.iter(qn("w:t")))  # its own run: SimSun-ExtB
        want = "SimSun-ExtB" if rare else "华文仿宋"
        assert r.find("w:rPr/w:rFonts", NS).get(qn("w:eastAsia")) == want
    out_doc = Document(str(out))
    assert str(out_doc.styles["简报名称"].font.color.rgb) == "C00000"
    title = next(p for p in out_doc.paragraphs if p.text == "挂职简报")
    assert {str(r.font.color.rgb) for r in title.runs if r.text} == {"C00000"}
    assert str(out_doc.styles["简报栏目"].font.color.rgb) == "000080"
    assert out_doc.styles["简报正文"].font.size.pt == 16  # the line grid owns it (issue 18)


def test_issue_dated_after_2107_builds(sample_bulletin, tmp_path, monkeypatch):
    from bulletin_docs.model import IssueDate

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    m = dataclasses.replace(sample_bulletin.masthead, date=IssueDate(2108, 1))
    docx = build(dataclasses.replace(sample_bulletin, masthead=m), tmp_path)
    with zipfile.ZipFile(docx) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2107, 12, 31, 23, 59, 58)}
    assert "2108-01-01T00:00:00Z" in etree.tostring(
        part(docx, "docProps/core.xml"), encoding="unicode"
    )


def test_latin_words_may_break_inside_in_every_paragraph_style():
    """Word's 允许西文在单词中间换行: ``w:wordWrap w:val="0"`` in the defaults and every style,
    in its schema place (after w:kinsoku, before w:overflowPunct)."""
    with zipfile.ZipFile(TEMPLATE) as zf:
        styles = etree.fromstring(zf.read("word/styles.xml"))
    pprs = list(styles.iter(qn("w:pPr")))
    paragraph_styles = [s for s in styles.iter(qn("w:style")) if s.get(qn("w:type")) == "paragraph"]
    assert len(pprs) == len(paragraph_styles) + 1  # and the document defaults
    for ppr in pprs:
        (wrap,) = ppr.findall(qn("w:wordWrap"))
        assert wrap.get(qn("w:val")) == "0"
        assert wrap.getprevious().tag == qn("w:kinsoku")
        assert wrap.getnext().tag == qn("w:overflowPunct")

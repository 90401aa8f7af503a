"""docx/normalise.py on what office suites write (no LibreOffice needed): tags split with
bookmarks, renamed styles, borders on the cells, reordered settings, a foreign page setup."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import bulletin_docs
from bulletin_docs.docx.opened import open_template
from bulletin_docs.docx.render import default_template_path, render_docx_bytes
from test_docx_support import NS, part, qn, rewrite_document_xml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "guazhi-2020-01" / "issue.yaml"


def _bookmarked(xml: str) -> str:
    """The issuer's tag split over three runs with a bookmark, a rendered page break and
    a proofErr between its characters (what Word writes after an edit)."""
    old = '<w:r><w:t xml:space="preserve">{{ masthead.issuer }}</w:t></w:r>'
    assert old in xml
    new = (
        '<w:r w:rsidR="00AB12CD"><w:t>{{ mast</w:t></w:r>'
        '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:proofErr w:type="spellStart"/>'
        '<w:r w:rsidR="00EF3456"><w:lastRenderedPageBreak/><w:t>head.iss</w:t></w:r>'
        '<w:bookmarkEnd w:id="0"/><w:proofErr w:type="spellEnd"/>'
        '<w:r w:rsidRPr="00123456"><w:t xml:space="preserve">uer }}</w:t></w:r>'
    )
    return xml.replace(old, new)


def test_tag_split_with_bookmark_is_joined(tmp_path):
    tpl = rewrite_document_xml(default_template_path(), tmp_path / "t.docx", _bookmarked)
    body = open_template(tpl).docx.element.body
    texts = ["".join(t.text or "" for t in r.iter(qn("w:t"))) for r in body.iter(qn("w:r"))]
    assert "{{ masthead.issuer }}" in texts
    assert not body.xpath("//w:bookmarkStart")
    out = tmp_path / "out.docx"
    bulletin = bulletin_docs.load(EXAMPLE)
    out.write_bytes(render_docx_bytes(bulletin, tpl))
    text = "".join(part(out, "word/document.xml").xpath("//w:t/text()", namespaces=NS))
    assert bulletin.masthead.issuer in text and "{{" not in text


def test_renamed_styles_foreign_page_and_cell_borders_put_back(tmp_path):
    def office(xml: str) -> str:
        xml = xml.replace('w:val="BulletinBody"', 'w:val="Style15"')
        xml = re.sub(r'<w:pgMar [^>]*/>', '<w:pgMar w:top="1440" w:right="1800" '
                     'w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/>',
                     xml)
        return xml.replace(
            '<w:tc><w:tcPr><w:tcW w:w="8844" w:type="dxa"/></w:tcPr>',
            '<w:tc><w:tcPr><w:tcW w:w="8844" w:type="dxa"/><w:tcBorders><w:top w:val="single" '
            'w:sz="6" w:space="0" w:color="000000"/></w:tcBorders></w:tcPr>',
        )

    tpl = rewrite_document_xml(default_template_path(), tmp_path / "t.docx", office)
    buf = io.BytesIO()
    with zipfile.ZipFile(tpl) as zin, zipfile.ZipFile(buf, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/styles.xml":
                data = data.replace(b'w:styleId="BulletinBody"', b'w:styleId="Style15"')
            zout.writestr(info, data)
    tpl.write_bytes(buf.getvalue())
    doc = open_template(tpl).docx
    styles = doc.styles.element
    assert styles.xpath('//w:style[w:name/@w:val="简报正文"]/@w:styleId') == ["BulletinBody"]
    body = doc.element.body
    assert not body.xpath('//w:pStyle[@w:val="Style15"]')
    assert not body.xpath("//w:tcBorders")
    mar = body.find("w:sectPr/w:pgMar", NS)
    assert (mar.get(qn("w:top")), mar.get(qn("w:left"))) == ("2098", "1587")


def test_settings_put_back_in_schema_order(tmp_path):
    from bulletin_docs.docx.normalise import normalise
    from bulletin_docs.layout import DEFAULT

    doc = open_template(default_template_path()).docx
    settings = doc.settings.element
    for name in ("evenAndOddHeaders", "noLineBreaksAfter", "noLineBreaksBefore"):
        el = settings.find(qn(f"w:{name}"))
        settings.remove(el)
    rsids = settings.makeelement(qn("w:rsids"), {})
    settings.append(rsids)
    normalise(doc, DEFAULT)
    names = [c.tag.rpartition("}")[2] for c in settings]
    assert names.index("evenAndOddHeaders") < names.index("characterSpacingControl")
    assert names.index("noLineBreaksBefore") < names.index("compat") < names.index("rsids")

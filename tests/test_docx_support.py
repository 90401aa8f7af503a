"""Helpers for the .docx tests (no tests here): build a Bulletin into a .docx, read parts back."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}


def qn(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def build(bulletin, tmp_path: Path, template=None, name: str = "out.docx") -> Path:
    from bulletin_docs.api import render_docx

    out = tmp_path / name
    render_docx(bulletin, out, template=template)
    return out


def part(docx: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(docx) as zf:
        return etree.fromstring(zf.read(name))


def paragraphs(docx: Path) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph, tables included, in order."""
    from docx import Document

    doc = Document(str(docx))
    out = []
    body = doc.element.body
    for p in body.iter(qn("w:p")):
        style_el = p.find("w:pPr/w:pStyle", NS)
        sid = style_el.get(qn("w:val")) if style_el is not None else "Normal"
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        name = doc.styles.element.xpath(f'w:style[@w:styleId="{sid}"]/w:name/@w:val')
        out.append((name[0] if name else sid, text))
    return out


def texts_of(docx: Path, style_name: str) -> list[str]:
    return [t for s, t in paragraphs(docx) if s == style_name]


def rewrite_document_xml(src: Path, dst: Path, edit) -> Path:
    """Copy a .docx, passing word/document.xml (text) through ``edit``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)
    dst.write_bytes(buf.getvalue())
    return dst

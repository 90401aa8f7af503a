"""A PDF file into a measured Document (pdfminer.six; nothing from our renderers)."""

from __future__ import annotations

from pathlib import Path

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException

from ..errors import BulletinError
from .device import FontRecorder, PageDevice
from .extract import Document, FontInfo, Page, group_lines, merge_rules
from .pdffonts import font_base, is_embedded, name_of, page_fonts


def read_pdf(path: Path) -> Document:
    """Measure every page of the PDF at ``path``: glyphs, rules, images, fonts, page sizes."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            if not fh.read(1024).lstrip().startswith(b"%PDF-"):
                raise BulletinError(f"不是 PDF 文件：{path}", file=path)
            fh.seek(0)
            return _read(path, PDFDocument(PDFParser(fh)))
    except OSError as exc:
        raise BulletinError(f"无法读取 PDF：{path}（{exc.strerror or exc}）", file=path) from None
    except (PSException, ValueError, KeyError, TypeError) as exc:  # pdfminer on a broken file
        raise BulletinError(f"无法读取 PDF：{path}（{exc}）", file=path) from None


def _read(path: Path, pdf: PDFDocument) -> Document:
    fonts = FontRecorder()
    pages: list[Page] = []
    found: dict[str, FontInfo] = {}
    for number, pdf_page in enumerate(PDFPage.create_pages(pdf), start=1):
        x0, y0, x1, y1 = pdf_page.mediabox
        width, height = abs(x1 - x0), abs(y1 - y0)
        if pdf_page.rotate % 180 == 90:
            width, height = height, width
        device = PageDevice(fonts, number, height)
        PDFPageInterpreter(fonts, device).process_page(pdf_page)
        page = Page(number, width, height)
        page.lines = group_lines(number, device.glyphs)
        page.rules = merge_rules(device.rules)
        page.images = device.images
        pages.append(page)
        for spec in page_fonts(pdf_page.resources):
            base = font_base(name_of(spec.get("BaseFont")))
            prev = found.get(base)
            embedded = is_embedded(spec) and (prev is None or prev.embedded)
            found[base] = FontInfo(base, name_of(spec.get("Subtype")), embedded)
    return Document(path, pages, sorted(found.values(), key=lambda f: f.name))

"""Pages of positioned items onto a reportlab canvas, as given (no layout decisions here)."""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ..layout import LayoutProfile
from .items import GlyphRun, Page, Picture, Rule


@functools.lru_cache(maxsize=256)
def _color(hex6: str) -> HexColor:
    """The colour ``hex6`` (RRGGBB), made once (reportlab only reads it)."""
    return HexColor(f"#{hex6}")


def draw_pages(canvas: Canvas, pages: Sequence[Page], profile: LayoutProfile) -> None:
    for page in pages:
        draw_items(canvas, page, profile)
        canvas.showPage()


def draw_items(canvas: Canvas, page: Page, profile: LayoutProfile) -> None:
    """The items of ``page`` onto the canvas's current page (or form), not shown yet."""
    height = profile.page_height_pt
    for item in page.items:
        if isinstance(item, GlyphRun):
            _text(canvas, item, height, profile)
        elif isinstance(item, Rule):
            canvas.setStrokeColor(_color(item.color))
            canvas.setLineWidth(item.thickness)
            canvas.line(item.x0, height - item.y, item.x1, height - item.y)
        elif isinstance(item, Picture):
            _image(canvas, item, height)


def image_name(data: bytes) -> str:
    """The XObject name of the encoded image ``data``: an MD5 of its bytes, as they are embedded.

    reportlab's drawImage names an image by an MD5 of its decoded pixels, so it decodes
    every JPEG in full only to name it; the encoded bytes name it as well, for a fraction.
    """
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def _image(canvas: Canvas, item: Picture, height: float) -> None:
    """``canvas.drawImage(ImageReader(item.data), …)`` without decoding a JPEG to name it.

    The JPEG is embedded as it is (DCTDecode), a PNG's pixels as reportlab does; an image
    drawn twice is embedded once.
    """
    from reportlab.pdfbase.pdfdoc import PDFImageXObject

    name = image_name(item.data)
    canvas._currentPageHasImages = 1
    doc = canvas._doc
    reg_name = doc.getXObjectName(name)
    if doc.idToObject.get(reg_name) is None:
        obj = PDFImageXObject(name, ImageReader(io.BytesIO(item.data)), mask=None)
        obj.name = name
        canvas._setXObjects(obj)
        doc.Reference(obj, reg_name)
        doc.addForm(name, obj)
    canvas.saveState()
    canvas.translate(item.x, height - item.y - item.height)
    canvas.scale(item.width, item.height)
    canvas._code.append(f"/{reg_name} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)


def _text(canvas: Canvas, run: GlyphRun, height: float, profile: LayoutProfile) -> None:
    t = canvas.beginText(run.x, height - run.y)
    t.setFont(run.font, run.size)
    t.setCharSpace(run.char_space)
    t.setFillColor(_color(run.color))
    if run.bold:
        t.setTextRenderMode(2)
        t.setStrokeColor(_color(run.color))
        canvas.setLineWidth(profile.fake_bold_stroke_em * run.size)
    t.textOut(run.text)
    if run.bold:
        t.setTextRenderMode(0)
    canvas.drawText(t)

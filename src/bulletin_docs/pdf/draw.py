"""Pages of positioned items onto a reportlab canvas, as given (no layout decisions here)."""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfgen.canvas import Canvas

from ..layout import LayoutProfile
from .items import GlyphRun, Page, Picture, Rule


@functools.lru_cache(maxsize=256)
def _color(hex6: str) -> HexColor:
    """The colour ``hex6`` (RRGGBB), made once (reportlab only reads it)."""
    return HexColor(f"#{hex6}")


def draw_pages(canvas: Canvas, pages: Sequence[Page], profile: LayoutProfile) -> None:
    height = profile.page_height_pt
    for page in pages:
        for item in page.items:
            if isinstance(item, GlyphRun):
                _text(canvas, item, height, profile)
            elif isinstance(item, Rule):
                canvas.setStrokeColor(_color(item.color))
                canvas.setLineWidth(item.thickness)
                canvas.line(item.x0, height - item.y, item.x1, height - item.y)
            elif isinstance(item, Picture):
                _image(canvas, item, height)
        canvas.showPage()


#: reportlab's name of an image (an MD5 of its decoded pixels), per encoded image.
_image_names: dict[bytes, str] = {}
_image_names_lock = threading.Lock()


def _image(canvas: Canvas, item: Picture, height: float) -> None:
    """``canvas.drawImage(ImageReader(item.data), …)``, the same bytes out, the name cached.

    drawImage decodes every image in full, only to name it by an MD5 of its pixels
    (the encoded JPEG is then embedded as it is); the name is remembered per image.
    """
    from reportlab.pdfbase.pdfdoc import PDFImageXObject

    with _image_names_lock:
        name = _image_names.get(item.data)
    reader = None
    if name is None:
        reader = ImageReader(io.BytesIO(item.data))
        name = _digester(reader.getRGBData() + b"None")  # drawImage's: pixels + str(mask)
        with _image_names_lock:
            if len(_image_names) >= _IMAGE_NAMES_MAX:
                _image_names.clear()
            _image_names[item.data] = name
    canvas._currentPageHasImages = 1
    doc = canvas._doc
    reg_name = doc.getXObjectName(name)
    if doc.idToObject.get(reg_name) is None:
        obj = PDFImageXObject(name, reader or ImageReader(io.BytesIO(item.data)), mask=None)
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


_IMAGE_NAMES_MAX = 4096


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

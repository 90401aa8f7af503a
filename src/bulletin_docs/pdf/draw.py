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


class _JpegSource:
    """A JPEG's bytes as PDFImageXObject takes them from an ImageReader (``jpeg_fh``).

    For a JPEG, ImageReader opens the bytes with Pillow only to learn they are a JPEG,
    and Pillow's first open registers its other formats (BMP, GIF, PNG, PPM: about
    10 ms of a cold build); reportlab then embeds the bytes as they are.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data

    def jpeg_fh(self) -> io.BytesIO:
        return io.BytesIO(self._data)


def _image_source(data: bytes) -> _JpegSource | ImageReader:
    """What the XObject of ``data`` is made from: a plain JPEG (one whose header reportlab
    reads; not a multi-picture file, which Pillow opens as MPO) directly, else an ImageReader."""
    if data.startswith(b"\xff\xd8\xff") and b"MPF\x00" not in data and _jpeg_header_reads(data):
        return _JpegSource(data)
    return ImageReader(io.BytesIO(data))


def _jpeg_header_reads(data: bytes) -> bool:
    """Whether reportlab reads the size and components of the JPEG ``data``."""
    from reportlab.pdfbase.pdfutils import readJPEGInfo

    try:
        readJPEGInfo(io.BytesIO(data))
    except Exception:  # struct.error, PDFError, …: ImageReader's path then says what is wrong
        return False
    return True


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
        obj = PDFImageXObject(name, _image_source(item.data), mask=None)
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
    t._textOut(run.text)  # textOut's output without its cursor move (a stringWidth of the run)
    if run.bold:
        t.setTextRenderMode(0)
    canvas.drawText(t)

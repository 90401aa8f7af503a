"""Pages of positioned items onto a reportlab canvas, as given (no layout decisions here)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ..layout import LayoutProfile
from .items import GlyphRun, Page, Picture, Rule


def _color(hex6: str) -> HexColor:
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
                canvas.drawImage(
                    ImageReader(io.BytesIO(item.data)),
                    item.x,
                    height - item.y - item.height,
                    item.width,
                    item.height,
                )
        canvas.showPage()


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

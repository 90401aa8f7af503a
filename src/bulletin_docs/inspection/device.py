"""A PDF page's content stream, run by pdfminer.six, into drawn glyphs, rule pieces and images.

Coordinates leave here from the page's top-left corner, in points, y downwards.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.utils import (
    Matrix,
    PathSegment,
    apply_matrix_pt,
    mult_matrix,
    translate_matrix,
)

from .extract import Glyph, Rule
from .pdffonts import GlyphMap, font_base, glyph_map, name_of

if TYPE_CHECKING:
    from pdfminer.pdfcolor import PDFColorSpace
    from pdfminer.pdfdevice import PDFTextSeq
    from pdfminer.pdfinterp import PDFGraphicState, PDFTextState
    from pdfminer.pdftypes import PDFStream

#: A drawn path thinner than this (pt) and wider than tall counts as a horizontal rule.
RULE_MAX_THICKNESS_PT = 4.0
#: Text render modes that paint nothing (3: invisible, as OCR layers; 7: clipping only).
_INVISIBLE = (3, 7)


def rgb_hex(color: Any) -> str:
    """A PDF colour (gray, RGB or CMYK components 0–1) as RRGGBB; black for patterns."""
    if isinstance(color, (int, float)):
        color = (float(color),)
    if not isinstance(color, (tuple, list)) or not color or not all(
            isinstance(v, (int, float)) for v in color):
        return "000000"
    if len(color) == 1:
        r = g = b = color[0]
    elif len(color) == 4:
        c, m, y, k = color
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        r, g, b = color[:3]
    return "".join(f"{round(max(0.0, min(1.0, v)) * 255):02X}" for v in (r, g, b))


def _scale(m: Matrix) -> float:
    """The length factor of a (uniformly scaling) matrix."""
    a, b, c, d, _e, _f = m
    return math.sqrt(abs(a * d - b * c))


class FontRecorder(PDFResourceManager):
    """pdfminer's resource manager, keeping each loaded font's dictionary (for glyph ids)."""

    def __init__(self) -> None:
        super().__init__(caching=True)
        #: Each loaded font (by id) → its base name (BaseFont, no subset prefix) and glyph ids.
        self.fonts: dict[int, tuple[str, GlyphMap]] = {}
        #: The fonts themselves, kept alive so that no later font reuses an id.
        self._loaded: list[PDFFont] = []

    def get_font(self, objid: object, spec: Mapping[str, object]) -> PDFFont:
        font = super().get_font(objid, spec)
        if id(font) not in self.fonts:
            self._loaded.append(font)
            self.fonts[id(font)] = (font_base(name_of(spec.get("BaseFont"))), glyph_map(spec))
        return font


class PageDevice(PDFDevice):
    """Collects one page's glyphs, horizontal rule pieces and image boxes."""

    def __init__(self, rsrcmgr: FontRecorder, number: int, height: float) -> None:
        super().__init__(rsrcmgr)
        self.number = number
        self.height = height
        self.glyphs: list[Glyph] = []
        self.rules: list[Rule] = []
        self.images: list[tuple[float, float, float, float]] = []
        self._figures: list[Matrix | None] = []
        self._fonts = rsrcmgr.fonts

    # --- text ---------------------------------------------------------------
    def render_string(self, textstate: PDFTextState, seq: PDFTextSeq, ncs: PDFColorSpace,
                      graphicstate: PDFGraphicState) -> None:
        """Horizontal text as the PDF spec places it (Tc after every glyph, also a string's last).

        pdfminer leaves Tc off the last glyph of each string, so a line drawn in several
        strings (a font change, a subset change) would drift by one Tc per string.
        """
        font = textstate.font
        if font is None or font.is_vertical():
            return  # vertical text is not measured
        assert self.ctm is not None
        matrix = mult_matrix(textstate.matrix, self.ctm)
        size = textstate.fontsize
        scaling = textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        wordspace = 0.0 if font.is_multibyte() else textstate.wordspace * scaling
        visible = textstate.render not in _INVISIBLE
        x, y = textstate.linematrix
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * 0.001 * size * scaling
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    advance = font.char_width(cid) * size * scaling
                    if visible:
                        self._glyph(translate_matrix(matrix, (x, y + textstate.rise)), font,
                                    size, advance, cid, graphicstate)
                    x += advance + charspace + (wordspace if cid == 32 else 0.0)
        textstate.linematrix = (x, y)

    def _glyph(self, matrix: Matrix, font: PDFFont, size: float, advance: float, cid: int,
               graphicstate: PDFGraphicState) -> None:
        a, b, c, d, e, f = matrix
        if abs(b) > 1e-6 or a <= 0 or d <= 0:
            return  # rotated or mirrored text is not measured
        try:
            text = font.to_unichr(cid).replace("\x00", "")  # reportlab maps .notdef to U+0000
        except PDFUnicodeNotDefined:
            text = ""
        name, gids = self._fonts.get(id(font), (font_base(font.fontname), None))
        x, y = e, self.height - f
        self.glyphs.append(Glyph(text or "\ufffd", x, y, x + a * advance,
                                 size * math.hypot(c, d), name, rgb_hex(graphicstate.ncolor),
                                 gids(cid) if gids is not None else None))

    # --- forms and images ------------------------------------------------------
    def begin_figure(self, name: str, bbox: tuple[float, float, float, float],
                     matrix: Matrix) -> None:
        self._figures.append(self.ctm)

    def end_figure(self, name: str) -> None:
        ctm = self._figures.pop()
        if ctm is not None:  # a form's last state must not leak into what follows it
            self.ctm = ctm

    def render_image(self, name: str, stream: PDFStream) -> None:
        assert self.ctm is not None
        corners = [apply_matrix_pt(self.ctm, p) for p in ((0, 0), (1, 0), (0, 1), (1, 1))]
        xs = [x for x, _ in corners]
        ys = [self.height - y for _, y in corners]
        self.images.append((min(xs), min(ys), max(xs), max(ys)))

    # --- paths -------------------------------------------------------------------
    def paint_path(self, graphicstate: PDFGraphicState, stroke: bool, fill: bool,
                   evenodd: bool, path: Sequence[PathSegment]) -> None:
        assert self.ctm is not None
        width = graphicstate.linewidth * _scale(self.ctm)
        for points in self._subpaths(path):
            if len(points) == 2 and stroke:
                (x0, y0), (x1, y1) = points
                if abs(y0 - y1) < 0.01 and abs(x0 - x1) > width:
                    self.rules.append(Rule(self.number, min(x0, x1), max(x0, x1), y0, width,
                                           rgb_hex(graphicstate.scolor)))
                continue
            box = _rectangle(points)
            if box is None:
                continue
            x0, y0, x1, y1 = box
            height = y1 - y0
            if height > RULE_MAX_THICKNESS_PT or x1 - x0 <= 4 * max(height, 0.1):
                continue
            if fill:
                self.rules.append(Rule(self.number, x0, x1, (y0 + y1) / 2, height,
                                       rgb_hex(graphicstate.ncolor)))
            elif stroke:
                self.rules.append(Rule(self.number, x0 - width / 2, x1 + width / 2,
                                       (y0 + y1) / 2, height + width,
                                       rgb_hex(graphicstate.scolor)))

    def _subpaths(self, path: Sequence[PathSegment]) -> list[list[tuple[float, float]]]:
        """Straight subpaths as their points (page top-left origin); curved ones are left out."""
        assert self.ctm is not None
        out: list[list[tuple[float, float]]] = []
        curved: set[int] = set()
        for segment in path:
            op = segment[0]
            if op == "m":
                out.append([])
            elif op == "h" or not out:
                continue
            elif op != "l":  # a Bézier curve: no rule
                curved.add(len(out) - 1)
                continue
            _op, px, py = cast("tuple[str, float, float]", segment)
            x, y = apply_matrix_pt(self.ctm, (float(px), float(py)))
            out[-1].append((x, self.height - y))
        return [pts for i, pts in enumerate(out) if i not in curved and len(pts) >= 2]


def _rectangle(points: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """The box of four points (a closing fifth allowed) that make an axis-parallel rectangle."""
    if len(points) == 5 and _same(points[0], points[4]):
        points = points[:4]
    if len(points) != 4:
        return None
    xs = sorted({round(x, 3) for x, _ in points})
    ys = sorted({round(y, 3) for _, y in points})
    if len(xs) != 2 or len(ys) != 2:
        return None
    for p, q in zip(points, points[1:] + points[:1], strict=True):
        if not (abs(p[0] - q[0]) < 1e-3 or abs(p[1] - q[1]) < 1e-3):
            return None
    return xs[0], ys[0], xs[1], ys[1]


def _same(p: tuple[float, float], q: tuple[float, float]) -> bool:
    return abs(p[0] - q[0]) < 1e-3 and abs(p[1] - q[1]) < 1e-3

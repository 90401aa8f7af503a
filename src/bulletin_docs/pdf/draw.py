"""Pages of positioned items onto a reportlab canvas, as given (no layout decisions here)."""

from __future__ import annotations

import functools
import hashlib
import io
import re
import weakref
import zlib
from collections.abc import Sequence
from itertools import islice

from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..layout import LayoutProfile
from .fontset import CachedFlate
from .items import GlyphRun, Page, Picture, Rule


@functools.lru_cache(maxsize=256)
def _color(hex6: str) -> HexColor:
    """The colour ``hex6`` (RRGGBB), made once (reportlab only reads it)."""
    return HexColor(f"#{hex6}")


#: Page streams deflated as reportlab deflates them (zlib's default level), the last ones
#: kept: a page drawn as before (the same issue again, the pages before an edit) is not
#: deflated again.
_PAGE_FLATE = CachedFlate(zlib.Z_DEFAULT_COMPRESSION, 64)


def draw_pages(canvas: Canvas, pages: Sequence[Page], profile: LayoutProfile) -> None:
    _assign_codes(canvas, pages)
    for page in pages:
        draw_items(canvas, page, profile)
        canvas.showPage()
        _page_contents(canvas)


def _page_contents(canvas: Canvas) -> None:
    """The page just shown given the stream PDFPage.check_format would give it (its code,
    "page stream", Flate: no ASCII85 here), deflated through _PAGE_FLATE."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    page = canvas._doc.Pages.pages[-1]
    if rl_config.useA85 or not page.compression or page.Contents or not page.stream:
        return
    stream = pdfdoc.PDFStream()
    stream.filters = [_PAGE_FLATE]
    stream.content = page.stream
    stream.__Comment__ = "page stream"
    page.Contents = stream


def _assign_codes(canvas: Canvas, pages: Sequence[Page]) -> None:
    """Each TrueType face's new characters in ``pages`` given their codes in the document.

    reportlab gives a face's characters codes in the order they are first drawn; here
    the characters of every run of a face, in drawing order, get them in one splitString
    (the same codes), so that each run's text is only looked up (see ``_split``).
    """
    texts: dict[str, list[str]] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, GlyphRun):
                texts.setdefault(item.font, []).append(item.text)
    doc = canvas._doc
    for name, parts in texts.items():
        font = getFont(name)
        if font._dynamicFont:
            font.splitString("".join(dict.fromkeys("".join(parts))), doc)


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
    """The run as reportlab's text object draws it (beginText, setFont, setCharSpace,
    setFillColor, _textOut, drawText), its operators written directly for a TrueType face.

    The text object costs a dozen calls a run; the string it appends to the page is made
    here from the same pieces (fp_str, the face's subsets, canvas._escape): the same bytes.
    """
    font = getFont(run.font)
    if not font._dynamicFont or not canvas.bottomup:  # the CID font: reportlab's text object
        _text_object(canvas, run, height, profile)
        return
    doc = canvas._doc
    # setFillColor of a colour with an alpha (HexColor's is 1, the default: no ExtGState)
    doc.ensureMinPdfVersion("transparency")
    fill = _fill(run.color)
    code = ["BT", f"1 0 0 1 {fp_str(run.x, height - run.y)} Tm", f"{fp_str(run.char_space)} Tc"]
    code.append(fill + " rg")
    if run.bold:
        code.append("2 Tr")
        code.append(fill + " RG")
        canvas.setLineWidth(profile.fake_bold_stroke_em * run.size)
    code.append(_shown(font, canvas, run.text, run.size))
    if run.bold:
        code.append("0 Tr")
    code.append("ET")
    canvas._code.append(" ".join(code))


@functools.lru_cache(maxsize=256)
def _fill(hex6: str) -> str:
    """The operands of ``rg``/``RG`` for the colour ``hex6``, as setFillColor formats them."""
    c = _color(hex6)
    return fp_str((c.red, c.green, c.blue))


#: Per document: (face, subset, size) → the operators that select the subset at the size.
_selects: weakref.WeakKeyDictionary[object, dict[tuple[str, int, float], str]] = (
    weakref.WeakKeyDictionary()
)


def _shown(font: TTFont, canvas: Canvas, text: str, size: float) -> str:
    """``PDFTextObject._formatText(text)`` for a TrueType face set at ``size``: each
    subset's font selected where it changes (setFont's leading: 1.2 × size), each stretch
    shown with ``Tj``. A subset's name is asked of the face once per document (reportlab
    gives the same name every time once the face has one)."""
    doc = canvas._doc
    selects = _selects.get(doc)
    if selects is None:
        selects = _selects[doc] = {}
    escape = canvas._escape
    name = font.fontName
    parts: list[str] = []
    current = -1
    for subset, chunk in _split(font, text, doc):
        if subset != current:
            select = selects.get((name, subset, size))
            if select is None:
                select = selects[(name, subset, size)] = (
                    f"{font.getSubsetInternalName(subset, doc)} "
                    f"{fp_str(size)} Tf {fp_str(size * 1.2)} TL"
                )
            parts.append(select)
            current = subset
        parts.append(f"({escape(chunk)}) Tj")
    return " ".join(parts)


#: Where _Codes.high puts the subsets: above every character a text drawn through it has.
_SUBSET_MARK = 0x10FF00
#: A stretch of one subset in a text of subset marks.
_SAME_SUBSET = re.compile(r"(.)\1*", re.S)


class _Codes:
    """A face's codes in one document (reportlab's ``assignments``, which only grow) as
    str.translate tables: each character to its code's low byte, and to _SUBSET_MARK plus
    its subset."""

    __slots__ = ("count", "high", "low")

    def __init__(self) -> None:
        self.count = 0
        self.low: dict[int, int] = {}
        self.high: dict[int, int] = {}

    def update(self, assignments: dict[int, int]) -> None:
        """The tables with the codes given since the last update."""
        if len(assignments) != self.count:
            for code, n in islice(assignments.items(), self.count, None):
                self.low[code] = n & 0xFF
                self.high[code] = _SUBSET_MARK + (n >> 8)
            self.count = len(assignments)


#: Per document: each face's _Codes.
_codes: weakref.WeakKeyDictionary[object, dict[str, _Codes]] = weakref.WeakKeyDictionary()


def _split(font: TTFont, text: str, doc: object) -> list[tuple[int, bytes]]:
    """``font.splitString(text, doc)``: the text in stretches of one subset, as codes in it.

    reportlab's loop gives each new character the next code, in the order they come;
    here only the new characters go through it (in that order: the same codes), and the
    text is translated to its codes' bytes and subsets at once. A character the face
    lacks, or U+00A0, has no code of its own: such a text goes through splitString whole.
    """
    state = font.state.get(doc)
    if state is None or not text or max(text) >= chr(_SUBSET_MARK):
        return font.splitString(text, doc)
    faces = _codes.get(doc)
    if faces is None:
        faces = _codes[doc] = {}
    codes = faces.get(font.fontName)
    if codes is None:
        codes = faces[font.fontName] = _Codes()
    codes.update(state.assignments)
    subsets = text.translate(codes.high)
    if min(subsets) < chr(_SUBSET_MARK):  # characters without a code yet
        mark = chr(_SUBSET_MARK)
        new = dict.fromkeys(ch for ch, s in zip(text, subsets, strict=True) if s < mark)
        font.splitString("".join(new), doc)
        codes.update(state.assignments)
        subsets = text.translate(codes.high)
        if min(subsets) < mark:
            return font.splitString(text, doc)
    low = text.translate(codes.low).encode("latin-1")
    if subsets.count(subsets[0]) == len(subsets):
        return [(ord(subsets[0]) - _SUBSET_MARK, low)]
    return [
        (ord(m.group(1)) - _SUBSET_MARK, low[m.start() : m.end()])
        for m in _SAME_SUBSET.finditer(subsets)
    ]


def _text_object(canvas: Canvas, run: GlyphRun, height: float, profile: LayoutProfile) -> None:
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

"""Our .ofd and native PDF files read back for the tests: the OFD schemas, the easyofd reader
(not ours), pymupdf for the PDF; glyphs, rules and images as positions in millimetres."""

from __future__ import annotations

import contextlib
import logging
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
MM_PER_PT = 25.4 / 72
#: Which schema validates which part (by its root element).
SCHEMAS = {"OFD": "OFD.xsd", "Document": "Document.xsd", "Res": "Res.xsd", "Page": "Page.xsd"}


def _checkouts() -> list[Path]:
    """This checkout's root and, for a git worktree, the main checkout's root."""
    roots = [ROOT]
    git = ROOT / ".git"
    if git.is_file():  # a worktree: "gitdir: <main>/.git/worktrees/<name>"
        text = git.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            gitdir = Path(text.split(":", 1)[1].strip())
            roots.append(gitdir.parent.parent.parent)
    return roots


def schema_dir() -> Path | None:
    """``../shared/ofd-xsd`` beside this checkout (or beside the main checkout), if there."""
    for root in _checkouts():
        folder = root.parent / "shared" / "ofd-xsd"
        if (folder / "OFD.xsd").exists():
            return folder
    return None


@cache
def _schema(name: str) -> etree.XMLSchema:
    folder = schema_dir()
    assert folder is not None
    return etree.XMLSchema(etree.parse(str(folder / name)))


def schema_errors(path: Path) -> dict[str, str]:
    """Every XML part of the package that does not validate, with the schema's complaint."""
    out: dict[str, str] = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not name.endswith(".xml"):
                continue
            doc = etree.fromstring(zf.read(name))
            kind = etree.QName(doc).localname
            if kind not in SCHEMAS:
                out[name] = f"unknown part {kind}"
                continue
            schema = _schema(SCHEMAS[kind])
            if not schema.validate(doc):
                out[name] = str(schema.error_log.last_error)
    return out


@dataclass(frozen=True)
class Glyph:
    char: str
    x: float  # mm from the left edge, the glyph's origin
    y: float  # mm from the top edge, the baseline


def lines_in_order(glyphs: list[Glyph], tolerance: float = 0.5) -> list[Glyph]:
    """``glyphs`` (whitespace dropped) in reading order: lines by baseline (within
    ``tolerance`` mm), then left to right."""
    ink = sorted((g for g in glyphs if not g.char.isspace()), key=lambda g: (g.y, g.x))
    lines: list[list[Glyph]] = []
    for g in ink:
        if lines and abs(lines[-1][0].y - g.y) <= tolerance:
            lines[-1].append(g)
        else:
            lines.append([g])
    return [g for line in lines for g in sorted(line, key=lambda g: g.x)]


@contextlib.contextmanager
def _quiet_easyofd() -> Iterator[None]:
    """easyofd logs every part it parses (loguru and logging) and imports PyMuPDF by its old
    name ``fitz`` (a FutureWarning): silenced while it runs, as tests only want its data."""
    from loguru import logger

    logger.disable("easyofd")
    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            yield
    finally:
        logging.disable(logging.NOTSET)
        logger.enable("easyofd")


@dataclass(frozen=True)
class ReaderPage:
    glyphs: list[Glyph]
    rules: list[tuple[float, float, float, float]]  # x0, y (the line's middle), length, width
    images: list[tuple[float, float, float, float]]  # x, y, width, height


def easyofd_pages(path: Path) -> list[ReaderPage]:
    """The pages of ``path`` as easyofd reads them: glyphs placed by easyofd's own rule
    (``DrawPDF.cmp_offset``, the one it draws with), rules and images by their boxes."""
    return _easyofd_pages(path, path.stat().st_mtime_ns)


@cache
def _easyofd_pages(path: Path, _mtime: int) -> list[ReaderPage]:
    with _quiet_easyofd():
        from easyofd.draw.draw_pdf import DrawPDF
        from easyofd.ofd import OFD

        reader = OFD()
        reader.read(path.read_bytes(), fmt="binary")
    doc = reader.data[0]
    placer = DrawPDF(reader.data)
    pages: list[ReaderPage] = []
    for _key, page in sorted(doc["page_info"].items(), key=lambda kv: int(kv[0])):
        glyphs: list[Glyph] = []
        for t in page["text_list"]:
            xs = placer.cmp_offset(t["pos"][0], t["X"], t["DeltaX"], t["text"], {}, "X")
            ys = placer.cmp_offset(t["pos"][1], t["Y"], t["DeltaY"], t["text"], {}, "Y")
            glyphs.extend(Glyph(c, x, y) for c, x, y in zip(t["text"], xs, ys, strict=False))
        rules = []
        for r in page["line_list"]:  # "M x0 y0 L x1 y1" inside the path's box
            _m, x0, y0, _l, x1, _y1 = r["AbbreviatedData"].split()
            left, top = float(r["pos"][0]), float(r["pos"][1])
            rules.append(
                (left + float(x0), top + float(y0), float(x1) - float(x0), float(r["LineWidth"]))
            )
        images = [tuple(float(v) for v in i["pos"]) for i in page["img_list"]]
        pages.append(ReaderPage(glyphs, rules, images))  # type: ignore[arg-type]
    return pages


def easyofd_drawing(path: Path, font: Path) -> bytes:
    """easyofd's drawing of ``path``: a PDF it makes with reportlab, every character in the
    face it asks for by the name 宋体 (registered here from ``font``)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "宋体" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("宋体", str(font), subfontIndex=0))
    with _quiet_easyofd():
        from easyofd.ofd import OFD

        reader = OFD()
        reader.read(path.read_bytes(), fmt="binary")
        return reader.to_pdf()


def grey_page(pdf: bytes, index: int = 0, width: int = 600):
    """Page ``index`` of ``pdf`` rendered in grey, ``width`` pixels wide (a numpy array)."""
    import numpy as np
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        page = doc[index]
        zoom = width / page.rect.width
        pix = page.get_pixmap(
            matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY, alpha=False
        )
        return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)


def similarity(a, b, block: int = 6) -> float:
    """How alike two grey renderings of a page are: the correlation (Pearson) of their ink
    coverage in ``block``×``block`` pixel cells (1: the same ink in the same places; robust to
    anti-aliasing and to a different face of the same size, not to text moved by a cell)."""
    import numpy as np

    h = min(a.shape[0], b.shape[0]) // block * block
    w = min(a.shape[1], b.shape[1]) // block * block

    def cells(img):
        ink = 1 - img[:h, :w].astype(float) / 255
        return ink.reshape(h // block, block, w // block, block).mean(axis=(1, 3)).ravel()

    return float(np.corrcoef(cells(a), cells(b))[0, 1])


def pdf_pages(path: Path) -> list[ReaderPage]:
    """The pages of a PDF as pymupdf reads them, in millimetres from the top-left corner."""
    import pymupdf

    pages: list[ReaderPage] = []
    with pymupdf.open(path) as doc:
        for page in doc:
            glyphs: list[Glyph] = []
            raw = page.get_text("rawdict")
            for block in raw["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        for ch in span["chars"]:
                            ox, oy = ch["origin"]
                            glyphs.append(Glyph(ch["c"], ox * MM_PER_PT, oy * MM_PER_PT))
            rules = []
            for d in page.get_drawings():
                for op in d["items"]:
                    if op[0] == "l":
                        p, q = op[1], op[2]
                        rules.append((p.x, p.y, q.x, q.y, d["width"]))
            images = [tuple(v * MM_PER_PT for v in info["bbox"]) for info in page.get_image_info()]
            pages.append(
                ReaderPage(
                    glyphs,
                    [(x0 * MM_PER_PT, y0 * MM_PER_PT, (x1 - x0) * MM_PER_PT, w * MM_PER_PT)
                     for x0, y0, x1, _y1, w in rules],
                    [(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in images],
                )
            )
    return pages


def page_text(page: ReaderPage) -> str:
    """The page's characters in reading order, whitespace dropped."""
    return "".join(g.char for g in lines_in_order(page.glyphs))

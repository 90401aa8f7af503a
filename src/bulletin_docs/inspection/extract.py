"""A PDF into measured pages: glyphs on their baselines, lines, drawn rules, images, fonts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BulletinError

#: Glyphs whose baselines differ by less than this (pt) share a line.
BASELINE_JOIN_PT = 1.0
#: A drawn path thinner than this (pt) and wider than tall counts as a horizontal rule.
RULE_MAX_THICKNESS_PT = 4.0
#: The same character drawn again closer than this (pt) is one glyph drawn twice (fake bold).
OVERPRINT_PT = 1.0
_SUBSET = re.compile(r"^[A-Z]{6}\+")


def font_base(name: str) -> str:
    """A PDF font name without its subset prefix (``ABCDEF+UMingCN`` → ``UMingCN``)."""
    return _SUBSET.sub("", name or "")


def rgb_hex(color: tuple[float, ...] | None) -> str:
    """A PDF colour (gray, RGB or CMYK components 0–1) as RRGGBB."""
    if not color:
        return "000000"
    if len(color) == 1:
        r = g = b = color[0]
    elif len(color) == 4:
        c, m, y, k = color
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        r, g, b = color[:3]
    return "".join(f"{round(max(0.0, min(1.0, v)) * 255):02X}" for v in (r, g, b))


@dataclass(frozen=True)
class Glyph:
    """One drawn character: origin on the baseline (x, y from the page top, pt)."""

    char: str
    x: float
    y: float
    right: float  # origin + advance
    size: float
    font: str
    color: str
    glyph_id: int


@dataclass
class Line:
    """Glyphs sharing one baseline on one page, left to right."""

    page: int  # 1-based
    baseline: float
    glyphs: list[Glyph]
    is_body: bool = False

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def left(self) -> float:
        return self.glyphs[0].x

    @property
    def right(self) -> float:
        return self.glyphs[-1].right

    @property
    def size(self) -> float:
        """The most common glyph size on the line."""
        return _mode([round(g.size, 1) for g in self.glyphs if not g.char.isspace()] or [0.0])

    @property
    def font(self) -> str:
        return _mode([g.font for g in self.glyphs if not g.char.isspace()] or [""])

    @property
    def visible(self) -> list[Glyph]:
        return [g for g in self.glyphs if not g.char.isspace()]


@dataclass(frozen=True)
class Rule:
    """A horizontal drawn rule: left, right, centre y (from the top), thickness, colour."""

    page: int
    x0: float
    x1: float
    y: float
    thickness: float
    color: str

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class FontInfo:
    name: str
    kind: str
    embedded: bool


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass
class Document:
    path: Path
    pages: list[Page]
    fonts: list[FontInfo]


def _mode(values: list):
    counts: dict = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts, key=counts.get)


def _glyphs(page) -> list[Glyph]:
    out: list[Glyph] = []
    for span in page.get_texttrace():
        if span.get("type") == 3 or span.get("dir", (1, 0)) != (1.0, 0.0):
            continue  # invisible text (OCR layers) and rotated text are not measured
        font = font_base(span.get("font", ""))
        color = rgb_hex(span.get("color"))
        size = float(span.get("size", 0.0))
        for code, gid, origin, bbox in span["chars"]:
            out.append(
                Glyph(chr(code) if code >= 0 else "\ufffd", float(origin[0]), float(origin[1]),
                      float(bbox[2]), size, font, color, int(gid))
            )
    return out


def group_lines(number: int, glyphs: list[Glyph]) -> list[Line]:
    """Glyphs into lines by baseline (from the text matrix, not glyph bottoms), top to bottom."""
    lines: list[Line] = []
    for g in sorted(glyphs, key=lambda g: (g.y, g.x)):
        if lines and abs(lines[-1].baseline - g.y) < BASELINE_JOIN_PT:
            lines[-1].glyphs.append(g)
        else:
            lines.append(Line(number, g.y, [g]))
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x)
        line.glyphs = _drop_overprint(line.glyphs)
        line.baseline = _mode([round(g.y, 2) for g in line.glyphs])
    return [ln for ln in lines if ln.visible]


def _drop_overprint(glyphs: list[Glyph]) -> list[Glyph]:
    """One glyph where a renderer draws it twice in place (LibreOffice's synthetic bold)."""
    out: list[Glyph] = []
    for g in glyphs:
        if out and out[-1].char == g.char and abs(out[-1].x - g.x) < OVERPRINT_PT:
            continue
        out.append(g)
    return out


def _rules(number: int, page) -> list[Rule]:
    rules: list[Rule] = []
    for d in page.get_drawings():
        stroke = d.get("color")
        fill = d.get("fill")
        width = d.get("width") or 0.0
        for item in d.get("items", ()):
            kind = item[0]
            if kind == "l" and stroke is not None:
                p, q = item[1], item[2]
                if abs(p.y - q.y) < 0.01 and abs(p.x - q.x) > width:
                    rules.append(Rule(number, min(p.x, q.x), max(p.x, q.x), p.y, width,
                                      rgb_hex(stroke)))
            elif kind == "re":
                r = item[1]
                if r.height <= RULE_MAX_THICKNESS_PT and r.width > 4 * max(r.height, 0.1):
                    if fill is not None and "f" in d.get("type", ""):
                        rules.append(Rule(number, r.x0, r.x1, (r.y0 + r.y1) / 2,
                                          r.height, rgb_hex(fill)))
                    elif stroke is not None:
                        rules.append(Rule(number, r.x0 - width / 2, r.x1 + width / 2,
                                          (r.y0 + r.y1) / 2, r.height + width, rgb_hex(stroke)))
    return merge_rules(rules)


def merge_rules(rules: list[Rule]) -> list[Rule]:
    """Join collinear pieces (table borders are drawn cell by cell) into whole rules."""
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: (round(r.y, 1), r.color, r.x0)):
        last = out[-1] if out else None
        if (
            last is not None
            and abs(last.y - r.y) < 0.3
            and last.color == r.color
            and abs(last.thickness - r.thickness) < 0.05
            and r.x0 <= last.x1 + 1.0
        ):
            out[-1] = Rule(last.page, last.x0, max(last.x1, r.x1), last.y,
                           max(last.thickness, r.thickness), last.color)
        else:
            out.append(r)
    return sorted(out, key=lambda r: r.y)


def read_pdf(path: Path) -> Document:
    """Measure every page of the PDF at ``path`` (PyMuPDF; nothing from our renderers)."""
    import pymupdf

    try:
        doc = pymupdf.open(path)
    except Exception as exc:  # pymupdf raises its own FileDataError, RuntimeError…
        raise BulletinError(f"无法读取 PDF：{path}（{exc}）", file=path) from None
    try:
        if not doc.is_pdf:
            raise BulletinError(f"不是 PDF 文件：{path}", file=path)
        pages: list[Page] = []
        fonts: dict[str, FontInfo] = {}
        for i, page in enumerate(doc, start=1):
            rect = page.rect
            pg = Page(i, float(rect.width), float(rect.height))
            pg.lines = group_lines(i, _glyphs(page))
            pg.rules = _rules(i, page)
            pg.images = [tuple(info["bbox"]) for info in page.get_image_info()]
            pages.append(pg)
            for _xref, ext, kind, basefont, _name, _enc, *_ in page.get_fonts(full=True):
                base = font_base(basefont)
                embedded = ext not in ("n/a", "")
                prev = fonts.get(base)
                fonts[base] = FontInfo(base, kind, embedded and (prev is None or prev.embedded))
        return Document(path, pages, sorted(fonts.values(), key=lambda f: f.name))
    finally:
        doc.close()

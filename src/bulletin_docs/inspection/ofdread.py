"""An OFD file (GB/T 33190-2016) into a measured Document: its XML parts read with lxml, its
embedded fonts with fontTools (nothing from our renderers), lengths turned into points."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ..chars import em_width
from ..errors import BulletinError
from .extract import Document, FontInfo, Glyph, Page, Rule, group_lines, merge_rules

_NS = "{http://www.ofdspec.org/2016}"
PT_PER_MM = 72 / 25.4
#: OFD's default line width (mm), when a path does not give one.
_LINE_WIDTH_MM = 0.353


@dataclass(frozen=True)
class _Font:
    name: str
    embedded: bool
    cmap: dict[int, int]  # code point → glyph id (empty when not embedded)
    advances: dict[int, float]  # code point → advance in ems


def _numbers(text: str | None) -> list[float]:
    return [float(v) for v in (text or "").split()]


def _deltas(text: str | None) -> list[float]:
    """An ST_Array of DeltaX, with OFD's ``g N d`` (N times d) shorthand expanded."""
    parts = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(parts):
        if parts[i] == "g":
            out += [float(parts[i + 2])] * int(parts[i + 1])
            i += 3
        else:
            out.append(float(parts[i]))
            i += 1
    return out


def _colour(elem: Any) -> str:
    """A CT_Color's RGB value as RRGGBB (black when absent)."""
    values = _numbers(elem.get("Value")) if elem is not None else []
    if len(values) == 1:
        values *= 3
    if len(values) != 3:
        return "000000"
    return "".join(f"{round(max(0.0, min(255.0, v))):02X}" for v in values)


class _Package:
    def __init__(self, path: Path, zf: zipfile.ZipFile) -> None:
        self.path, self.zf = path, zf

    def xml(self, name: str) -> Any:
        try:
            return etree.fromstring(self.zf.read(name))
        except KeyError:
            raise BulletinError(f"OFD 包中缺少 {name}：{self.path}", file=self.path) from None

    def font(self, elem: Any, base: str) -> _Font:
        from fontTools.ttLib import TTFont

        name = elem.get("FontName", "")
        loc = elem.findtext(f"{_NS}FontFile")
        if not loc:
            return _Font(name, False, {}, {})
        with TTFont(io.BytesIO(self.zf.read(_join(base, loc.strip())))) as face:
            cmap = face.getBestCmap() or {}
            order = {g: i for i, g in enumerate(face.getGlyphOrder())}
            per_em = face["head"].unitsPerEm
            metrics = face["hmtx"].metrics
            return _Font(
                name,
                True,
                {c: order[g] for c, g in cmap.items()},
                {c: metrics[g][0] / per_em for c, g in cmap.items()},
            )


def _join(base: str, loc: str) -> str:
    """``loc`` inside the package: absolute (leading /) or relative to ``base``."""
    return loc.lstrip("/") if loc.startswith("/") else posixpath.normpath(posixpath.join(base, loc))


def read_ofd(path: Path) -> Document:
    """Measure every page of the OFD at ``path``: glyphs, rules, images, fonts, page sizes."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            return _read(_Package(path, zf))
    except zipfile.BadZipFile:
        raise BulletinError(f"不是 OFD 文件（不是 ZIP 包）：{path}", file=path) from None
    except OSError as exc:
        raise BulletinError(f"无法读取 OFD：{path}（{exc.strerror or exc}）", file=path) from None
    except (etree.XMLSyntaxError, ValueError, IndexError) as exc:
        raise BulletinError(f"无法读取 OFD：{path}（{exc}）", file=path) from None


def _read(pkg: _Package) -> Document:
    root = pkg.xml("OFD.xml")
    doc_root = (root.findtext(f".//{_NS}DocRoot") or "").strip().lstrip("/")
    if not doc_root:
        raise BulletinError(f"OFD.xml 没有 DocRoot：{pkg.path}", file=pkg.path)
    doc_dir = posixpath.dirname(doc_root)
    document = pkg.xml(doc_root)
    common = document.find(f"{_NS}CommonData")
    default_box = _numbers(common.findtext(f"{_NS}PageArea/{_NS}PhysicalBox"))
    fonts: dict[str, _Font] = {}
    for tag in ("PublicRes", "DocumentRes"):
        for loc in common.findall(f"{_NS}{tag}"):
            res_name = _join(doc_dir, (loc.text or "").strip())
            res = pkg.xml(res_name)
            base = _join(posixpath.dirname(res_name), res.get("BaseLoc", ""))
            for f in res.iter(f"{_NS}Font"):
                fonts[f.get("ID", "")] = pkg.font(f, base)
    pages: list[Page] = []
    for number, entry in enumerate(document.iter(f"{_NS}Page"), start=1):
        content_name = _join(doc_dir, entry.get("BaseLoc", ""))
        content = pkg.xml(content_name)
        box = _numbers(content.findtext(f"{_NS}Area/{_NS}PhysicalBox")) or default_box
        page = Page(number, box[2] * PT_PER_MM, box[3] * PT_PER_MM)
        glyphs: list[Glyph] = []
        rules: list[Rule] = []
        for obj in content.iter(f"{_NS}TextObject", f"{_NS}PathObject", f"{_NS}ImageObject"):
            kind = etree.QName(obj).localname
            if kind == "TextObject":
                glyphs += _glyphs(obj, fonts)
            elif kind == "PathObject":
                rules += _rules(obj, number)
            elif kind == "ImageObject":
                x, y, w, h = (v * PT_PER_MM for v in _numbers(obj.get("Boundary")))
                page.images.append((x, y, x + w, y + h))
        page.lines = group_lines(number, glyphs)
        page.rules = merge_rules(rules)
        pages.append(page)
    found = {f.name: FontInfo(f.name, "TrueType" if f.embedded else "", f.embedded)
             for f in fonts.values()}
    return Document(pkg.path, pages, sorted(found.values(), key=lambda f: f.name))


def _glyphs(obj: Any, fonts: dict[str, _Font]) -> list[Glyph]:
    left, top = _numbers(obj.get("Boundary"))[:2]
    font = fonts.get(obj.get("Font", ""), _Font("", False, {}, {}))
    size = float(obj.get("Size", "0"))
    colour = _colour(obj.find(f"{_NS}FillColor"))
    out: list[Glyph] = []
    x = y = 0.0
    for code in obj.iter(f"{_NS}TextCode"):
        x = float(code.get("X", x))
        y = float(code.get("Y", y))
        deltas = _deltas(code.get("DeltaX"))
        for i, ch in enumerate(code.text or ""):
            em = font.advances.get(ord(ch)) if font.embedded else None
            advance = size * (em if em is not None else em_width(ch))
            gx = (left + x) * PT_PER_MM
            glyph_id = font.cmap.get(ord(ch), 0) if font.embedded else None
            out.append(Glyph(ch, gx, (top + y) * PT_PER_MM, gx + advance * PT_PER_MM,
                             size * PT_PER_MM, font.name, colour, glyph_id))
            x += deltas[i] if i < len(deltas) else advance
    return out


_PATH = re.compile(r"([MLBQACSZ])\s*([-0-9.eE\s]*)")


def _rules(obj: Any, number: int) -> list[Rule]:
    """The horizontal segments of a stroked path (OFD's abbreviated path data: M and L)."""
    if obj.get("Stroke", "true") == "false":
        return []
    left, top = _numbers(obj.get("Boundary"))[:2]
    width = float(obj.get("LineWidth", _LINE_WIDTH_MM)) * PT_PER_MM
    colour = _colour(obj.find(f"{_NS}StrokeColor"))
    out: list[Rule] = []
    at: tuple[float, float] | None = None
    for op, args in _PATH.findall(obj.findtext(f"{_NS}AbbreviatedData") or ""):
        values = _numbers(args)
        if op in "ML" and len(values) >= 2:
            point = ((left + values[0]) * PT_PER_MM, (top + values[1]) * PT_PER_MM)
            if op == "L" and at is not None and abs(at[1] - point[1]) < 0.01:
                x0, x1 = sorted((at[0], point[0]))
                if x1 - x0 > width:
                    out.append(Rule(number, x0, x1, point[1], width, colour))
            at = point
        else:
            at = None
    return out

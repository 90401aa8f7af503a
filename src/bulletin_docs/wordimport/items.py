"""A python-docx Document into the items the recogniser reads: paragraphs and tables in order,
each paragraph with its text, bold runs, style, size, colour, alignment, border and pictures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_V = "{urn:schemas-microsoft-com:vml}"
_WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
#: A paragraph's own runs: direct, in links, tracked insertions, smart tags, simple fields
#: and content controls; not those of a text box's paragraphs (they are noted apart).
_RUNS = (
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"
    " | ./w:sdt/w:sdtContent/w:r"
)
#: The body's paragraphs and tables, also those inside a content control.
_BLOCKS = "./w:p | ./w:tbl | ./w:sdt/w:sdtContent/w:p | ./w:sdt/w:sdtContent/w:tbl"


@dataclass(frozen=True)
class Picture:
    """A picture's original bytes and its file suffix (.jpg, .png…)."""

    data: bytes
    suffix: str


@dataclass
class Para:
    """One paragraph: ``number`` counts paragraphs of the body from 1 (for the notes)."""

    number: int
    spans: list[tuple[str, bool]]
    style: str
    centered: bool
    size: float | None
    red: bool
    bold: bool
    border: bool
    pictures: list[Picture] = field(default_factory=list)
    line: bool = False
    boxes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.spans)


@dataclass
class Tbl:
    """A table: its rows of cells, each cell its paragraphs; ``number`` its first paragraph's."""

    number: int
    rows: list[list[list[Para]]]

    def cell_texts(self) -> list[list[str]]:
        return [["\n".join(p.text for p in cell).strip() for cell in row] for row in self.rows]


Item = Para | Tbl


def _style_chain(style: Any) -> list[Any]:
    chain: list[Any] = []
    while style is not None and len(chain) < 10:
        chain.append(style)
        style = style.base_style
    return chain


def _style_size(style: Any) -> float | None:
    for s in _style_chain(style):
        if s.font is not None and s.font.size is not None:
            return float(s.font.size.pt)
    return None


def _style_flag(style: Any, attr: str) -> bool:
    for s in _style_chain(style):
        value = getattr(s.font, attr, None) if s.font is not None else None
        if value is not None:
            return bool(value)
    return False


def _is_red(rgb: str | None) -> bool:
    if not rgb or len(rgb) != 6 or rgb == "auto":
        return False
    try:
        r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r >= 0xB0 and g <= 0x60 and b <= 0x60


def _style_red(style: Any) -> bool:
    for s in _style_chain(style):
        color = s.element.find(f"{W}rPr/{W}color")
        if color is not None:
            return _is_red(color.get(f"{W}val"))
    return False


def _centered(p: Any) -> bool:
    jc = p._p.find(f"{W}pPr/{W}jc")
    style = p.style
    while jc is None and style is not None:
        jc = style.element.find(f"{W}pPr/{W}jc")
        style = style.base_style
    value = jc.get(f"{W}val") if jc is not None else None
    return value == "center"


def _border(p: Any) -> bool:
    return p._p.find(f"{W}pPr/{W}pBdr") is not None


class Reader:
    """Walks the body once; numbers paragraphs; reads pictures from the document's parts."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.part = document.part
        self.count = 0

    def items(self) -> list[Item]:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        out: list[Item] = []
        for el in self.document.element.body.xpath(_BLOCKS):
            if el.tag == f"{W}p":
                out.append(self.para(Paragraph(el, self.document)))
            elif el.tag == f"{W}tbl":
                out.append(self.table(Table(el, self.document)))
        return out

    def table(self, table: Any) -> Tbl:
        number = self.count + 1
        rows: list[list[list[Para]]] = []
        for tr in table._tbl.tr_lst:
            row = []
            for tc in tr.tc_lst:
                from docx.table import _Cell

                cell = _Cell(tc, table)
                row.append([self.para(p) for p in cell.paragraphs])
            rows.append(row)
        return Tbl(number, rows)

    def para(self, p: Any) -> Para:
        self.count += 1
        spans: list[tuple[str, bool]] = []
        sizes: list[float] = []
        reds: list[bool] = []
        bolds: list[bool] = []
        style_bold = _style_flag(p.style, "bold")
        style_red = _style_red(p.style)
        pictures: list[Picture] = []
        boxes: list[str] = []
        line = False
        for r in p._p.xpath(_RUNS):
            rpr = r.find(f"{W}rPr")
            bold = style_bold
            size = None
            red = style_red
            if rpr is not None:
                b = rpr.find(f"{W}b")
                if b is not None:
                    bold = b.get(f"{W}val") not in ("0", "false", "off")
                sz = rpr.find(f"{W}sz")
                if sz is not None and (sz.get(f"{W}val") or "").isdigit():
                    size = int(sz.get(f"{W}val")) / 2
                color = rpr.find(f"{W}color")
                if color is not None:
                    red = _is_red(color.get(f"{W}val"))
            text = ""
            for child in r:
                tag = child.tag
                if tag == f"{W}t":
                    text += child.text or ""
                elif tag == f"{W}tab":
                    text += "\t"
            for blip in r.iter(f"{_A}blip"):
                picture = self.picture(blip.get(f"{_R}embed"))
                if picture is not None:
                    pictures.append(picture)
            for box in r.iter(f"{W}txbxContent"):
                words = "".join(t.text or "" for t in box.iter(f"{W}t")).strip()
                if words:
                    boxes.append(words)
            if r.find(f".//{_V}line") is not None or (
                r.find(f".//{_WPS}wsp") is not None and r.find(f".//{W}txbxContent") is None
            ):
                line = True
            if text:
                spans.append((text, bold))
                if text.strip():
                    sizes.append(size if size is not None else (_style_size(p.style) or 0.0))
                    reds.append(red)
                    bolds.append(bold)
        centered = _centered(p)
        return Para(
            number=self.count,
            spans=spans,
            style=p.style.name if p.style is not None else "",
            centered=centered,
            size=max(sizes) if sizes else _style_size(p.style),
            red=bool(reds) and all(reds),
            bold=bool(bolds) and all(bolds),
            border=_border(p),
            pictures=pictures,
            line=line,
            boxes=boxes,
        )

    def picture(self, rid: str | None) -> Picture | None:
        if not rid or rid not in self.part.rels:
            return None
        rel = self.part.rels[rid]
        if rel.is_external:
            return None
        target = rel.target_part
        name = str(target.partname)
        suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ".bin"
        if suffix == ".jpeg":
            suffix = ".jpg"
        return Picture(target.blob, suffix)

"""A Bulletin into the docxtpl context: literal texts, paragraph runs, photo rows, 报尾 rows."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ..captions import caption_lines
from ..chars import em_width
from ..copies import copies_fit
from ..layout import EMU_PER_PT, TWIPS_PER_PT, LayoutProfile
from ..model import Article, Block, Bulletin, Heading, Paragraph, Photo, Section, Span, Table
from ..photos import prepare_photo
from . import styles as st
from .blocks import BlockXml, heading_xml, photo_xml, table_xml
from .escape import xml_text
from .ooxml import half_points, pt_twips

#: The top-level variables the shipped template (and any custom one) may use.
KNOWN_VARIABLES: frozenset[str] = frozenset(
    {"masthead", "contents", "preface", "sections", "distribution", "copies", "copies_text"}
)


class Text(str):
    """A clerk's value: a plain ``str`` in the template, printed literally (:func:`xml_text`)."""

    __slots__ = ()

    def __html__(self) -> str:
        return xml_text(str(self))


class Caption(Text):
    """A photo caption (``{{ row[0].caption }}``): a widowed one split into lines by w:br.

    The break goes inside the template's run (the run is closed and reopened around it),
    so a caption that needs none prints exactly as a plain value does.
    """

    lines: tuple[str, ...]

    def __new__(cls, caption: str, profile: LayoutProfile) -> Caption:
        self = super().__new__(cls, caption)
        width, size = profile.photo_column_width_pt, profile.caption_style.size_pt
        self.lines = caption_lines(caption, width, size)
        return self

    def __html__(self) -> str:
        lines = self.lines
        return '</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space="preserve">'.join(
            xml_text(line) for line in lines
        )


def _text(value: str | None) -> Text:
    return Text(value if value is not None else "")


class Runs:
    """Runs of a paragraph (``{{r para.runs }}``): one w:r per span, bold spans bold."""

    def __init__(self, spans: Sequence[tuple[str, bool]], size_pt: float | None = None) -> None:
        self.spans = tuple(spans)
        self.size_pt = size_pt

    def xml(self) -> str:
        out = []
        for text, bold in self.spans:
            props = ""
            if bold:
                props += "<w:b/><w:bCs/>"
            if self.size_pt is not None:
                hp = half_points(self.size_pt)
                props += f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>'
            rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
            out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>')
        return "".join(out)

    __html__ = xml

    def __str__(self) -> str:
        return self.xml()

    def __bool__(self) -> bool:
        return any(t for t, _ in self.spans)


class ParagraphXml:
    """A whole w:p (``{{p row.paragraph }}``): a 报尾 row, its hanging indent set by its label."""

    def __init__(self, xml: str) -> None:
        self._xml = xml

    def __html__(self) -> str:
        return self._xml

    def __str__(self) -> str:
        return self._xml


def _paragraph(p: Paragraph) -> dict[str, Any]:
    return {
        "text": _text(p.text),
        "spans": [{"text": _text(s.text), "bold": s.bold} for s in p.spans],
        "runs": Runs([(s.text, s.bold) for s in p.spans]),
    }


def _block(block: Block, tpl: Any, profile: LayoutProfile) -> dict[str, Any]:
    """A body block: a paragraph's runs; a heading, table or photos also as a whole ``xml``.

    ``xml`` is empty for a plain paragraph. A template from before format 1.1 prints
    ``runs`` only: a heading's text in the body face, a table's cells and captions as text.
    """
    if isinstance(block, Paragraph):
        return {**_paragraph(block), "xml": ""}
    spans = block.spans if isinstance(block, Heading) else (Span(block.text),)
    out = _paragraph(Paragraph(spans))
    if isinstance(block, Heading):
        xml = BlockXml(lambda: heading_xml(block, profile))
    elif isinstance(block, Table):
        xml = BlockXml(lambda: table_xml(block, profile))
    else:
        xml = BlockXml(lambda: photo_xml(block, tpl, profile))
    return {**out, "xml": xml}


def _photo_rows(photos: Sequence[Photo], tpl: Any, profile: LayoutProfile) -> list[list[dict]]:
    from docx.shared import Emu
    from docxtpl import InlineImage

    n = profile.photos_per_row
    cells: list[dict[str, Any]] = []
    for photo in photos:
        prepared = prepare_photo(photo.source, photo.position, profile)
        image = InlineImage(
            tpl,
            io.BytesIO(prepared.data),
            width=Emu(round(prepared.width_pt * EMU_PER_PT)),
            height=Emu(round(prepared.height_pt * EMU_PER_PT)),
        )
        cells.append({"image": image, "caption": Caption(photo.caption, profile)})
    rows = [cells[i : i + n] for i in range(0, len(cells), n)]
    for row in rows:
        row.extend({"image": "", "caption": _text("")} for _ in range(n - len(row)))
    return rows


def _article(a: Article, tpl: Any, profile: LayoutProfile) -> dict[str, Any]:
    return {
        "title": _text(a.title),
        "contents_title": _text(a.contents_line),
        "unit": _text(a.unit),
        "authors": [_text(x) for x in a.authors],
        "byline": _text(a.byline),
        "note": [_paragraph(p) for p in a.note],
        "body": [_block(b, tpl, profile) for b in a.body],
        "photo_rows": _photo_rows(a.photos, tpl, profile),
    }


def _section(s: Section, tpl: Any, profile: LayoutProfile) -> dict[str, Any]:
    return {
        "title": _text(s.title),
        "label": _text(s.label),
        "articles": [_article(a, tpl, profile) for a in s.articles],
        "photo_rows": _photo_rows(s.photos, tpl, profile),
    }


def distribution_paragraph(
    label: str, to: str, copies_text: str | None, profile: LayoutProfile
) -> str:
    """A 报尾 row: wrapped lines hang after "label：", copies flush right (tab) on the last row."""
    char = st.row_char_twips(profile)
    side = char * profile.footer_indent_chars
    hanging = round(em_width(f"{label}：") * char)
    text = f"{label}：{to}"
    runs = f'<w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'
    if copies_text:
        # The copies go flush right on the row's last line, or on a line of their own when
        # they would not fit after the text (a CJK line may break inside "（共印60份）");
        # the text's lines are estimated in ems (Word and LibreOffice break them).
        size = profile.footer_style.size_pt
        first = (profile.type_width_pt - 2 * side / TWIPS_PER_PT) / size
        rest = first - hanging / TWIPS_PER_PT / size
        width = em_width(text)
        used = width if width <= first else (width - first) % rest or rest
        room = first if width <= first else rest
        fits = copies_fit(used * size, em_width(copies_text) * size, room * size, size)
        brk = "" if fits else "<w:br/>"
        runs += (
            f"<w:r>{brk}<w:tab/></w:r>"
            f'<w:r><w:t xml:space="preserve">{xml_text(copies_text)}</w:t></w:r>'
        )
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{st.DISTRIBUTION}"/>'
        f'<w:ind w:left="{side + hanging}" w:right="{side}" w:hanging="{hanging}"/></w:pPr>'
        f"{runs}</w:p>"
    )


def build_context(bulletin: Bulletin, tpl: Any, profile: LayoutProfile) -> dict[str, Any]:
    """Every variable the template receives (docs/template-variables.md lists them)."""
    m = bulletin.masthead
    title_pt = profile.title_size_pt_for(m.title)
    rows = bulletin.distribution
    distribution = []
    for i, row in enumerate(rows):
        last = i == len(rows) - 1
        distribution.append(
            {
                "label": _text(row.label),
                "to": _text(row.to),
                "text": _text(row.text),
                "paragraph": ParagraphXml(
                    distribution_paragraph(
                        row.label, row.to, bulletin.copies_text if last else None, profile
                    )
                ),
            }
        )
    return {
        "masthead": {
            "title": _text(m.title),
            "title_runs": Runs(
                [(m.title, False)],
                size_pt=None if title_pt >= profile.title_style.size_pt else title_pt,
            ),
            "title_size_pt": title_pt,
            "issue": _text(m.issue.text),
            "issuer": _text(m.issuer),
            "date": _text(m.date.text),
            "marking": _text(m.marking),
        },
        "contents": [
            {"label": _text(e.label), "lines": [_text(x) for x in e.lines]}
            for e in bulletin.contents_entries
        ],
        "preface": [_paragraph(p) for p in bulletin.preface],
        "sections": [_section(s, tpl, profile) for s in bulletin.sections],
        "distribution": distribution,
        "copies": bulletin.copies,
        "copies_text": _text(bulletin.copies_text),
    }


__all__ = ["KNOWN_VARIABLES", "Runs", "Text", "build_context", "pt_twips"]

"""Issues placed in the volume into the 合订本 .docx: cover and 目录 as static text, then each
issue's own .docx (rendered through the template) in an odd-page section, then the index.

The issues share the template's styles, footers and settings, so joining them is copying
their bodies and their pictures; docxcompose is not used: importing it (docxtpl does, when
it is installed) rewrites python-docx's core properties, which would change every .docx.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from copy import deepcopy
from typing import TYPE_CHECKING

from ..layout import LayoutProfile
from .book import VolumePlan
from .frontmatter import CONTENTS_HEADING, INDEX_HEADING, Entry

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

PathLike = str | os.PathLike[str]

#: The template's paragraph styles the volume's own pages are set in (docx/styles.py names).
_TITLE, _ISSUE, _ISSUER = "简报名称", "简报期号", "简报编印单位"
_HEADING, _GROUP, _LINE = "简报标题", "简报要目栏目", "简报要目条目"


def volume_docx(
    plan: VolumePlan,
    profile: LayoutProfile,
    *,
    template: PathLike | None = None,
    progress: Callable[[str], None] | None = None,
) -> bytes:
    """The volume as one .docx, in the order and with the page numbers of ``plan``.

    Each issue is rendered through the template and appended one at a time; the 目录 and
    the index carry the PDF volume's page numbers as static text.
    """
    from docx import Document
    from docx.enum.section import WD_SECTION

    from ..api import to_docx_bytes as docx_bytes

    say = progress or (lambda _text: None)
    placed = plan.placed
    first = placed[0].issue.bulletin
    master = Document(io.BytesIO(docx_bytes(first, template, profile=profile)))
    body = master.element.body
    for child in list(body)[:-1]:  # keep the last section's properties: page, margins, footers
        body.remove(child)
    cover = plan.cover
    master.add_paragraph(cover.title, _TITLE)
    master.add_paragraph(f"{cover.years}合订本", _HEADING)
    master.add_paragraph(cover.numbers, _ISSUE)
    master.add_paragraph(cover.issuer, _ISSUER)
    master.add_section(WD_SECTION.ODD_PAGE)
    _listing(master, CONTENTS_HEADING, plan.contents, profile)
    for k, item in enumerate(placed, start=1):
        say(f"生成 .docx {k}/{len(placed)}：{item.issue.path}")
        master.add_section(WD_SECTION.ODD_PAGE)
        data = docx_bytes(item.issue.bulletin, template, profile=profile)
        _append(master, Document(io.BytesIO(data)))
    master.add_section(WD_SECTION.ODD_PAGE)
    _listing(master, INDEX_HEADING, plan.index, profile)
    _number_drawings(master)
    out = io.BytesIO()
    master.save(out)
    return out.getvalue()


def _listing(
    document: WordDocument, heading: str, entries: Sequence[Entry], profile: LayoutProfile
) -> None:
    """A heading, then each entry as a paragraph: a right tab before its page number."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt

    document.add_paragraph(heading, _HEADING)
    right = Pt(profile.type_width_pt)
    for entry in entries:
        text = "".join(piece.text for piece in entry.pieces)
        style = _GROUP if entry.page is None or entry.indent == 0 else _LINE
        para = document.add_paragraph(style=style)
        para.paragraph_format.left_indent = Pt(entry.indent * profile.char_pitch_pt)
        if entry.gap:
            para.paragraph_format.space_before = Pt(profile.line_pitch_pt)
        para.add_run(text)
        if entry.page is not None:
            para.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
            para.add_run(f"\t{entry.page}")


def _append(master: WordDocument, issue: WordDocument) -> None:
    """``issue``'s body (not its section properties) copied to the end of ``master``'s, its
    pictures added to ``master``'s package (each image once) and pointed at there."""
    from docx.oxml.ns import qn

    body = master.element.body
    last = body[-1]  # the last section's properties stay last
    for element in issue.element.body:
        if element.tag == qn("w:sectPr"):
            continue
        copy = deepcopy(element)
        for blip in copy.iter(qn("a:blip")):
            rid = blip.get(qn("r:embed"))
            if rid is not None:
                image = issue.part.related_parts[rid]
                new_rid, _ = master.part.get_or_add_image(io.BytesIO(image.blob))
                blip.set(qn("r:embed"), new_rid)
        last.addprevious(copy)


def _number_drawings(document: WordDocument) -> None:
    """Every picture's drawing id unique again (each issue numbered its own from 1)."""
    from docx.oxml.ns import qn

    for n, doc_pr in enumerate(document.element.body.iter(qn("wp:docPr")), start=1):
        doc_pr.set("id", str(n))

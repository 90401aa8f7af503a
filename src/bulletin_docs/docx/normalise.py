"""A template an office suite saved again into the layout the code owns, restyles kept.

Word, WPS and LibreOffice rewrite a template when an office saves it: styles get new ids
(``Style15``), table borders move from the table to each cell, table and paragraph
properties are dropped or rewritten, a floating table becomes a text frame, tags are split
over runs, settings are replaced. Before a template is rendered, this step puts back what
the layout profile owns (docs/template-variables.md lists it): the style ids and the
paragraph styles' layout properties, the settings Word's line breaking needs, the photo
tables' and the 报尾 table's properties, the 报尾's float, and the page setup. What an
office restyles (faces, colours, bold, the title's size, borders of a paragraph, static
text, headers) is kept. What a template states on purpose (the float removed, a column
widened) is kept too: ``template-check`` measures and names it.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

from lxml import etree

from ..layout import LayoutProfile
from . import styles as st
from .ooxml import NS_DECL, story_parts, w
from .template import (
    footer_float,
    footer_table_properties,
    page_setup,
    photo_table_properties,
    settings_xml,
)

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)

# fmt: off
#: Paragraph properties the layout owns, in schema order (CT_PPrBase); the rest (borders,
#: shading) stay as the office set them.
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
)
_PPR_OWNED = frozenset(
    {
        "keepNext", "keepLines", "pageBreakBefore", "widowControl", "tabs", "kinsoku", "wordWrap",
        "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "snapToGrid", "spacing",
        "ind", "jc", "textAlignment", "suppressAutoHyphens", "adjustRightInd",
    }
)
#: Run properties the layout owns (CT_RPr order): character spacing and kerning, and, for
#: the styles on the line grid (3号, 28 characters a line), the size.
_RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color",
    "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd",
    "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
    "rPrChange",
)
_RPR_OWNED = frozenset({"spacing", "w", "kern", "position"})
_RPR_GRID = frozenset({"sz", "szCs"})
#: Settings Word's line breaking and the odd/even page numbers need (CT_Settings order, up to
#: the last of them; a child not listed ranks after them).
_SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
    "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
    "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting",
    "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet",
    "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
    "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle", "defaultTableStyle",
    "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore",
)
_SETTINGS_OWNED = frozenset(
    {
        "defaultTabStop", "autoHyphenation", "evenAndOddHeaders", "characterSpacingControl",
        "noLineBreaksAfter", "noLineBreaksBefore",
    }
)
_STYLE_REFS = ("pStyle", "rStyle", "tblStyle", "basedOn", "next", "link")
#: A style's children in schema order (CT_Style).
_STYLE_ORDER = (
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
    "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
    "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
)
#: A section's children in schema order (CT_SectPr); the page is the profile's, the rest kept.
_SECT_ORDER = (
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
    "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
)
_SECT_OWNED = frozenset({"pgSz", "pgMar", "cols", "docGrid"})
_SECT_KEPT = frozenset({"headerReference", "footerReference", "titlePg", "pgNumType"})
# fmt: on
#: A tag of docxtpl's: ``{{ … }}`` or ``{% … %}``.
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_PHOTO_LOOP = re.compile(r"\{%tr\s+for\s+row\s+in\s+\S+\s*%\}")
_FOOTER_LOOP = re.compile(r"\{%tr\s+for\s+row\s+in\s+distribution\s*%\}")


def _local(el: Any) -> str:
    """An element's local name; "" for comments and processing instructions."""
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _fragment(xml: str) -> Any:
    """One element from a WordprocessingML fragment (the template's own XML)."""
    return etree.fromstring(f"<w:root {NS_DECL}>{xml}</w:root>", _PARSER)[0]


@functools.cache
def _rank(order: tuple[str, ...]) -> dict[str, int]:
    return {name: i for i, name in enumerate(order)}


def _put(parent: Any, child: Any, rank: dict[str, int]) -> None:
    """Insert ``child`` where the schema's order of ``parent``'s children wants it."""
    mine = rank.get(_local(child), len(rank))
    for i, c in enumerate(parent):
        if _local(c) and rank.get(_local(c), len(rank)) > mine:
            parent.insert(i, child)
            return
    parent.append(child)


def _replace_owned(
    target: Any, source: Any | None, owned: frozenset[str], order: tuple[str, ...]
) -> None:
    """``target``'s children named in ``owned`` replaced by ``source``'s, in schema order
    (children the order does not list, extensions, stay last in their order)."""
    rank = _rank(order)
    keyed: list[tuple[float, int, Any]] = []
    for i, c in enumerate(target):
        name = _local(c)
        if name not in owned:
            keyed.append((rank.get(name, len(rank) + i / 1e6), 0, c))
    if source is not None:
        keyed += [(rank[_local(c)], 1, copy.deepcopy(c)) for c in source if _local(c) in owned]
    keyed.sort(key=lambda k: (k[0], k[1]))
    target[:] = [c for _, _, c in keyed]


# --- styles ----------------------------------------------------------------------------


def _code_styles(profile: LayoutProfile) -> dict[str, Any]:
    root = etree.fromstring(st.styles_xml(profile), _PARSER)
    return {str(s.get(w("styleId"))): s for s in root.iter(w("style"))}


def _style_ids(styles: Any, code: dict[str, Any]) -> dict[str, str]:
    """Office ids of our styles (found by name) → our ids; our styles missing are added."""
    names = {
        s.find(w("name")).get(w("val")): sid
        for sid, s in code.items()
        if s.find(w("name")) is not None and sid.startswith("Bulletin")
    }
    taken = {s.get(w("styleId")) for s in styles.iter(w("style"))}
    renamed: dict[str, str] = {}
    for s in styles.iter(w("style")):
        name = s.find(w("name"))
        ours = names.get(name.get(w("val")) if name is not None else None)
        sid = s.get(w("styleId"))
        if ours and sid != ours and ours not in taken:
            renamed[sid] = ours
            s.set(w("styleId"), ours)
            taken.add(ours)
    missing = [sid for sid in names.values() if sid not in taken]
    while missing:  # with the styles they are based on (TableNormal)
        sid = missing.pop()
        if sid in taken or sid not in code:
            continue
        styles.append(copy.deepcopy(code[sid]))
        taken.add(sid)
        based = code[sid].find(w("basedOn"))
        if based is not None:
            missing.append(str(based.get(w("val"))))
    return renamed


def _rename_refs(root: Any, renamed: dict[str, str]) -> None:
    if not renamed:
        return
    for tag in _STYLE_REFS:
        for el in root.iter(w(tag)):
            val = el.get(w("val"))
            if val in renamed:
                el.set(w("val"), renamed[val])


def _restyle(styles: Any, code: dict[str, Any], profile: LayoutProfile) -> None:
    """Our paragraph styles' layout properties put back from the profile's."""
    grid = {ps.style_id for ps in st.paragraph_styles(profile) if ps.text.grid}
    for s in styles.iter(w("style")):
        sid = s.get(w("styleId"))
        mine = code.get(sid)
        if mine is None or not sid.startswith("Bulletin") or s.get(w("type")) != "paragraph":
            continue
        for tag, owned, order in (("pPr", _PPR_OWNED, _PPR_ORDER), ("rPr", _RPR_OWNED, _RPR_ORDER)):
            if tag == "rPr" and sid in grid:
                owned = owned | _RPR_GRID
            props = s.find(w(tag))
            if props is None:
                props = s.makeelement(w(tag), {})
                _put(s, props, _rank(_STYLE_ORDER))
            _replace_owned(props, mine.find(w(tag)), owned, order)


# --- body: tags, tables, section ---------------------------------------------------------


def _text_only(r: Any) -> bool:
    return all(_local(c) in ("rPr", "t", "lastRenderedPageBreak") for c in r)


def _run_text(r: Any) -> str:
    return "".join(t.text or "" for t in r.iter(w("t")))


def _join_tags(p: Any) -> None:
    """Runs a tag was split over (Word's rsids, proofErr, bookmarks) joined into the first."""
    while True:
        runs = [r for r in p if _local(r) == "r" and _text_only(r)]
        text = "".join(_run_text(r) for r in runs)
        if "{" not in text:
            return
        starts: list[int] = []
        at = 0
        for r in runs:
            starts.append(at)
            at += len(_run_text(r))
        split = None
        for m in _TAG.finditer(text):
            first = max(i for i, s in enumerate(starts) if s <= m.start())
            last = max(i for i, s in enumerate(starts) if s < m.end())
            if last > first:
                split = (first, last)
                break
        if split is None:
            return
        first, last = split
        head, tail = runs[first], runs[last]
        joined = "".join(_run_text(r) for r in runs[first : last + 1])
        for t in list(head):
            if _local(t) in ("t", "lastRenderedPageBreak"):
                head.remove(t)
        t = head.makeelement(w("t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        t.text = joined
        head.append(t)
        drop = False
        for c in list(p):
            if c is head:
                drop = True
                continue
            if drop:
                p.remove(c)
                if c is tail:
                    break


def _table_text(tbl: Any) -> str:
    return "".join(t.text or "" for t in tbl.iter(w("t")))


def _unframe(body: Any) -> None:
    """A table LibreOffice put in a text frame (mc:AlternateContent) taken out, before it."""
    for p in list(body.iter(w("p"))):
        for alt in list(p.iter(f"{{{_MC}}}AlternateContent")):
            tables = [t for t in alt.iter(w("tbl")) if _FOOTER_LOOP.search(_table_text(t))]
            if not tables:
                continue
            tbl = tables[0]
            tbl.getparent().remove(tbl)
            holder = alt.getparent()
            holder.remove(alt)
            if _local(holder) == "r" and not [c for c in holder if _local(c) != "rPr"]:
                holder.getparent().remove(holder)
            p.addprevious(tbl)
            tblpr = tbl.find(w("tblPr"))
            if tblpr is not None and tblpr.find(w("tblpPr")) is None:
                tblpr.insert(0, tblpr.makeelement(w("tblpPr"), {}))  # it floated: placed below


def _retable(tbl: Any, props: str, profile: LayoutProfile, footer: bool) -> None:
    """The table's properties from the profile; borders off the cells (they are the table's)."""
    old = tbl.find(w("tblPr"))
    new = _fragment(props)
    if footer:
        floats = old is not None and old.find(w("tblpPr")) is not None
        if not floats:  # a template without the float keeps it so (template-check names it)
            new.remove(new.find(w("tblpPr")))
            new.remove(new.find(w("tblOverlap")))
        else:
            new.replace(new.find(w("tblpPr")), _fragment(footer_float(profile)))
    else:  # the columns are the template's: the table is as wide as they are
        widths = [
            int(c.get(w("w"), "0")) for c in tbl.iter(w("gridCol")) if c.get(w("w"), "").isdigit()
        ]
        if widths:
            new.find(w("tblW")).set(w("w"), str(sum(widths)))
    if old is not None:
        tbl.replace(old, new)
    else:
        tbl.insert(0, new)
    for tcpr in tbl.iter(w("tcPr")):
        for b in tcpr.findall(w("tcBorders")):
            tcpr.remove(b)


def _tables(body: Any, profile: LayoutProfile) -> None:
    for tbl in body.iter(w("tbl")):
        text = _table_text(tbl)
        if _FOOTER_LOOP.search(text):
            _retable(tbl, footer_table_properties(profile), profile, footer=True)
        elif _PHOTO_LOOP.search(text) and ".image" in text:
            _retable(tbl, photo_table_properties(profile), profile, footer=False)


def _section(body: Any, profile: LayoutProfile) -> None:
    """The last section's page from the profile; its header and footer references, page
    numbering and title page kept."""
    sect = body.find(w("sectPr"))
    if sect is None:
        sect = body.makeelement(w("sectPr"), {})
        body.append(sect)
    for c in list(sect):
        if _local(c) not in _SECT_KEPT:
            sect.remove(c)
    code = _fragment(f"<w:sectPr>{page_setup(profile)}</w:sectPr>")
    _replace_owned(sect, code, _SECT_OWNED, _SECT_ORDER)


def _settings(settings: Any, profile: LayoutProfile) -> None:
    code = etree.fromstring(settings_xml(profile), _PARSER)
    _replace_owned(settings, code, _SETTINGS_OWNED, _SETTINGS_ORDER)


# --- the document --------------------------------------------------------------------------


def normalise(doc: Any, profile: LayoutProfile) -> None:
    """Put the layout the code owns back into a template's python-docx Document, in place."""
    code = _code_styles(profile)
    styles = doc.styles.element
    renamed = _style_ids(styles, code)
    _rename_refs(styles, renamed)
    _restyle(styles, code, profile)
    for part in story_parts(doc):
        root = part.element
        _rename_refs(root, renamed)
        for p in root.iter(w("p")):
            _join_tags(p)
    body = doc.element.body
    _unframe(body)
    _tables(body, profile)
    _section(body, profile)
    _settings(doc.settings.element, profile)


__all__ = ["normalise"]

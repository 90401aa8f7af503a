"""Runs holding rare characters (生僻字) their Word face lacks into runs naming a face with them.

The profile's faces (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) cover GB2312 or GBK: no
CJK Extension A character (䶮 U+4DAE) and nothing beyond the BMP (𠮷 U+20BB7). Word does not
look for another face on its own, so such a character would print as an empty box. Each one
gets a run of its own naming the face Windows ships for it, as Word does itself when such a
character is typed: 宋体 (SimSun, GB18030: Extension A) or SimSun-ExtB (Extension B and later
planes). All four w:rFonts slots name it, with ``w:hint="eastAsia"`` (ECMA-376 17.3.2.26):
whichever slot Word assigns a surrogate pair to, it names that face. The face gets a
font-table entry. The native PDF finds its own face for these characters
(``pdf/fonts.py``, GLYPH_FALLBACKS).
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from .fonts import FONT_ATTRS
from .fonttable import KNOWN_FACES, Face, font_xml
from .ooxml import NS_DECL, story_parts, w

#: The Windows face for CJK Extension A, and the one for the supplementary planes (B–H).
EXT_A_FACE = "宋体"
EXT_B_FACE = "SimSun-ExtB"
#: Names of faces that already have Extension A (a 宋体 run needs no split for 䶮).
_HAS_EXT_A = frozenset({"宋体", "SimSun", "新宋体", "NSimSun"})

_W_R = w("r")
_W_RPR = w("rPr")
_W_RFONTS = w("rFonts")
_W_T = w("t")
_W_HINT = w("hint")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: rPr children that must come before w:rFonts (schema order).
_BEFORE_RFONTS = (w("rStyle"),)


def fallback_face(ch: str, face: str | None) -> str | None:
    """The face to name for ``ch`` in a run whose East Asian face is ``face``; None: no change."""
    c = ord(ch)
    if 0x20000 <= c <= 0x3FFFF:
        return None if face == EXT_B_FACE else EXT_B_FACE
    if 0x3400 <= c <= 0x4DBF:
        return None if face in _HAS_EXT_A else EXT_A_FACE
    return None


def _segments(text: str, face: str | None) -> list[tuple[str | None, str]]:
    """``text`` cut where the face to name changes: (face or None for the run's own, text)."""
    out: list[tuple[str | None, str]] = []
    for ch in text:
        key = fallback_face(ch, face)
        if out and out[-1][0] == key:
            out[-1] = (key, out[-1][1] + ch)
        else:
            out.append((key, ch))
    return out


def _east_asia(rpr: Any) -> str | None:
    rf = rpr.find(_W_RFONTS) if rpr is not None else None
    return None if rf is None else rf.get(w("eastAsia"))


def _name_face(rpr: Any, face: str) -> None:
    """Make ``rpr`` name ``face`` in all four slots, hinted East Asian."""
    rf = rpr.find(_W_RFONTS)
    if rf is None:
        rf = etree.Element(_W_RFONTS)
        rpr.insert(sum(1 for c in rpr if c.tag in _BEFORE_RFONTS), rf)
    for key in list(rf.attrib):
        if key.endswith("Theme"):
            del rf.attrib[key]
    for a in FONT_ATTRS:
        rf.set(w(a), face)
    rf.set(_W_HINT, "eastAsia")


def _split(run: Any) -> list[Any] | None:
    """The runs replacing ``run`` (its text cut by face to name), or None when none is needed."""
    rpr = run.find(_W_RPR)
    face = _east_asia(rpr)
    texts = [t.text or "" for t in run.iterchildren(_W_T)]
    if not any(fallback_face(ch, face) for text in texts for ch in text):
        return None
    groups: list[tuple[str | None, list[Any]]] = []
    for child in run:
        if child is rpr:
            continue
        if child.tag == _W_T:
            for key, seg in _segments(child.text or "", face):
                t = etree.Element(_W_T)
                t.text = seg
                t.set(_XML_SPACE, "preserve")
                if groups and groups[-1][0] == key:
                    groups[-1][1].append(t)
                else:
                    groups.append((key, [t]))
        elif groups and groups[-1][0] is None:
            groups[-1][1].append(child)
        else:
            groups.append((None, [child]))
    runs = []
    for key, children in groups:
        new = etree.Element(_W_R, attrib=dict(run.attrib))
        new_rpr = copy.deepcopy(rpr) if rpr is not None else None
        if key is not None:
            if new_rpr is None:
                new_rpr = etree.Element(_W_RPR)
            _name_face(new_rpr, key)
        if new_rpr is not None:
            new.append(new_rpr)
        new.extend(children)
        runs.append(new)
    return runs


def split_rare_runs(root: Any) -> set[str]:
    """Give every rare character under ``root`` a run naming its face; the faces named."""
    named: set[str] = set()
    for run in list(root.iter(_W_R)):
        parent = run.getparent()
        if parent is None or parent.tag == _W_RPR:
            continue
        runs = _split(run)
        if runs is None:
            continue
        for new in runs:
            rf = new.find(f"{_W_RPR}/{_W_RFONTS}")
            if rf is not None and rf.get(_W_HINT) == "eastAsia" and rf.get(w("eastAsia")) in (
                EXT_A_FACE,
                EXT_B_FACE,
            ):
                named.add(rf.get(w("eastAsia")))
        i = parent.index(run)
        parent[i : i + 1] = runs
    return named


def add_font_entries(font_table: bytes, faces: set[str]) -> bytes:
    """``word/fontTable.xml`` with an entry for each of ``faces`` it does not list yet."""
    root = etree.fromstring(font_table)
    listed = {f.get(w("name")) for f in root.iter(w("font"))}
    missing = sorted(f for f in faces if f not in listed)
    if not missing:
        return font_table
    for name in missing:
        face = KNOWN_FACES.get(name, Face(None, None, "auto", "default"))
        wrapper = etree.fromstring(f"<w:fonts {NS_DECL}>{font_xml(name, face)}</w:fonts>")
        root.append(wrapper[0])
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def name_rare_faces(doc: Any) -> None:
    """Split the rare characters of ``doc``'s body, headers and footers into runs of their face.

    ``doc`` is a python-docx Document; its font table gains the faces named.
    """
    named: set[str] = set()
    for part in story_parts(doc):
        named |= split_rare_runs(part.element)
    table = next(
        (rel.target_part for rel in doc.part.rels.values()
         if not rel.is_external and rel.reltype.endswith("/fontTable")),
        None,
    )
    if named and table is not None:
        # python-docx keeps an unparsed part's bytes in _blob (its .blob is read-only)
        table._blob = add_font_entries(table.blob, named)

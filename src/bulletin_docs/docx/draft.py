"""The 【请填写……】 placeholders of a rendered document into runs in a visible colour (drafts).

``build --draft`` prints an issue that still holds placeholders; each is drawn in the
profile's ``placeholder_color``, so nobody mistakes the preview for a finished issue.
A placeholder may cross runs (a bold span, a rare character's run); the runs are cut
where it begins and ends, each piece keeping its run's properties.
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from ..issuefile.placeholders import placeholder_mask
from .ooxml import own_runs, story_parts, w

_W_P = w("p")
_W_R = w("r")
_W_RPR = w("rPr")
_W_T = w("t")
_W_COLOR = w("color")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: What a run's non-text children stand for in the paragraph's text.
_CHILD_TEXT = {w("tab"): "\t", w("br"): "\n", w("cr"): "\n"}
#: rPr children that come after w:color (ECMA-376 CT_RPr order).
_AFTER_COLOR = frozenset(
    w(tag)
    for tag in (
        "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
        "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
        "specVanish", "oMath", "rPrChange",
    )
)


def _child_text(child: Any) -> str:
    if child.tag == _W_T:
        return child.text or ""
    return _CHILD_TEXT.get(child.tag, "\ufffc")


def _colour(run: Any, color: str) -> None:
    rpr = run.find(_W_RPR)
    if rpr is None:
        rpr = etree.Element(_W_RPR)
        run.insert(0, rpr)
    for old in rpr.findall(_W_COLOR):
        rpr.remove(old)
    el = etree.Element(_W_COLOR)
    el.set(w("val"), color)
    after = [i for i, c in enumerate(rpr) if c.tag in _AFTER_COLOR]
    rpr.insert(after[0] if after else len(rpr), el)


def _pieces(run: Any, marks: list[bool]) -> list[tuple[bool, list[Any]]]:
    """The run's content children, w:t cut where ``marks`` (one per character) changes."""
    groups: list[tuple[bool, list[Any]]] = []
    k = 0

    def add(marked: bool, el: Any) -> None:
        if groups and groups[-1][0] == marked:
            groups[-1][1].append(el)
        else:
            groups.append((marked, [el]))

    for child in run:
        if child.tag == _W_RPR:
            continue
        text = _child_text(child)
        if child.tag != _W_T:
            add(marks[k], child)
        else:
            start = k
            for i in range(1, len(text) + 1):
                if i == len(text) or marks[k + i] != marks[k + i - 1]:
                    t = etree.Element(_W_T)
                    t.text = text[start - k : i]
                    t.set(_XML_SPACE, "preserve")
                    add(marks[start], t)
                    start = k + i
        k += len(text)
    return groups


def _recolour(run: Any, marks: list[bool], color: str) -> None:
    """Colour the characters of ``run`` whose ``marks`` are set, cutting it where needed."""
    if not any(marks):
        return
    if all(marks):
        _colour(run, color)
        return
    rpr = run.find(_W_RPR)
    new_runs = []
    for marked, children in _pieces(run, marks):
        new = etree.Element(_W_R, attrib=dict(run.attrib))
        if rpr is not None:
            new.append(copy.deepcopy(rpr))
        new.extend(children)
        if marked:
            _colour(new, color)
        new_runs.append(new)
    parent = run.getparent()
    i = parent.index(run)
    parent[i : i + 1] = new_runs


def colour_placeholders(root: Any, color: str) -> None:
    """Draw every placeholder under ``root`` (a part's XML) in ``color`` (RRGGBB)."""
    for p in list(root.iter(_W_P)):
        runs = own_runs(p)
        texts = ["".join(_child_text(c) for c in r if c.tag != _W_RPR) for r in runs]
        mask = placeholder_mask("".join(texts))
        if not any(mask):
            continue
        start = 0
        for run, text in zip(runs, texts, strict=True):
            _recolour(run, mask[start : start + len(text)], color)
            start += len(text)


def colour_document(doc: Any, color: str) -> None:
    """The placeholders of ``doc``'s body, headers and footers in ``color`` (a python-docx
    Document)."""
    for part in story_parts(doc):
        colour_placeholders(part.element, color)

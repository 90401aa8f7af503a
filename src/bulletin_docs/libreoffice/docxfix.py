"""A .docx into the copy LibreOffice 7.4 converts: XML edited where it reads it unlike Word.

The parts are parsed with lxml and edited as trees (as docx/fonts.py does): a run is a
``w:r`` wherever it sits (in a ``w:hyperlink``, ``w:smartTag``, ``w:ins``, a table cell of
a nested table), with its ``w:rPr`` and any content (``w:t``, ``w:tab``, ``w:br``…), and
a paragraph's runs are those whose nearest ``w:p`` it is (not the runs of a text box
inside it). Properties are compared as elements, whatever the order of their attributes.
"""

from __future__ import annotations

import copy
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree

from ..chars import is_han, is_word_char
from ..docx.ooxml import char_spacing_twips, w
from ..layout import DEFAULT, LayoutProfile

WORD_JOINER = "\u2060"
ZERO_WIDTH_SPACE = "\u200b"
#: A run's language for the joined marks: LibreOffice then breaks there with ICU (UAX #14, which
#: honours U+2060 WORD JOINER), not with its CJK breaker (which breaks anywhere not forbidden).
JOIN_LANG = "en-US"

_W_P = w("p")
_W_R = w("r")
_W_RPR = w("rPr")
_W_T = w("t")
_W_SPACING = w("spacing")
_W_LANG = w("lang")
_W_VAL = w("val")
_W_EAST_ASIA = w("eastAsia")
_W_OVERFLOW_PUNCT = w("overflowPunct")

_FLIP = {"0": "1", "1": "0", "false": "true", "true": "false", "off": "on", "on": "off"}

#: rPr children in schema order (CT_RPr): a new w:spacing or w:lang goes into its place.
_RPR_ORDER = {
    w(tag): i
    for i, tag in enumerate(
        (
            "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
            "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
            "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
            "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
            "eastAsianLayout", "specVanish", "oMath", "rPrChange",
        )
    )
}
#: Rank of a child the schema list lacks (an extension): before w:rPrChange, which is last.
_UNKNOWN_RANK = _RPR_ORDER[w("rPrChange")] - 0.5

#: Parts parsed without entities or network access (a .docx is input from anywhere).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


# --- runs and their properties ---------------------------------------------------------


def _paragraph_runs(root: Any) -> Iterator[list[Any]]:
    """Each paragraph's own runs, in document order (a text box's runs are its own paragraph's)."""
    by_para: dict[Any, list[Any]] = {}
    for r in root.iter(_W_R):
        p = next(r.iterancestors(_W_P), None)
        if p is not None:
            by_para.setdefault(p, []).append(r)
    yield from by_para.values()


def _run_text(r: Any) -> str:
    return "".join(t.text or "" for t in r.iterchildren(_W_T))


def _props_key(rpr: Any) -> tuple[Any, ...]:
    """A run's properties as a value: equal for equal properties in any attribute order."""
    if rpr is None:
        return ()

    def key(el: Any) -> tuple[Any, ...]:
        children = tuple(key(c) for c in el if isinstance(c.tag, str))
        return (el.tag, tuple(sorted(el.attrib.items())), children)

    return tuple(key(c) for c in rpr if isinstance(c.tag, str))


def _own_spacing(rpr: Any) -> int | None:
    """The run's own character spacing (twips), if it sets one."""
    sp = None if rpr is None else rpr.find(_W_SPACING)
    if sp is None:
        return None
    try:
        return int(sp.get(_W_VAL, ""))
    except ValueError:
        return None


def _insert_ordered(rpr: Any, child: Any) -> None:
    """Put ``child`` into ``rpr`` where the schema's order of rPr children wants it."""
    rank = _RPR_ORDER.get(child.tag, _UNKNOWN_RANK)
    for i, c in enumerate(rpr):
        if isinstance(c.tag, str) and _RPR_ORDER.get(c.tag, _UNKNOWN_RANK) > rank:
            rpr.insert(i, child)
            return
    rpr.append(child)


def _rpr_of(r: Any) -> Any:
    """The run's w:rPr, made (first child) if it has none."""
    rpr = r.find(_W_RPR)
    if rpr is None:
        rpr = r.makeelement(_W_RPR, {})
        r.insert(0, rpr)
    return rpr


def _set_spacing(rpr: Any, twips: int) -> None:
    sp = rpr.find(_W_SPACING)
    if sp is None:
        sp = rpr.makeelement(_W_SPACING, {})
        _insert_ordered(rpr, sp)
    sp.set(_W_VAL, str(twips))


# --- the fixes ----------------------------------------------------------------------------


def flip_overflow_punct(root: Any) -> int:
    """``w:overflowPunct`` inverted: LibreOffice reads val 0 as "hang punctuation".

    Returns the number of elements flipped.
    """
    count = 0
    for el in root.iter(_W_OVERFLOW_PUNCT):
        val = el.get(_W_VAL)
        if val in _FLIP:
            el.set(_W_VAL, _FLIP[val])
            count += 1
    return count


def compensate_portion_ends(root: Any, profile: LayoutProfile = DEFAULT) -> int:
    """Runs' spacing made up for the spacing LibreOffice leaves off each run's last character.

    Where a run ("**坚持问题导向**") meets a run of other properties, LibreOffice ends a text
    portion and draws its last character without the (negative) character spacing: each
    such boundary widens the line by about 0.2 pt, and a line with a bold span no longer
    holds 28 characters. Each boundary's cost goes to the shorter run beside it, whose
    spacing is tightened by whole twips when that matches the cost (short runs: bold spans).
    Returns the number of runs changed.
    """
    default = char_spacing_twips(profile)
    tolerance = profile.libreoffice.portion_end_tolerance_twips
    changed = 0
    for para in _paragraph_runs(root):
        runs = [(r, len(text)) for r in para if (text := _run_text(r))]
        if len(runs) < 2:
            continue
        keys = [_props_key(r.find(_W_RPR)) for r, _ in runs]
        costs = [0] * len(runs)
        for i in range(len(runs) - 1):
            if keys[i] == keys[i + 1]:
                continue
            a, b = runs[i][1], runs[i + 1][1]
            costs[i if a <= b else i + 1] += 1
        for (r, n), k in zip(runs, costs, strict=True):
            own = _own_spacing(r.find(_W_RPR))
            base = own if own is not None else default
            if not k or n < 2 or not base:
                continue
            # the spacing the run's n - 1 spaced characters need; a boundary costs a twip more
            # than the spacing (measured 0.25–0.28 pt at −0.2 pt: the next portion starts on
            # a whole twip)
            target = (n - 1) * base + k * (base - 1 if base < 0 else base)
            spacing = round(target / (n - 1))
            if abs(spacing * (n - 1) - target) > tolerance:
                continue
            _set_spacing(_rpr_of(r), spacing)
            changed += 1
    return changed


def break_before_latin(root: Any, profile: LayoutProfile = DEFAULT) -> int:
    """A U+200B ZERO WIDTH SPACE where punctuation meets a Latin run ("基础。2月").

    LibreOffice keeps the end of a text portion's width on the line there: a full line
    ending "础。" before "2月" no longer fits and moves "础。" down (27 characters left on
    the line). After the zero-width space it breaks as Word does, and the space is neither
    drawn nor in the PDF's text. Not after what may not end a line, nor before what may
    not start one (the profile's kinsoku). Within one run, across its adjacent w:t too.
    Returns the number of spaces inserted.
    """

    def ok(a: str, b: str) -> bool:
        return (
            not is_word_char(a) and not is_han(a) and not a.isspace() and a != ZERO_WIDTH_SPACE
            and a not in profile.no_line_end
            and is_word_char(b) and b not in profile.no_line_start
        )

    count = 0
    for r in root.iter(_W_R):
        before = ""  # the last character of the w:t just before, in the same run
        for child in r:
            if child.tag != _W_T:
                before = ""
                continue
            text = child.text or ""
            if not text:
                continue
            out: list[str] = []
            for a, b in itertools.pairwise(before + text):
                if ok(a, b):
                    out.append(ZERO_WIDTH_SPACE)
                    count += 1
                out.append(b)
            new = "".join(out) if before else text[0] + "".join(out)
            if new != text:
                child.text = new
            before = text[-1]
    return count


def _compensated(base: int, n: int, before: bool, after: bool) -> int:
    """Spacing of a joined run of ``n`` marks that keeps the line as wide as it was.

    LibreOffice leaves the spacing off the last character of each text portion: splitting
    the run costs it after the character before the marks (``before``) and after the last
    mark (``after``, when text followed in the same run). The other n − 1 marks take it.
    """
    cost = (int(before) + int(after)) * base
    if n < 2 or not cost:
        return base
    return base + round(cost / (n - 1))


def _split_run(r: Any, marks: re.Pattern[str], default: int) -> None:
    """Replace ``r`` by runs of its content with each group of marks in a joined run of its own."""
    rpr = r.find(_W_RPR)
    own = _own_spacing(rpr)
    base = own if own is not None else default
    # segments: runs of content elements, and (marks, the w:t they came from)
    segments: list[list[Any] | tuple[str, Any]] = []
    plain: list[Any] = []
    for child in r:
        if child is rpr:
            continue
        text = (child.text or "") if child.tag == _W_T else ""
        if not marks.search(text):
            plain.append(child)
            continue
        pos = 0
        for m in marks.finditer(text):
            if m.start() > pos:
                plain.append(_t_like(child, text[pos : m.start()]))
            if plain:
                segments.append(plain)
                plain = []
            segments.append((m[0], child))
            pos = m.end()
        if pos < len(text):
            plain.append(_t_like(child, text[pos:]))
    if plain:
        segments.append(plain)
    new_runs: list[Any] = []
    for i, seg in enumerate(segments):
        run = r.makeelement(_W_R, dict(r.attrib))
        if isinstance(seg, list):
            if rpr is not None:
                run.append(copy.deepcopy(rpr))
            run.extend(seg)
        else:
            text, source = seg
            spacing = _compensated(base, len(text), i > 0, i < len(segments) - 1)
            mark_rpr = copy.deepcopy(rpr) if rpr is not None else r.makeelement(_W_RPR, {})
            for lang in mark_rpr.findall(_W_LANG):
                mark_rpr.remove(lang)
            _set_spacing(mark_rpr, spacing)
            _insert_ordered(mark_rpr, mark_rpr.makeelement(_W_LANG, {_W_EAST_ASIA: JOIN_LANG}))
            run.append(mark_rpr)
            run.append(_t_like(source, WORD_JOINER + text))
        new_runs.append(run)
    parent = r.getparent()
    at = parent.index(r)
    if new_runs:
        new_runs[-1].tail = r.tail
    parent.remove(r)
    for j, run in enumerate(new_runs):
        parent.insert(at + j, run)


def _t_like(t: Any, text: str) -> Any:
    """A w:t with ``t``'s attributes (xml:space) holding ``text``."""
    new = t.makeelement(_W_T, dict(t.attrib))
    new.text = text
    return new


def join_no_line_start(root: Any, profile: LayoutProfile = DEFAULT) -> int:
    """Runs of document text with "名村——" kept on one line, as the profile's kinsoku wants.

    Each "——" or "……" goes into a run of its own that starts with U+2060 WORD JOINER and
    has a language LibreOffice breaks with ICU (UAX #14: no break at a word joiner, none
    between two dashes or before an ellipsis): the line then breaks before "村", never
    between the marks or before them. Its spacing makes up for the split (the line is as
    wide as before). The joiner is invisible and is not in the PDF's text. The marks are
    the calibration's unhonoured_no_line_start that the profile's no_line_start holds.
    Returns the number of runs split.
    """
    chars = "".join(
        c for c in profile.libreoffice.unhonoured_no_line_start if c in profile.no_line_start
    )
    if not chars:
        return 0
    marks = re.compile("[" + "".join(re.escape(c) for c in chars) + "]+")
    default = char_spacing_twips(profile)
    split = [
        r
        for r in root.iter(_W_R)
        if r.getparent() is not None
        and any(marks.search(t.text or "") for t in r.iterchildren(_W_T))
    ]
    for r in split:
        _split_run(r, marks, default)
    return len(split)


# --- the package ---------------------------------------------------------------------------


def _parse(data: bytes) -> Any:
    """The part's root element, or None when it is not well-formed XML."""
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return None


def _serialize(root: Any) -> bytes:
    standalone = root.getroottree().docinfo.standalone
    return bytes(
        etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=standalone)
    )


def for_libreoffice(data: bytes, profile: LayoutProfile = DEFAULT) -> bytes:
    """The .docx as LibreOffice 7.4 must read it to lay it out as Word does.

    - ``w:overflowPunct`` flipped in the styles and the document (LibreOffice reads it
      inverted: val 0 makes commas hang past the type area);
    - in the document, runs' spacing made up for LibreOffice's text-portion ends, a
      zero-width space where punctuation meets a Latin run, and "——" and "……" joined to
      the character before them (it ignores the .docx's ``w:noLineBreaksBefore`` and its
      own zh-CN list lacks them), all with ``profile`` and its LibreOffice calibration.

    Anything that is not a readable .docx, and any part that is not well-formed XML, is
    passed on unchanged.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            infos = zin.infolist()
            parts = {i.filename: zin.read(i.filename) for i in infos}
    except (zipfile.BadZipFile, OSError, ValueError):
        return data
    new = dict(parts)
    styles = parts.get("word/styles.xml")
    if styles is not None and b"overflowPunct" in styles:
        root = _parse(styles)
        if root is not None and flip_overflow_punct(root):
            new["word/styles.xml"] = _serialize(root)
    document = parts.get("word/document.xml")
    root = None if document is None else _parse(document)
    if root is not None:
        changes = (
            flip_overflow_punct(root)
            + compensate_portion_ends(root, profile)
            + break_before_latin(root, profile)
            + join_no_line_start(root, profile)
        )
        if changes:
            new["word/document.xml"] = _serialize(root)
    if new == parts:
        return data
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:
            zout.writestr(info, new[info.filename])
    return buf.getvalue()

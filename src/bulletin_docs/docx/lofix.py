"""The copy of a .docx that LibreOffice 7.4 converts: patches for what it reads unlike Word."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from xml.sax.saxutils import escape, unescape

from ..layout import DEFAULT, LayoutProfile
from .ooxml import char_spacing_twips

#: Characters of the profile's no_line_start that LibreOffice's own zh-CN list lacks (measured:
#: it honours every other one); the .docx's w:noLineBreaksBefore, which Word reads, it ignores.
LO_UNHONOURED_NO_LINE_START = "—…"
WORD_JOINER = "\u2060"
#: A run's language for the joined marks: LibreOffice then breaks there with ICU (UAX #14, which
#: honours U+2060 WORD JOINER), not with its CJK breaker (which breaks anywhere not forbidden).
JOIN_LANG = '<w:lang w:eastAsia="en-US"/>'

_OVERFLOW = re.compile(rb'(<w:overflowPunct w:val=")(0|1|false|true|off|on)(")')
_FLIP = {b"0": b"1", b"1": b"0", b"false": b"true", b"true": b"false", b"off": b"on", b"on": b"off"}
_RUN = re.compile(
    r"<w:r(?P<ra>(?: [^>]*)?)>(?P<rpr><w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?"
    r"<w:t(?P<attrs>(?: [^>]*)?)>(?P<text>[^<]*)</w:t></w:r>",
    re.S,
)
_LANG = re.compile(r"<w:lang\b[^>]*/>")


def flip_overflow_punct(xml: bytes) -> bytes:
    """``w:overflowPunct`` inverted: LibreOffice reads val 0 as "hang punctuation"."""
    return _OVERFLOW.sub(lambda m: m[1] + _FLIP[m[2]] + m[3], xml)


_SPACING = re.compile(r'<w:spacing w:val="(-?\d+)"/>')


def _lang_rpr(rpr: str, spacing: int) -> str:
    """``rpr`` with the joining language and ``spacing`` (twips) instead of its own."""
    extra = f'<w:spacing w:val="{spacing}"/>{JOIN_LANG}'
    if not rpr:
        return f"<w:rPr>{extra}</w:rPr>"
    rpr = _SPACING.sub("", _LANG.sub("", rpr))
    return rpr.replace("</w:rPr>", extra + "</w:rPr>")


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


def join_no_line_start(xml: str, profile: LayoutProfile = DEFAULT) -> str:
    """Runs of document text with "名村——" kept on one line, as the profile's kinsoku wants.

    Each "——" or "……" goes into a run of its own that starts with U+2060 WORD JOINER and
    has a language LibreOffice breaks with ICU (UAX #14: no break at a word joiner, none
    between two dashes or before an ellipsis): the line then breaks before "村", never
    between the marks or before them. Its spacing makes up for the split (the line is as
    wide as before). The joiner is invisible and is not in the PDF's text.
    """
    chars = "".join(c for c in LO_UNHONOURED_NO_LINE_START if c in profile.no_line_start)
    if not chars:
        return xml
    pattern = re.compile("[" + "".join(re.escape(c) for c in chars) + "]+")
    default = char_spacing_twips(profile)

    def run(m: re.Match[str]) -> str:
        text = unescape(m["text"])
        if not pattern.search(text):
            return m[0]
        rpr, attrs, ra = m["rpr"] or "", m["attrs"] or "", m["ra"]
        own = _SPACING.search(rpr)
        base = int(own[1]) if own else default
        out: list[str] = []
        pos = 0
        for u in pattern.finditer(text):
            if u.start() > pos:
                out.append(f"<w:r{ra}>{rpr}<w:t{attrs}>{escape(text[pos : u.start()])}</w:t></w:r>")
            spacing = _compensated(base, len(u[0]), u.start() > 0, u.end() < len(text))
            joined = escape(WORD_JOINER + u[0])
            out.append(f"<w:r{ra}>{_lang_rpr(rpr, spacing)}<w:t{attrs}>{joined}</w:t></w:r>")
            pos = u.end()
        if pos < len(text):
            out.append(f"<w:r{ra}>{rpr}<w:t{attrs}>{escape(text[pos:])}</w:t></w:r>")
        return "".join(out)

    return _RUN.sub(run, xml)


_PARA = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.S)
#: Largest error (twips) a run's total spacing may keep after compensation; else it is left.
_TOLERANCE = 2.0


def _text_runs(para: str) -> list[re.Match[str]]:
    return [m for m in _RUN.finditer(para) if unescape(m["text"])]


def compensate_portion_ends(xml: str, profile: LayoutProfile = DEFAULT) -> str:
    """Runs' spacing made up for the spacing LibreOffice leaves off each run's last character.

    Where a run ("**坚持问题导向**") meets a run of other properties, LibreOffice ends a text
    portion and draws its last character without the (negative) character spacing: each
    such boundary widens the line by about 0.2 pt, and a line with a bold span no longer
    holds 28 characters. Each boundary's cost goes to the shorter run beside it, whose
    spacing is tightened by whole twips when that matches the cost (short runs: bold spans).
    """
    default = char_spacing_twips(profile)

    def para(pm: re.Match[str]) -> str:
        p = pm[0]
        runs = _text_runs(p)
        if len(runs) < 2:
            return p
        costs = [0] * len(runs)
        for i in range(len(runs) - 1):
            if (runs[i]["rpr"] or "") == (runs[i + 1]["rpr"] or ""):
                continue
            a, b = len(unescape(runs[i]["text"])), len(unescape(runs[i + 1]["text"]))
            costs[i if a <= b else i + 1] += 1
        out, pos = [], 0
        for m, k in zip(runs, costs, strict=True):
            n = len(unescape(m["text"]))
            rpr = m["rpr"] or ""
            own = _SPACING.search(rpr)
            base = int(own[1]) if own else default
            if not k or n < 2 or not base:
                continue
            # the spacing the run's n - 1 spaced characters need; a boundary costs a twip more
            # than the spacing (measured 0.25–0.28 pt at −0.2 pt: the next portion starts on
            # a whole twip)
            target = (n - 1) * base + k * (base - 1 if base < 0 else base)
            spacing = round(target / (n - 1))
            if abs(spacing * (n - 1) - target) > _TOLERANCE:
                continue
            tag = f'<w:spacing w:val="{spacing}"/>'
            new_rpr = (
                _SPACING.sub(tag, rpr) if own
                else rpr.replace("</w:rPr>", tag + "</w:rPr>") if rpr
                else f"<w:rPr>{tag}</w:rPr>"
            )
            out.append(p[pos : m.start()])
            out.append(f"<w:r{m['ra']}>{new_rpr}<w:t{m['attrs'] or ''}>{m['text']}</w:t></w:r>")
            pos = m.end()
        out.append(p[pos:])
        return "".join(out)

    return _PARA.sub(para, xml)


ZERO_WIDTH_SPACE = "\u200b"


def _is_latin(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


def _is_han(ch: str) -> bool:
    c = ord(ch)
    return 0x3400 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF or 0x20000 <= c <= 0x3FFFF


def break_before_latin(xml: str, profile: LayoutProfile = DEFAULT) -> str:
    """A U+200B ZERO WIDTH SPACE where punctuation meets a Latin run ("基础。2月").

    LibreOffice keeps the end of a text portion's width on the line there: a full line
    ending "础。" before "2月" no longer fits and moves "础。" down (27 characters left on
    the line). After the zero-width space it breaks as Word does, and the space is neither
    drawn nor in the PDF's text. Not after what may not end a line, nor before what may
    not start one (the profile's kinsoku).
    """

    def ok(a: str, b: str) -> bool:
        return (
            not _is_latin(a) and not _is_han(a) and not a.isspace() and a != ZERO_WIDTH_SPACE
            and a not in profile.no_line_end
            and _is_latin(b) and b not in profile.no_line_start
        )

    def run(m: re.Match[str]) -> str:
        text = unescape(m["text"])
        if not any(ok(a, b) for a, b in itertools.pairwise(text)):
            return m[0]
        out = [text[0]]
        for a, b in itertools.pairwise(text):
            if ok(a, b):
                out.append(ZERO_WIDTH_SPACE)
            out.append(b)
        body = escape("".join(out))
        return f"<w:r{m['ra']}>{m['rpr'] or ''}<w:t{m['attrs'] or ''}>{body}</w:t></w:r>"

    return _RUN.sub(run, xml)


def for_libreoffice(data: bytes, profile: LayoutProfile = DEFAULT) -> bytes:
    """The .docx as LibreOffice 7.4 must read it to lay it out as Word does.

    - ``w:overflowPunct`` flipped (LibreOffice reads it inverted: val 0 makes commas hang
      past the type area);
    - "——" and "……" joined to the character before them (it ignores the .docx's
      ``w:noLineBreaksBefore`` and its own zh-CN list lacks them).

    Anything that is not a readable .docx is passed on unchanged.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            infos = zin.infolist()
            parts = {i.filename: zin.read(i.filename) for i in infos}
    except (zipfile.BadZipFile, OSError, ValueError):
        return data
    new = dict(parts)
    for name in ("word/styles.xml", "word/document.xml"):
        if name in new and b"overflowPunct" in new[name]:
            new[name] = flip_overflow_punct(new[name])
    if "word/document.xml" in new:
        xml = new["word/document.xml"].decode("utf-8")
        xml = break_before_latin(compensate_portion_ends(xml, profile), profile)
        new["word/document.xml"] = join_no_line_start(xml, profile).encode("utf-8")
    if new == parts:
        return data
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:
            zout.writestr(info, new[info.filename])
    return buf.getvalue()

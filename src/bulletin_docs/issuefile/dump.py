"""A Bulletin into the issue file's mapping and its commented YAML text: the one YAML writer.

What is written reads back to the same Bulletin (``loads(issue_yaml(b)) == b``):
every text is written plain when YAML reads it back unchanged, else double-quoted
with escapes; bodies are literal blocks (``|``), paragraphs separated by a blank
line, ``**bold**`` marked. Comments and key order are those ``new`` writes.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from ..layout import DEFAULT, LayoutProfile
from ..model import (
    Article,
    Block,
    Bulletin,
    Heading,
    IssueDate,
    Paragraph,
    Photo,
    PhotoBlock,
    Section,
    Table,
)
from .headings import OPT_OUT, as_heading
from .keys import TOP_KEYS
from .markup import parse_paragraphs, strip_lead
from .placeholders import PLACEHOLDER_MARK

PathLike = str | os.PathLike[str]

#: Characters YAML cannot hold as they are (escaped in double quotes): the non-printable
#: ones and those it reads as line breaks (NEL, LS, PS) or a byte order mark.
_ESCAPE = re.compile(
    "[^\x09\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
    "\U00010000-\U0010ffff]"
)
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n"}
#: Keys whose value is body text, written as a literal block.
_BLOCKS = frozenset({"preface", "note", "body"})


# --- scalars ------------------------------------------------------------------------------


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (read back exactly, whatever it holds)."""

    def escape(m: re.Match[str]) -> str:
        ch = m.group()
        if ch in _SHORT_ESCAPES:
            return _SHORT_ESCAPES[ch]
        cp = ord(ch)
        return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"

    return '"' + re.sub(r'[\\"\t\n]|' + _ESCAPE.pattern, escape, text) + '"'


def scalar(value: str | int | bool, *, flow: bool = False) -> str:
    """A YAML scalar that reads back as exactly ``value``: plain when safe, else double-quoted.

    ``flow``: the scalar stands inside ``[…]`` (commas and brackets end a plain one).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    plain = value
    if (
        plain
        and plain == plain.strip()
        and "\n" not in plain
        and PLACEHOLDER_MARK not in plain
        and not _ESCAPE.search(plain)
    ):
        probe = f"k: [{plain}]" if flow else f"k: {plain}"
        try:
            read = yaml.safe_load(probe)
        except yaml.YAMLError:
            read = None
        if read == {"k": [plain] if flow else plain}:
            return plain
    return quoted(value)


def _block(text: str, indent: str) -> list[str] | None:
    """``text`` (lines without leading blanks) as a literal block's lines, or None."""
    if _ESCAPE.search(text) or "\t" in text:
        return None
    lines = text.split("\n")
    if any(line != line.strip(" ") or line.startswith("\u3000") for line in lines if line):
        return None
    return [f"{indent}{line}" if line else "" for line in lines]


# --- the model into the mapping ----------------------------------------------------------


def _paragraph(p: Paragraph | Heading) -> str:
    return "".join(f"**{s.text}**" if s.bold else s.text for s in p.spans)


def body_text(
    blocks: Sequence[Block], lead: str | None = None, base_dir: PathLike | None = None
) -> str:
    """Blocks as the text the loader splits back into them (blank lines between): paragraphs,
    headings, tables as pipe tables and photos in place as ``![说明](file)``.

    With ``lead`` (编者按：, 按：), text that begins like the lead gets the lead typed
    before it: the loader drops one typed lead, and the text keeps its own.
    """
    text = "\n\n".join(_body_block(b, base_dir) for b in blocks)
    if lead is not None:
        parsed = parse_paragraphs(text)
        if strip_lead(parsed, lead) != parsed:
            text = lead + text
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(t: Table) -> str:
    """A table as a Markdown pipe table, its 表N title above and its note below."""
    lines = [t.title] if t.title else []
    lines.append("| " + " | ".join(_cell(c) for c in t.header) + " |")
    lines.append("|" + "|".join(" --- " for _ in t.header) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in t.rows]
    if t.note:
        lines.append(t.note)
    return "\n".join(lines)


def _photo_ref(photo: Photo, base_dir: PathLike | None) -> str:
    """A photo in place as typed: ``![说明](photos/a.jpg)``."""
    if photo.file is None:
        raise ValueError(
            "正文中的照片只有内容、没有文件：写成简报文件之前，请先把它存为文件（file: 路径）"
        )
    return f"![{photo.caption}]({_photo_name(photo.file, base_dir)})"


def _body_block(block: Block, base_dir: PathLike | None) -> str:
    """One block of a body as the clerk types it (the loader reads it back as this block)."""
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, PhotoBlock):
        return "  ".join(_photo_ref(p, base_dir) for p in block.photos)
    text = _paragraph(block)
    if isinstance(block, Paragraph) and isinstance(as_heading(block), Heading):
        return OPT_OUT + text  # begins like a heading but is not one: opted out as typed
    return text


def _date(date: IssueDate) -> str:
    if date.literal is not None:
        return date.literal
    if date.day is None:
        return f"{date.year:04d}-{date.month:02d}"
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"


def _photo(photo: Photo, base_dir: PathLike | None) -> dict[str, object]:
    if photo.data is not None:
        return {"file": photo.data, "caption": photo.caption}
    assert photo.file is not None
    return {"file": _photo_name(photo.file, base_dir), "caption": photo.caption}


def _photo_name(file: Path, base_dir: PathLike | None) -> str:
    """A photo's path as the issue file writes it: relative to ``base_dir`` where it can be."""
    name = str(file)
    if base_dir is not None:
        with contextlib.suppress(ValueError):  # Windows: another drive than base_dir
            name = os.path.relpath(file, os.path.abspath(base_dir)).replace(os.sep, "/")
    return name


def _article(a: Article, base_dir: PathLike | None, profile: LayoutProfile) -> dict[str, object]:
    out: dict[str, object] = {"title": a.title}
    if a.contents_title is not None:
        out["contents_title"] = a.contents_title
    if a.unit is not None:
        out["unit"] = a.unit
    if a.authors:
        out["author"] = a.authors[0] if len(a.authors) == 1 else list(a.authors)
    if a.note:
        out["note"] = body_text(a.note, profile.note_lead)
    out["body"] = body_text(a.body, base_dir=base_dir)
    if a.photos:
        out["photos"] = [_photo(p, base_dir) for p in a.photos]
    return out


def _section(s: Section, base_dir: PathLike | None, profile: LayoutProfile) -> dict[str, object]:
    out: dict[str, object] = {"title": s.title}
    if s.articles:
        out["articles"] = [_article(a, base_dir, profile) for a in s.articles]
    if s.photos:
        out["photos"] = [_photo(p, base_dir) for p in s.photos]
    return out


def issue_dict(
    bulletin: Bulletin, *, base_dir: PathLike | None = None, profile: LayoutProfile = DEFAULT
) -> dict[str, object]:
    """The issue file's mapping, in the README's key order, defaults left out."""
    m = bulletin.masthead
    issue: dict[str, object] = {"number": m.issue.number}
    for key in ("year", "total", "label"):
        value = getattr(m.issue, key)
        if value is not None:
            issue[key] = value
    masthead: dict[str, object] = {
        "title": m.title,
        "issue": issue,
        "issuer": m.issuer,
        "date": _date(m.date),
    }
    if m.marking is not None:
        masthead["marking"] = m.marking
    out: dict[str, object] = {"masthead": masthead}
    if not bulletin.contents:
        out["contents"] = False
    if bulletin.preface:
        out["preface"] = body_text(bulletin.preface, profile.preface_lead)
    out["sections"] = [_section(s, base_dir, profile) for s in bulletin.sections]
    out["distribution"] = [{"label": r.label, "to": r.to} for r in bulletin.distribution]
    if bulletin.copies is not None:
        out["copies"] = bulletin.copies
    return out


# --- the mapping into commented YAML -----------------------------------------------------

#: Comments after a key, as ``new`` writes them (key path without list indices).
_COMMENTS = {
    "masthead": TOP_KEYS["masthead"],
    "contents": "不印本期要目",
    "preface": "编者按，印在第一个栏目之前",
    "sections": "栏目",
    "distribution": TOP_KEYS["distribution"],
    "copies": TOP_KEYS["copies"],
    "masthead.date": "2020-04 印作 2020年4月；2020-04-15 印作 2020年4月15日",
    "sections.articles.body": "正文：段落之间空一行；**文字** 为加粗",
}


def _comment(path: str, value: object) -> str:
    if path == "sections.title" and isinstance(value, str) and not _ESCAPE.search(value):
        return f"   # 栏目名，印作【{value}】"
    text = _COMMENTS.get(path)
    return f"   # {text}" if text else ""


def _value_lines(key: str, value: object, indent: str, path: str) -> list[str]:
    """``key: value`` at ``indent``, nested values on the lines below."""
    head = f"{indent}{key}:"
    note = _comment(path, value)
    if isinstance(value, Mapping):
        return [head + note, *_mapping_lines(value, indent + "  ", path)]
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        lines = [head + note]
        for item in value:
            lines += _mapping_lines(item, indent + "  ", path, first="- ")
        return lines
    if isinstance(value, list):
        return [f"{head} [{', '.join(scalar(v, flow=True) for v in value)}]{note}"]
    if isinstance(value, bytes):
        raise ValueError(
            f"{path} 是内存中的照片数据，没有文件可写进简报文件：请先把照片存成文件，"
            "或用 to_dict() 得到含照片数据的映射"
        )
    if isinstance(value, str) and key in _BLOCKS:
        block = _block(value, indent + "  ")
        if block is not None:
            return [f"{head} |{note}", *block]
    assert isinstance(value, (str, int, bool))
    return [f"{head} {scalar(value)}{note}"]


def _mapping_lines(
    data: Mapping[str, object], indent: str, path: str, first: str = ""
) -> list[str]:
    """A mapping's keys at ``indent``; ``first="- "``: the first key opens a list item."""
    lines: list[str] = []
    for i, (key, value) in enumerate(data.items()):
        child = f"{path}.{key}" if path else key
        key_lines = _value_lines(key, value, indent, child)
        if first:
            pad = " " * len(first)
            opening = indent + first + key_lines[0][len(indent) :] if i == 0 else pad + key_lines[0]
            key_lines = [opening, *((pad + line) if line else line for line in key_lines[1:])]
        lines += key_lines
    return lines


def issue_yaml(
    bulletin: Bulletin, *, base_dir: PathLike | None = None, profile: LayoutProfile = DEFAULT
) -> str:
    """The issue file's commented text (ValueError for a photo given as bytes)."""
    data = issue_dict(bulletin, base_dir=base_dir, profile=profile)
    m = bulletin.masthead
    heading = f"{m.title}{m.issue.text}"
    lines = [] if _ESCAPE.search(heading) else [f"# {heading}", ""]
    for key, value in data.items():
        if key in ("sections", "distribution", "copies", "contents", "preface"):
            lines.append("")
        lines += _value_lines(key, value, "", key)
    return "\n".join(lines) + "\n"


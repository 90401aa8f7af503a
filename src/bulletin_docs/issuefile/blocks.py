"""A body as typed into its blocks: paragraphs, headings, tables and photos in place (format 1.1).

Blocks are separated by blank lines, as paragraphs are. A block whose lines all begin with
``|`` is a Markdown pipe table; one whose lines all hold a tab is a range pasted from
Excel/WPS; in both the first row is the header. A 表N title may stand on the line above the
table (or as the paragraph just before it), a 注：/数据来源： note on the line below. A block
of ``![说明](photos/a.jpg)`` lines (one or two) is a photo, or a row of two, in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block, Paragraph, Table
from .headings import as_heading
from .markup import join_lines, parse_spans

_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")
_PHOTO = re.compile(r"!\[(?P<caption>[^\]]*)\]\((?P<file>[^)]+)\)")
TABLE_TITLE = re.compile(r"表\s*[0-9０-９一二三四五六七八九十]+")
TABLE_NOTE = re.compile(r"(注|说明|数据来源|资料来源)\s*[：:]")
#: Most photos a row holds (the same as a section's photo rows).
PHOTOS_PER_BLOCK = 2


@dataclass(frozen=True)
class PhotoRef:
    """A photo typed in a body, before its file is found and checked: line counted in the body."""

    name: str
    caption: str
    line: int


@dataclass(frozen=True)
class PhotoRefs:
    """A photo block as typed (sections.py turns it into a model PhotoBlock)."""

    refs: tuple[PhotoRef, ...]


@dataclass(frozen=True)
class TableAt:
    """A table and the body line it starts on (sections.py positions it in the file)."""

    table: Table
    line: int


RawBlock = Block | PhotoRefs | TableAt


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    cells = re.split(r"(?<!\\)\|", inner)
    return [c.replace("\\|", "|").strip() for c in cells]


def _is_rule_row(cells: list[str]) -> bool:
    return all(re.fullmatch(r":?-{2,}:?", c.replace(" ", "")) for c in cells if c) and any(cells)


def _table_lines(lines: list[str]) -> tuple[str, list[list[str]]] | None:
    """("pipe" / "tab", the rows) when every line is a table line."""
    if len(lines) >= 2 and all(x.lstrip().startswith("|") for x in lines):
        rows = [_pipe_cells(x) for x in lines]
        return "pipe", [r for r in rows if not _is_rule_row(r)]
    if len(lines) >= 2 and all("\t" in x for x in lines):
        return "tab", [[c.strip(" \u3000") for c in x.split("\t")] for x in lines]
    return None


def _table(lines: list[str]) -> Table | None:
    title = note = None
    body = list(lines)
    if len(body) > 2 and TABLE_TITLE.match(body[0].strip()) and "\t" not in body[0]:
        title = body.pop(0).strip()
    if len(body) > 2 and TABLE_NOTE.match(body[-1].strip()) and "\t" not in body[-1]:
        note = body.pop().strip()
    found = _table_lines(body)
    if found is None:
        return None
    rows = found[1]
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    return Table(tuple(rows[0]), tuple(tuple(r) for r in rows[1:]), title, note)


def _photos(lines: list[str], first: int) -> PhotoRefs | None:
    refs = []
    for i, line in enumerate(lines):
        found = list(_PHOTO.finditer(line))
        if not found or _PHOTO.sub("", line).strip(" \t\u3000"):
            return None
        refs += [PhotoRef(m["file"].strip(), m["caption"].strip(), first + i) for m in found]
    if len(refs) > PHOTOS_PER_BLOCK:
        return None
    return PhotoRefs(tuple(refs))


def _attach(blocks: list[RawBlock]) -> list[RawBlock]:
    """A 表N paragraph just before a table is its title; a 注： paragraph just after, its note."""
    out: list[RawBlock] = []
    for b in blocks:
        prev = out[-1] if out else None
        if isinstance(b, TableAt) and b.table.title is None and isinstance(prev, Paragraph):
            text = prev.text
            if TABLE_TITLE.match(text) and len(text) <= 40 and "。" not in text:
                out[-1] = TableAt(Table(b.table.header, b.table.rows, text, b.table.note), b.line)
                continue
        if (
            isinstance(prev, TableAt)
            and prev.table.note is None
            and isinstance(b, Paragraph)
            and TABLE_NOTE.match(b.text)
        ):
            t = prev.table
            out[-1] = TableAt(Table(t.header, t.rows, t.title, b.text), prev.line)
            continue
        out.append(b)
    return out


def parse_blocks(text: str) -> tuple[RawBlock, ...]:
    """The blocks of a body in order; ``line`` fields count from the body's first line (0)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[RawBlock] = []
    pos = 0
    for m in [*_BLANK_LINE.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        chunk = text[pos:end]
        first = text.count("\n", 0, pos)
        pos = m.end() - 1 if m is not None else len(text)
        lines = [x.rstrip("\r") for x in chunk.split("\n") if x.strip(" \t\u3000")]
        lead = len(chunk) - len(chunk.lstrip("\n"))
        if not lines:
            continue
        table = _table(lines)
        if table is not None:
            blocks.append(TableAt(table, first + lead))
            continue
        photos = _photos(lines, first + lead)
        if photos is not None:
            blocks.append(photos)
            continue
        joined = join_lines(chunk)
        if joined:
            blocks.append(as_heading(Paragraph(parse_spans(joined))))
    return tuple(_attach(blocks))

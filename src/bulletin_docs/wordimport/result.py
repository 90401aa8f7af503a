"""A Word file into a Draft, the issue it reads as, and the issue file's text with its notes."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import BulletinError
from ..model import Article, Bulletin, Photo, PhotoBlock, Section
from .items import Reader
from .package import WordImportError, open_word
from .recognise import Draft, Note, recognise

PathLike = str | os.PathLike[str]


def read_draft(path: PathLike) -> Draft:
    """The Word file at ``path`` (.docx, .doc, .wps) as a Draft; WordImportError if unreadable."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise WordImportError(f"无法读取文件：{exc.strerror}", file=file) from None
    document = open_word(data, file.suffix, file)
    draft = recognise(Reader(document).items())
    masthead = draft.data["masthead"]
    assert isinstance(masthead, dict)
    if "title" not in masthead or not draft.data["sections"]:
        raise WordImportError(
            "这个文件不像简报：找不到报头（红色大字的简报名称）或【栏目】", file=file
        )
    return draft


def write_photos(draft: Draft, folder: Path) -> None:
    """The draft's photos written under ``folder`` (photos/NN-….jpg), original bytes."""
    for name, data in draft.photos.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def draft_bulletin(draft: Draft, folder: Path) -> Bulletin:
    """The issue the draft reads as, its photos read from ``folder`` (written there before)."""
    from ..api import from_dict

    try:
        return from_dict(draft.data, folder)
    except BulletinError as exc:
        raise WordImportError(f"导入的内容不是有效的简报：{exc}") from None


def _in_memory(photo: Photo) -> Photo:
    assert photo.file is not None
    return dataclasses.replace(photo, file=None, data=photo.file.read_bytes())


def map_photos(bulletin: Bulletin, change: Callable[[Photo], Photo]) -> Bulletin:
    """The issue with every photo (bodies, articles, sections) replaced by ``change(photo)``."""

    def article(a: Article) -> Article:
        body = tuple(
            PhotoBlock(tuple(change(p) for p in b.photos)) if isinstance(b, PhotoBlock) else b
            for b in a.body
        )
        return dataclasses.replace(a, body=body, photos=tuple(change(p) for p in a.photos))

    def section(s: Section) -> Section:
        return dataclasses.replace(
            s,
            articles=tuple(article(a) for a in s.articles),
            photos=tuple(change(p) for p in s.photos),
        )

    return dataclasses.replace(bulletin, sections=tuple(section(s) for s in bulletin.sections))


def import_word(path: PathLike) -> tuple[Bulletin, list[Note]]:
    """The Word 简报 at ``path`` as an issue (photos in memory) and the notes on what
    could not be placed."""
    draft = read_draft(path)
    with tempfile.TemporaryDirectory(prefix="bulletin-import-") as tmp:
        folder = Path(tmp)
        write_photos(draft, folder)
        bulletin = map_photos(draft_bulletin(draft, folder), _in_memory)
    return bulletin, draft.notes


def _anchor_line(lines: list[str], anchor: str) -> int | None:
    """The index of the line holding ``title: anchor`` (a section's or an article's)."""
    from ..issuefile.dump import scalar

    wanted = f"title: {scalar(anchor)}"
    for i, line in enumerate(lines):
        key = line.strip().removeprefix("- ")
        if key == wanted or key.startswith(wanted + "   #"):
            return i
    return None


def issue_text(bulletin: Bulletin, notes: list[Note], folder: Path, source: Path) -> str:
    """The issue file's text (as ``new`` writes it); what the import could not place is kept
    as comments under the title of the section or article it stood in, else at the top."""
    from ..api import dump_yaml

    lines = dump_yaml(bulletin, base_dir=folder).splitlines()
    top: list[str] = []
    for note in reversed(notes):
        at = _anchor_line(lines, note.anchor) if note.anchor is not None else None
        comment = f"# 导入时未能归位：{note}".replace("\n", " ")
        if at is None:
            top.insert(0, comment)
            continue
        indent = len(lines[at]) - len(lines[at].lstrip().removeprefix("- "))
        lines.insert(at + 1, " " * indent + comment)
    head = [f"# 由 {source.name} 导入（bulletin-docs import）；请核对后再排版。", *top]
    return "\n".join(head + lines) + "\n"

"""A loaded issue into the 【请填写……】 placeholders it still holds, as errors at their lines.

``new`` writes these placeholders into the next issue's skeleton; ``check`` and
``build`` report every one left (and every section still empty) until the clerk
has replaced them; ``build --draft`` draws them in a visible colour instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import Problems, SchemaError
from ..model import Bulletin, Paragraph
from .compose import compose_tree
from .nodes import MappingNode, Node, SequenceNode

#: Every placeholder starts with this; nothing a clerk writes should.
PLACEHOLDER_MARK = "【请填写"
TITLE = "【请填写文章标题】"
UNIT = "【请填写作者单位】"
AUTHOR = "【请填写作者】"
BODY = "【请填写正文】"

_KEY_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
#: A placeholder as it stands in a text: the mark up to its closing bracket (or the end).
_PLACEHOLDER = re.compile(f"{PLACEHOLDER_MARK}[^】]*】?")


def is_placeholder(text: str | None) -> bool:
    return text is not None and PLACEHOLDER_MARK in text


def placeholder_mask(text: str) -> list[bool]:
    """One flag per character of ``text``: whether it belongs to a placeholder."""
    mask = [False] * len(text)
    for m in _PLACEHOLDER.finditer(text):
        mask[m.start() : m.end()] = [True] * (m.end() - m.start())
    return mask


def _paragraphs_text(paragraphs: Iterable[Paragraph]) -> str:
    return "\n".join(p.text for p in paragraphs)


def find_placeholders(bulletin: Bulletin) -> list[tuple[str, str]]:
    """(key path, Chinese message) for every placeholder left and every empty section."""
    found: list[tuple[str, str]] = []

    def check(path: str, value: str | None) -> None:
        if is_placeholder(value):
            shown = value if len(value or "") <= 30 else f"{(value or '')[:30]}……"
            found.append((path, f"尚未填写：仍是占位文字“{shown}”"))

    m = bulletin.masthead
    for key, value in (
        ("title", m.title),
        ("issuer", m.issuer),
        ("marking", m.marking),
        ("issue.label", m.issue.label),
        ("date", m.date.literal),
    ):
        check(f"masthead.{key}", value)
    check("preface", _paragraphs_text(bulletin.preface))
    for i, section in enumerate(bulletin.sections):
        sp = f"sections[{i}]"
        check(f"{sp}.title", section.title)
        if not section.articles and not section.photos:
            found.append((sp, f"栏目“{section.title}”还没有文章或照片，请添加，或删去本栏目"))
        for j, article in enumerate(section.articles):
            ap = f"{sp}.articles[{j}]"
            check(f"{ap}.title", article.title)
            check(f"{ap}.contents_title", article.contents_title)
            check(f"{ap}.unit", article.unit)
            for k, author in enumerate(article.authors):
                check(f"{ap}.author" if len(article.authors) == 1 else f"{ap}.author[{k}]", author)
            check(f"{ap}.note", _paragraphs_text(article.note))
            check(f"{ap}.body", _paragraphs_text(article.body))
            for k, photo in enumerate(article.photos):
                check(f"{ap}.photos[{k}].caption", photo.caption)
        for k, photo in enumerate(section.photos):
            check(f"{sp}.photos[{k}].caption", photo.caption)
    for i, row in enumerate(bulletin.distribution):
        check(f"distribution[{i}].label", row.label)
        check(f"distribution[{i}].to", row.to)
    return found


def _node_at(tree: Node, key_path: str) -> Node | None:
    """The node at ``sections[1].articles[0].title`` in a positioned tree, or None."""
    node: Node | None = tree
    for name, index in _KEY_PATH_PART.findall(key_path):
        if name and isinstance(node, MappingNode):
            node = node.get(name)
        elif index and isinstance(node, SequenceNode) and int(index) < len(node.items):
            node = node.items[int(index)]
        else:
            return None
    return node


def placeholder_errors(bulletin: Bulletin, text: str, file: str | None) -> list[SchemaError]:
    """The placeholders left in ``bulletin`` (loaded from ``text``) as errors at their lines."""
    found = find_placeholders(bulletin)
    if not found:
        return []
    tree = compose_tree(text, file=file, problems=Problems())
    errors = []
    for key_path, message in found:
        node = _node_at(tree, key_path)
        if node is None:
            errors.append(SchemaError(message, file=file, key_path=key_path))
        else:
            errors.append(
                SchemaError(
                    message,
                    file=file,
                    line=node.position.line,
                    column=node.position.column,
                    key_path=key_path,
                )
            )
    return errors

"""Composed YAML as plain positioned nodes (mapping, sequence, scalar), named in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import Position


@dataclass(frozen=True)
class ScalarNode:
    """A scalar: the text as typed (after YAML quoting rules), its resolved tag and value.

    ``tag`` is one of ``str``, ``int``, ``float``, ``bool``, ``null``,
    ``timestamp``; ``value`` is the Python value for int/float/bool/null and the
    text itself otherwise (timestamps stay text: validation reads dates).
    ``bad`` marks a scalar the loader already reported (refused tag, control
    character, too long): validation skips it without a second message.
    """

    raw: str
    tag: str
    value: object
    position: Position
    quoted: bool = False
    bad: bool = False


@dataclass(frozen=True)
class SequenceNode:
    """A list, its items in file order."""

    items: tuple[Node, ...]
    position: Position
    bad: bool = False


@dataclass(frozen=True)
class MappingNode:
    """A mapping in file order; ``entries`` pairs each key's own scalar node with its value."""

    entries: tuple[tuple[ScalarNode, Node], ...]
    position: Position
    bad: bool = False

    def get(self, key: str) -> Node | None:
        for k, v in self.entries:
            if k.raw == key:
                return v
        return None

    def key_node(self, key: str) -> ScalarNode | None:
        for k, _ in self.entries:
            if k.raw == key:
                return k
        return None

    def key_nodes(self) -> Iterator[ScalarNode]:
        return (k for k, _ in self.entries)


Node = ScalarNode | SequenceNode | MappingNode


def describe(node: Node | None) -> str:
    """What a value is, in the clerk's words: 文字、整数、列表、映射……"""
    if node is None:
        return "空值"
    if isinstance(node, MappingNode):
        return "映射（键: 值）"
    if isinstance(node, SequenceNode):
        return "列表"
    return {
        "str": "文字",
        "timestamp": "日期",
        "int": "整数",
        "float": "小数",
        "bool": "真假值（true/false）",
        "null": "空值",
    }.get(node.tag, "文字")

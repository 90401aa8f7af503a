"""A script's mapping (dicts, lists, text, numbers, dates, photo bytes) into positioned nodes.

The nodes are those ``compose`` makes of YAML text, with key paths and no line
numbers, so that ``validate`` checks them with the same rules and the same
Chinese messages. Python values take the YAML tags they would have: ``str`` is
text (as if quoted), ``int``/``float``/``bool``/``None`` are numbers, flags and
empty values, a ``datetime.date`` is a date. A photo's ``file`` may also be
``bytes`` or a binary file object (read once), tagged ``binary`` for the section
reader.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import (
    BulletinError,
    PhotoError,
    Position,
    Problems,
    SchemaError,
    YamlSyntaxError,
)
from ..layout import LayoutProfile
from ..model import Bulletin
from .compose import MAX_DEPTH, MAX_SCALAR_BYTES
from .messages import BAD_CHARS, control_char, too_long
from .nodes import MappingNode, Node, ScalarNode, SequenceNode
from .validate import bulletin_from_tree

#: Key paths whose value is a photo (``sections[0].photos[1].file``): bytes are allowed there.
_PHOTO_FILE = re.compile(r"(?:^|\.)photos\[\d+\]\.file$")
_KINDS = "文字、数字、真假值、日期、列表和映射"


def bulletin_from_dict(
    data: Mapping[str, object], *, base_dir: Path, profile: LayoutProfile
) -> Bulletin:
    """Validate ``data`` as an issue file's content; raise every error found, as load() does."""
    if not isinstance(data, Mapping):
        raise TypeError(
            f"from_dict() 需要一个映射（dict），收到的是 {type(data).__name__}；"
            "YAML 文本请用 loads()，文件请用 load()。"
        )
    problems = Problems()
    tree = _Converter(problems).mapping(data, Position(), 0)
    return bulletin_from_tree(tree, problems, base_dir=base_dir, file=None, profile=profile)


class _Converter:
    """Python values into nodes, reporting what an issue cannot hold (as compose does)."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def error(
        self, position: Position, message: str, cls: type[BulletinError] = SchemaError
    ) -> None:
        self.problems.add(cls.at(position, message))

    def node(self, value: object, position: Position, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise YamlSyntaxError.at(position, "列表或映射嵌套层次过深（或映射包含了它自己）")
        if isinstance(value, Mapping):
            return self.mapping(value, position, depth)
        if isinstance(value, (list, tuple)):
            items = tuple(
                self.node(item, Position(key_path=position.child(i)), depth + 1)
                for i, item in enumerate(value)
            )
            return SequenceNode(items, position)
        return self.scalar(value, position)

    def mapping(self, value: Mapping[Any, object], position: Position, depth: int) -> MappingNode:
        entries: list[tuple[ScalarNode, Node]] = []
        for key, item in value.items():
            if isinstance(key, (Mapping, list, tuple)) or not _is_scalar(key):
                self.error(position, "键必须是简单的文字，不能是列表或映射")
                continue
            text = _text_of(key)
            child = Position(key_path=position.child(BAD_CHARS.sub("□", text)))
            key_node = self.scalar(key, child)
            if key_node.bad:
                continue
            entries.append((key_node, self.node(item, child, depth + 1)))
        return MappingNode(tuple(entries), position)

    def scalar(self, value: object, position: Position) -> ScalarNode:
        if _PHOTO_FILE.search(position.key_path) and _is_binary(value):
            return self.binary(value, position)
        if isinstance(value, bool):
            text = "true" if value else "false"
            return ScalarNode(text, "bool", value, position)
        if isinstance(value, int):
            return ScalarNode(str(value), "int", value, position)
        if isinstance(value, float):
            return ScalarNode(repr(value), "float", value, position)
        if value is None:
            return ScalarNode("", "null", None, position)
        if isinstance(value, _dt.datetime):
            text = value.isoformat(sep=" ")
            return ScalarNode(text, "timestamp", text, position)
        if isinstance(value, _dt.date):
            text = value.isoformat()
            return ScalarNode(text, "timestamp", text, position)
        if isinstance(value, (str, os.PathLike)):
            return self.text(_text_of(value), position)
        binary = "字节数据（照片请写在 photos 的 file 里）"
        what = binary if _is_binary(value) else type(value).__name__
        self.error(position, f"不能写这种值：{what}；这里只能写{_KINDS}")
        return ScalarNode("", "str", "", position, quoted=True, bad=True)

    def text(self, text: str, position: Position) -> ScalarNode:
        if len(text) > MAX_SCALAR_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > (
            MAX_SCALAR_BYTES
        ):
            self.error(position, too_long(MAX_SCALAR_BYTES))
            return ScalarNode("", "str", "", position, quoted=True, bad=True)
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        bad = BAD_CHARS.search(text)
        if bad is not None:
            self.error(position, control_char(bad.group()))
            return ScalarNode(text, "str", text, position, quoted=True, bad=True)
        return ScalarNode(text, "str", text, position, quoted=True)

    def binary(self, value: object, position: Position) -> ScalarNode:
        """A photo given as bytes or as a binary file object (read here, once)."""
        if isinstance(value, (bytes, bytearray, memoryview)):
            data = bytes(value)
        else:
            try:
                read = value.read()  # type: ignore[attr-defined]
            except OSError as exc:
                self.error(position, f"无法读取照片：{exc}", cls=PhotoError)
                return ScalarNode("", "binary", b"", position, bad=True)
            if not isinstance(read, (bytes, bytearray)):
                self.error(position, "照片的文件对象应以二进制方式打开（open(路径, \"rb\")）")
                return ScalarNode("", "binary", b"", position, bad=True)
            data = bytes(read)
        if not data:
            self.error(position, "照片数据是空的", cls=PhotoError)
            return ScalarNode("", "binary", b"", position, bad=True)
        return ScalarNode("", "binary", data, position)


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(
        value, (str, int, float, bool, _dt.date, os.PathLike)
    )


def _is_binary(value: object) -> bool:
    """Bytes, or a file object to read them from."""
    return isinstance(value, (bytes, bytearray, memoryview)) or (
        hasattr(value, "read") and not isinstance(value, (str, Sequence, Mapping))
    )


def _text_of(value: object) -> str:
    """A key or text as the issue holds it: paths as their text, numbers as typed in YAML."""
    if isinstance(value, str):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value) if isinstance(os.fspath(value), str) else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)

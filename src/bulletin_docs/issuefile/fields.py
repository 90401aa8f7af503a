"""Positioned YAML nodes into checked values (text, integers, flags, lists), errors in Chinese."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import Position, Problems, SchemaError
from ..model import Paragraph
from .keys import ALL_KEYS, suggest
from .markup import join_lines, parse_paragraphs
from .nodes import MappingNode, Node, ScalarNode, SequenceNode, describe

#: A value that is a key and its value written without the space (``title:挂职简报``).
_NO_SPACE_COLON = re.compile(r"([A-Za-z_]+):(\S.*)", re.DOTALL)


@dataclass
class Fields:
    """Reads values out of nodes, adding a Chinese SchemaError to ``problems`` for each bad one."""

    problems: Problems
    #: (mapping, key) pairs an unknown key was taken for: not reported missing as well.
    suggested: set[tuple[int, str]] = field(default_factory=set)

    def error(self, position: Position, message: str) -> None:
        self.problems.add(SchemaError.at(position, message))

    # -- keys ----------------------------------------------------------------------
    def check_keys(
        self,
        node: MappingNode,
        known: Mapping[str, str],
        strays: Mapping[str, str],
    ) -> None:
        """Report every key not in ``known``: where it belongs (``strays``), or the nearest one."""
        for key in node.key_nodes():
            if key.raw in known:
                continue
            allowed = "、".join(known)
            stripped = key.raw.strip(" \t\u3000")
            if stripped in known:
                self.suggested.add((id(node), stripped))
                self.error(
                    key.position,
                    f"键 {stripped} 前后多了空格（常见的是全角空格“　”）；请删除，"
                    "缩进只能用半角空格",
                )
                continue
            if key.raw in strays:
                self.error(key.position, f"键 {key.raw} 不能写在这里：{strays[key.raw]}")
                continue
            near = suggest(key.raw, known)
            if near is not None:
                self.suggested.add((id(node), near))
            hint = f"（是不是要写 {near}？）" if near else ""
            shown = key.raw if key.raw.strip() else f"“{key.raw}”（空的键）"
            self.error(key.position, f"未知的键 {shown}{hint}；这里可以写的键：{allowed}")

    def required(
        self, node: MappingNode, key: str, known: Mapping[str, str]
    ) -> Node | None:
        """The value of a required key, or None after reporting it missing or empty.

        A key already suggested for a misspelt one (``titel``) is not reported
        missing a second time.
        """
        value = node.get(key)
        label = known[key]
        if value is None:
            if (id(node), key) not in self.suggested:
                where = Position(
                    node.position.file,
                    node.position.line,
                    node.position.column,
                    node.position.child(key),
                )
                self.error(where, f"缺少必填项 {key}（{label}）")
            return None
        if isinstance(value, ScalarNode) and value.tag == "null" and not value.bad:
            self.error(value.position, f"必填项 {key}（{label}）没有填写内容")
            return None
        return value

    @staticmethod
    def optional(node: MappingNode, key: str) -> Node | None:
        """The value of an optional key; an empty value (``key:``) counts as absent."""
        value = node.get(key)
        if isinstance(value, ScalarNode) and value.tag == "null" and not value.bad:
            return None
        return value

    # -- shapes --------------------------------------------------------------------
    def mapping(self, node: Node | None, label: str, example: str) -> MappingNode | None:
        if node is None or node.bad:
            return None
        if isinstance(node, MappingNode):
            return node
        bare = _NO_SPACE_COLON.fullmatch(node.raw) if isinstance(node, ScalarNode) else None
        if bare and bare.group(1) in ALL_KEYS:
            key, value = bare.groups()
            self.error(
                node.position, f"键 {key} 的冒号后面要有一个空格：写成“{key}: {value.strip()}”"
            )
            return None
        self.error(
            node.position, f"{label}应写成“键: 值”的映射（{example}），实际是{describe(node)}"
        )
        return None

    def sequence(self, node: Node | None, label: str, example: str) -> tuple[Node, ...] | None:
        if node is None or node.bad:
            return None
        if isinstance(node, SequenceNode):
            return node.items
        self.error(
            node.position,
            f"{label}应写成列表（每项以“- ”开头，{example}），实际是{describe(node)}",
        )
        return None

    # -- scalars -------------------------------------------------------------------
    def text(self, node: Node | None, label: str, *, required: bool = False) -> str | None:
        """Text as typed; numbers and true/false are taken as the text the clerk typed.

        A block scalar's final line break (``title: |``) is dropped; text on
        several lines is joined by the README's rule (Chinese directly, Latin
        words with a space), whatever YAML style it was written in. An empty
        text is an error when ``required``, absent otherwise.
        """
        if node is None or node.bad:
            return None
        if not isinstance(node, ScalarNode):
            self.error(node.position, f"应为文字（{label}），实际是{describe(node)}")
            return None
        if node.tag == "null":
            return None
        value = node.raw.rstrip("\n") if not node.quoted else node.raw
        if "\n" in value.strip("\n"):
            value = join_lines(value)
        if not value.strip():
            if required:
                self.error(node.position, f"{label}不能为空")
            return None
        return value

    def texts(self, items: tuple[Node, ...], label: str) -> tuple[str, ...] | None:
        """Each item of a list as required text (an empty item is an error)."""
        out: list[str] = []
        ok = True
        for item in items:
            value = self.text(item, label, required=True)
            if value is None:
                ok = False
                if isinstance(item, ScalarNode) and item.tag == "null" and not item.bad:
                    self.error(item.position, f"{label}不能为空")
            else:
                out.append(value)
        return tuple(out) if ok else None

    def paragraphs(
        self, node: Node | None, label: str, *, required: bool = False
    ) -> tuple[Paragraph, ...] | None:
        """Paragraphs of a body, note or preface (blank lines separate them)."""
        if node is None or node.bad:
            return None
        if not isinstance(node, ScalarNode):
            self.error(
                node.position,
                f"应为文字（{label}；多段文字请写成 “| ” 后另起一行，段与段之间空一行），"
                f"实际是{describe(node)}",
            )
            return None
        paragraphs = parse_paragraphs(node.raw) if node.tag != "null" else ()
        if required and not paragraphs:
            self.error(node.position, f"{label}不能为空")
            return None
        return paragraphs

    def integer(
        self, node: Node | None, label: str, *, minimum: int = 1, maximum: int | None = None
    ) -> int | None:
        """An integer within bounds; ``"1"`` (quoted), 1.0 and true are refused with a reason."""
        if node is None or node.bad:
            return None
        expect = f"应为不小于 {minimum} 的整数（{label}）"
        if maximum is not None:
            expect = f"应为 {minimum} 到 {maximum} 之间的整数（{label}）"
        if isinstance(node, ScalarNode) and node.tag == "int":
            value = node.value
            assert isinstance(value, int)
            if value < minimum or (maximum is not None and value > maximum):
                self.error(node.position, f"{expect}，实际是 {node.raw}")
                return None
            return value
        digits = node.raw.strip() if isinstance(node, ScalarNode) else ""
        if isinstance(node, ScalarNode) and digits.isdecimal() and not digits.isascii():
            half = "".join(str(int(ch)) for ch in digits)
            self.error(
                node.position,
                f"{expect}，实际是全角数字“{digits}”；请改用半角数字 {half}"
                "（切换到英文输入法输入）",
            )
        elif isinstance(node, ScalarNode) and node.quoted and digits.isascii() and digits.isdigit():
            self.error(
                node.position,
                f"{expect}，实际是加了引号的文字“{node.raw}”；请去掉引号",
            )
        elif isinstance(node, ScalarNode):
            shown = node.raw if len(node.raw) <= 40 else node.raw[:40] + "……"
            self.error(node.position, f"{expect}，实际是{describe(node)}“{shown}”")
        else:
            self.error(node.position, f"{expect}，实际是{describe(node)}")
        return None

    def boolean(self, node: Node | None, label: str) -> bool | None:
        if node is None or node.bad:
            return None
        if isinstance(node, ScalarNode) and node.tag == "bool":
            assert isinstance(node.value, bool)
            return node.value
        expect = f"应为 true 或 false（{label}）"
        if isinstance(node, ScalarNode) and node.raw.strip().lower() in ("true", "false"):
            self.error(node.position, f"{expect}，请去掉引号")
        elif isinstance(node, ScalarNode):
            self.error(node.position, f"{expect}，实际是“{node.raw[:40]}”")
        else:
            self.error(node.position, f"{expect}，实际是{describe(node)}")
        return None

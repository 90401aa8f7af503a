"""Positioned YAML nodes into checked values (text, integers, flags, lists), errors in Chinese."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import Position, SchemaError
from .model import Paragraph
from .text import parse_paragraphs
from .yamlnodes import MappingNode, Node, Problems, ScalarNode, SequenceNode, describe

#: Chinese words clerks may type as keys, and the key they mean.
_CHINESE_KEYS = {
    "报头": "masthead",
    "标题": "title",
    "名称": "title",
    "期号": "issue",
    "期数": "number",
    "年份": "year",
    "总期号": "total",
    "编印单位": "issuer",
    "日期": "date",
    "密级": "marking",
    "要目": "contents",
    "本期要目": "contents",
    "编者按": "preface",
    "栏目": "sections",
    "文章": "articles",
    "单位": "unit",
    "作者": "author",
    "按语": "note",
    "正文": "body",
    "照片": "photos",
    "图片": "photos",
    "文件": "file",
    "说明": "caption",
    "图注": "caption",
    "报尾": "distribution",
    "版记": "distribution",
    "印数": "copies",
    "份数": "copies",
}


def suggest(key: str, known: Mapping[str, str]) -> str | None:
    """The known key nearest to ``key`` (typos, capitals, Chinese words), if any is near."""
    if key.lower() in known:
        return key.lower()
    chinese = _CHINESE_KEYS.get(key.strip())
    if chinese in known:
        return chinese
    close = difflib.get_close_matches(key.lower(), list(known), n=1, cutoff=0.6)
    return close[0] if close else None


TO_TOP = "这是顶层的键：请顶格写（前面不要有空格）"
IN_MASTHEAD = "这是报头的键：请写在 masthead: 下面，缩进两格"
IN_ISSUE = "这是期号的键：请写在 issue: 下面，再缩进两格"
IN_SECTIONS = "这是栏目的键：请写在 sections: 列表的栏目里（“- title: …”的下面）"
IN_ARTICLE = "这是文章的键：请写在 articles: 列表的文章里（“- title: …”的下面）"
IN_PHOTO = "这是照片的键：请写在 photos: 列表里（“- file: …”的下面）"
TOP_LEVEL_KEYS = ("masthead", "contents", "preface", "sections", "distribution", "copies")


def misplaced(hint: str, *keys: str) -> dict[str, str]:
    """``{key: hint}`` for keys that belong to another level."""
    return dict.fromkeys(keys, hint)


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
        elsewhere: Mapping[str, str] | None = None,
    ) -> None:
        """Report every key not in ``known``: where it belongs, or the nearest known key."""
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
            if elsewhere and key.raw in elsewhere:
                self.error(key.position, f"键 {key.raw} 不能写在这里：{elsewhere[key.raw]}")
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

        A block scalar's final line break (``title: |``) is dropped. An empty
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
        if isinstance(node, ScalarNode) and node.tag == "str" and node.raw.strip().isdigit():
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

"""YAML text into positioned nodes: safe composing, refused tags, bounded aliases, clean text.

Nothing is ever constructed from a tag: the text is composed into PyYAML's
node graph by the SafeLoader's composer (libyaml's where it gives the same
nodes, see ``_c_composed``) and every scalar is resolved here, so
``!!python/...`` tags construct nothing and ``2024-02-30`` stays text for
validation to judge.

Every value keeps its line breaks as typed, whatever its YAML style (plain,
quoted, ``|`` or ``>``): YAML would fold them into spaces, which between
Chinese characters is a change the clerk never made; validation joins the lines
by the README's rules instead. Text YAML drops as a comment because only one
space stood before its ``#`` is reported as a BulletinWarning.
"""

from __future__ import annotations

import re
import warnings

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.error import Mark

from ..errors import (
    BulletinError,
    BulletinWarning,
    Position,
    Problems,
    SchemaError,
    YamlSyntaxError,
)
from .messages import (
    BAD_CHARS,
    control_char,
    first_bad_char,
    mark_position,
    quoted_fix,
    sign_message,
    syntax_error,
    too_long,
)
from .nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Largest issue file read at all (characters); a real issue is a few dozen KB.
MAX_TEXT_CHARS = 10_000_000
#: Largest single value, in UTF-8 bytes.
MAX_SCALAR_BYTES = 1_048_576
#: Deepest nesting of lists and mappings (the format needs 6).
MAX_DEPTH = 40
#: Most nodes that aliases (``*name``) may expand to in one file.
MAX_ALIAS_NODES = 10_000

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {
    _YAML + "str": "str",
    _YAML + "int": "int",
    _YAML + "float": "float",
    _YAML + "bool": "bool",
    _YAML + "null": "null",
    _YAML + "timestamp": "timestamp",
    _YAML + "value": "str",  # a lone "=" is just text
}
_SEQ_TAG = _YAML + "seq"
_MAP_TAG = _YAML + "map"
_MERGE_TAG = _YAML + "merge"
#: What follows a plain value on its line when YAML took the rest for a comment.
_ONE_SPACE_COMMENT = re.compile(r"[ \t]#(.*)")

def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


class _TooDeep(Exception):
    def __init__(self, mark: Mark | None) -> None:
        self.mark = mark


class _ComposingLoader(yaml.SafeLoader):
    """The SafeLoader's scanner, parser, resolver and composer, with bounded nesting.

    Every line break inside a value is scanned as ``line_mark`` (a character
    absent from the text), which YAML's folding rules leave in place, so that
    the converter gets each value's lines as typed. Plain scalars written with
    an anchor (``&name text``) are remembered: the clerk meant ``&`` as text.
    """

    def __init__(self, stream: str, line_mark: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self.line_mark = line_mark
        self.anchored_plain: set[int] = set()

    def scan_line_break(self) -> str:
        found: str = super().scan_line_break()
        return self.line_mark if found == "\n" else found

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self._depth += 1
        try:
            event = self.peek_event()
            if self._depth > MAX_DEPTH:
                raise _TooDeep(event.start_mark)
            node = super().compose_node(parent, index)
            if isinstance(event, yaml.ScalarEvent) and event.anchor and event.style is None:
                self.anchored_plain.add(id(node))
            return node
        finally:
            self._depth -= 1


#: What the C composer is not given: a byte order mark and the rarer line breaks.
_C_REFUSED = re.compile("[\ufeff\x85\u2028\u2029]")
#: What the C composer is given only inside literal blocks' lines (where it is text):
#: anchors, tags and explicit keys (``&`` ``!`` ``?`` where a node may begin: its nodes
#: do not say which plain value had an anchor, and it reads a bare ``!`` and an empty
#: explicit key otherwise), directives and tabs. Without anchors, an alias is an error.
_C_IN_BLOCKS_ONLY = re.compile(r"(?:^|[\s\[\]{},:?\-])[&!?]|^%|\t", re.M)
#: A literal block's header as both composers read it: indicators, then nothing or a comment.
_BLOCK_HEADER = re.compile(r"\|(?:[1-9][-+]?|[-+][1-9]?)?(?: +#[^\n]*| *)(?:\n|$)")
#: Most ``[`` and ``{`` in a text given to the C composer (it nests without a limit).
_C_MAX_BRACKETS = 1000


def _c_composed(text: str) -> yaml.Node | None:
    """``text`` composed by libyaml, when that gives the very nodes _ComposingLoader gives;
    else None (and the pure-Python loader composes it, with its messages).

    The pure-Python composer is most of a warm ``load``; libyaml's is twenty times faster.
    They agree on a text whose values each keep to one line or are literal (``|``) blocks,
    with anchors, tags, explicit keys, directives and tabs only inside such blocks' lines
    (where they are text), and no value left empty: the same values, tags, styles and
    marks (characters from the text's start). A multi-line plain, quoted or folded value
    is folded by libyaml where the line_mark keeps its lines, the two read tabs between
    tokens and a comment right after ``|`` differently, and place an empty value
    elsewhere; errors, an empty file, a shared node and nesting past MAX_DEPTH are left to
    the pure-Python loader too. (The differences were found by comparing both on random
    texts of YAML's indicators, CJK text and spaces.)
    """
    loader_class = getattr(yaml, "CSafeLoader", None)
    if (
        loader_class is None
        or _C_REFUSED.search(text)
        or yaml.reader.Reader.NON_PRINTABLE.search(text)
        or text.count("[") + text.count("{") > _C_MAX_BRACKETS
    ):
        return None
    loader = loader_class(text)
    try:
        root: yaml.Node | None = loader.get_single_node()
    except (yaml.YAMLError, ValueError, UnicodeError):
        return None
    finally:
        loader.dispose()
    blocks: list[yaml.ScalarNode] = []
    if root is None or not _c_nodes_agree(root, blocks):
        return None
    if not all(_BLOCK_HEADER.match(text, b.start_mark.index) for b in blocks):
        return None
    return root if _inside_blocks(text, blocks) else None


def _inside_blocks(text: str, blocks: list[yaml.ScalarNode]) -> bool:
    """Whether every _C_IN_BLOCKS_ONLY character of ``text`` is on the lines of one of the
    literal ``blocks`` (after its header line)."""
    spans = [(text.find("\n", b.start_mark.index), b.end_mark.index) for b in blocks]
    for match in _C_IN_BLOCKS_ONLY.finditer(text):
        i = match.end() - 1
        if not any(0 <= start < i < end for start, end in spans):
            return False
    return True


def _c_nodes_agree(root: yaml.Node, blocks: list[yaml.ScalarNode]) -> bool:
    """Whether libyaml's nodes under ``root`` are the pure-Python loader's (see _c_composed);
    plain scalars get its style (None, where libyaml says ""); literal blocks are listed
    in ``blocks``."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > MAX_DEPTH:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.style == "":
                if not node.value:  # an empty value
                    return False
                node.style = None
            if node.style == "|":
                blocks.append(node)
            elif node.style == ">" or node.start_mark.line != node.end_mark.line:
                return False
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
        else:
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
    return True


def _placeholder(text: str) -> str:
    """A private-use character absent from ``text``, standing in for a refused character."""
    for cp in range(0xF0000, 0xF1000):
        ch = chr(cp)
        if ch not in text:
            return ch
    raise YamlSyntaxError("文件中的特殊字符过多，无法读取")  # pragma: no cover


class _Converter:
    """PyYAML's node graph into our nodes, reporting refused tags, characters and sizes."""

    def __init__(
        self,
        file: str | None,
        problems: Problems,
        text: str,
        marker: str | None,
        line_mark: str,
        anchored_plain: set[int],
    ) -> None:
        self.file = file
        self.problems = problems
        self.text = text
        self.marker = marker
        self.line_mark = line_mark
        self.anchored_plain = anchored_plain
        self.visited: set[int] = set()
        self.alias_nodes = 0
        self._constructor = SafeConstructor()

    # -- helpers -----------------------------------------------------------------
    def _report(self, cls: type[BulletinError], position: Position, message: str) -> None:
        self.problems.add(cls.at(position, message))

    def _refuse_tag(self, tag: str, position: Position) -> None:
        shown = tag.replace(_YAML, "!!")
        self._report(
            YamlSyntaxError,
            position,
            f"不支持的 YAML 标签 {shown}：简报文件只能写文字、数字、真假值、列表和映射"
            "（出于安全考虑，这个值没有被读取）",
        )

    def _source_line(self, mark: Mark) -> str:
        """The whole line of the text on which ``mark`` lies."""
        start = self.text.rfind("\n", 0, mark.index) + 1
        end = self.text.find("\n", mark.index)
        return self.text[start : end if end >= 0 else len(self.text)]

    def _typed_as_text(self, ynode: yaml.ScalarNode, position: Position) -> bool:
        """Report a plain value YAML read as an anchor or a tag (``&重要 通知``, ``!注意``)."""
        local_tag = ynode.tag.startswith("!") and not ynode.tag.startswith("!!")
        if id(ynode) not in self.anchored_plain and not (local_tag and ynode.style is None):
            return False
        sign = self.text[ynode.start_mark.index]
        self._report(
            YamlSyntaxError, position, sign_message(sign, self._source_line(ynode.start_mark))
        )
        return True

    def _warn_dropped_comment(self, ynode: yaml.ScalarNode, position: Position) -> None:
        """Warn when text after `` #`` on a plain value's line was dropped as a comment.

        A comment written the way ``new`` writes it (two or more spaces before
        ``#``, or on a line of its own) is meant as one and stays quiet.
        """
        end = ynode.end_mark
        line_end = self.text.find("\n", end.index)
        rest = self.text[end.index : line_end if line_end >= 0 else len(self.text)]
        dropped = _ONE_SPACE_COMMENT.match(rest)
        if dropped is None:
            return
        value = self.text[ynode.start_mark.index : end.index]
        where = Position(self.file, end.line + 1, end.column + 2, position.key_path)
        head = f"{where.where()}：{where.key_path}：" if where.key_path else f"{where.where()}："
        if value:
            whole = self._source_line(end)[: end.column] + rest
            what = (
                f"“#”前只有一个空格，YAML 把“#{dropped.group(1)}”当作注释，只印出“{value}”；"
                f"要印出整段文字，请加引号：{quoted_fix(whole)}"
            )
        else:
            what = (
                f"“#”前只有一个空格，YAML 把“#{dropped.group(1)}”当作注释，这一项没有内容；"
                "要印出这段文字，请把它放进引号里"
            )
        warnings.warn(BulletinWarning(head + what), stacklevel=2)

    def _bad_char_at(self, ynode: yaml.ScalarNode) -> tuple[int, int, str] | None:
        """Line, column and character of the first refused character inside ``ynode``."""
        start, end = ynode.start_mark.index, ynode.end_mark.index
        segment = self.text[start:end]
        match = BAD_CHARS.search(segment)
        if match is None:
            return None
        offset = start + match.start()
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, column, match.group()

    def _printable(self, key: str) -> str:
        """A key as it may appear in a key path: refused characters shown as □."""
        if self.marker is not None:
            key = key.replace(self.marker, "□")
        return BAD_CHARS.sub("□", key)

    # -- nodes -------------------------------------------------------------------
    def convert(self, ynode: yaml.Node, key_path: str, depth: int, aliased: bool) -> Node:
        position = mark_position(self.file, ynode.start_mark, key_path)
        if id(ynode) in self.visited:
            aliased = True
        self.visited.add(id(ynode))
        if aliased:
            self.alias_nodes += 1
            if self.alias_nodes > MAX_ALIAS_NODES:
                raise YamlSyntaxError.at(
                    position,
                    f"别名（*名字）展开后的内容过多（超过 {MAX_ALIAS_NODES} 项），拒绝读取；"
                    "请把内容直接写出来",
                )
        if depth > MAX_DEPTH:
            raise YamlSyntaxError.at(
                position, "嵌套层次过深（别名引用了自身，或列表/映射套得太多层）"
            )
        if isinstance(ynode, yaml.ScalarNode):
            return self.scalar(ynode, position)
        if isinstance(ynode, yaml.SequenceNode):
            if ynode.tag != _SEQ_TAG:
                self._refuse_tag(ynode.tag, position)
                return SequenceNode((), position, bad=True)
            items = tuple(
                self.convert(item, position.child(i), depth + 1, aliased)
                for i, item in enumerate(ynode.value)
            )
            return SequenceNode(items, position)
        assert isinstance(ynode, yaml.MappingNode)
        if ynode.tag != _MAP_TAG:
            self._refuse_tag(ynode.tag, position)
            return MappingNode((), position, bad=True)
        return self.mapping(ynode, position, depth, aliased)

    def mapping(
        self, ynode: yaml.MappingNode, position: Position, depth: int, aliased: bool
    ) -> MappingNode:
        entries: list[tuple[ScalarNode, Node]] = []
        seen: dict[str, ScalarNode] = {}
        for ykey, yvalue in ynode.value:
            key_mark_pos = mark_position(self.file, ykey.start_mark, position.key_path)
            if not isinstance(ykey, yaml.ScalarNode):
                self._report(SchemaError, key_mark_pos, "键必须是简单的文字，不能是列表或映射")
                continue
            if ykey.tag == _MERGE_TAG:
                self._report(
                    YamlSyntaxError, key_mark_pos, "不支持 YAML 合并键 <<：请把内容直接写出来"
                )
                continue
            child_path = position.child(self._printable(ykey.value))
            key = self.scalar(ykey, mark_position(self.file, ykey.start_mark, child_path))
            if key.bad:
                continue
            first = seen.get(key.raw)
            if first is not None:
                self._report(
                    SchemaError,
                    key.position,
                    f"键 {key.raw} 重复：第 {first.position.line} 行已经写过，"
                    f"第 {key.position.line} 行又写了一次；请只保留一个",
                )
                continue
            seen[key.raw] = key
            entries.append((key, self.convert(yvalue, child_path, depth + 1, aliased)))
        return MappingNode(tuple(entries), position)

    def scalar(self, ynode: yaml.ScalarNode, position: Position) -> ScalarNode:
        raw: str = ynode.value.replace(self.line_mark, "\n")
        quoted = ynode.style in ("'", '"')
        if self._typed_as_text(ynode, position):
            return ScalarNode(raw, "str", raw, position, quoted, bad=True)
        if ynode.style is None:
            self._warn_dropped_comment(ynode, position)
        tag = _SCALAR_TAGS.get(ynode.tag)
        if tag is None:
            self._refuse_tag(ynode.tag, position)
            return ScalarNode("", "str", "", position, quoted, bad=True)
        if len(raw) > MAX_SCALAR_BYTES // 4 and _utf8_len(raw) > MAX_SCALAR_BYTES:
            self._report(SchemaError, position, too_long(MAX_SCALAR_BYTES))
            return ScalarNode("", "str", "", position, quoted, bad=True)
        if "\r" in raw:
            raw = raw.replace("\r\n", "\n").replace("\r", "\n")
        if (self.marker is not None and self.marker in raw) or BAD_CHARS.search(raw):
            self._report_bad_char(ynode, raw, position)
            return ScalarNode(raw, "str", raw, position, quoted, bad=True)
        try:
            value = self._resolve(tag, ynode, raw)
        except (ConstructorError, ValueError, TypeError, KeyError, OverflowError):
            names = {"int": "整数", "float": "小数", "bool": "真假值（true/false）"}
            self._report(
                SchemaError,
                position,
                f"标签 !!{tag} 要求{names.get(tag, tag)}，但写的是“{raw[:40]}”",
            )
            return ScalarNode(raw, "str", raw, position, quoted, bad=True)
        return ScalarNode(raw, tag, value, position, quoted)

    def _report_bad_char(self, ynode: yaml.ScalarNode, raw: str, position: Position) -> None:
        found = self._bad_char_at(ynode)
        if found is not None:
            line, column, char = found
            where = Position(self.file, line, column, position.key_path)
        else:  # written as an escape inside double quotes ("\x01")
            match = BAD_CHARS.search(raw)
            char = match.group() if match else "?"
            where = position
        self._report(SchemaError, where, control_char(char))

    def _resolve(self, tag: str, ynode: yaml.ScalarNode, raw: str) -> object:
        if tag == "int":
            return self._constructor.construct_yaml_int(ynode)
        if tag == "float":
            return self._constructor.construct_yaml_float(ynode)
        if tag == "bool":
            return self._constructor.construct_yaml_bool(ynode)
        if tag == "null":
            return None
        return raw


def compose_tree(text: str, *, file: str | None, problems: Problems) -> MappingNode:
    """Compose ``text`` into positioned nodes; the top level must be a mapping.

    Errors that stop reading (syntax, empty file, top level not a mapping,
    runaway aliases) are raised at once; the others are added to ``problems``
    and the tree is returned with the offending values marked ``bad``.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise YamlSyntaxError(
            f"文件太大（超过 {MAX_TEXT_CHARS // 1_000_000} 百万字符），不像一期简报", file=file
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    marker: str | None = None
    parse_text = text
    if BAD_CHARS.search(text):
        marker = _placeholder(text)
        parse_text = BAD_CHARS.sub(marker, text)
    line_mark = _placeholder(parse_text)
    anchored_plain: set[int] = set()
    root = _c_composed(parse_text)
    if root is None:
        loader = _ComposingLoader(parse_text, line_mark)
        try:
            root = loader.get_single_node()
        except _TooDeep as exc:
            raise YamlSyntaxError.at(
                mark_position(file, exc.mark), "列表或映射嵌套层次过深"
            ) from None
        except yaml.YAMLError as exc:
            if marker is not None:  # a refused character is the likelier cause: name it
                raise first_bad_char(text, file) from None
            raise syntax_error(exc, file, text) from None
        finally:
            loader.dispose()
        anchored_plain = loader.anchored_plain
    if root is None or (
        isinstance(root, yaml.ScalarNode) and root.tag == _YAML + "null" and not root.value
    ):
        raise SchemaError(
            "文件是空的：简报文件至少要写 masthead（报头）、sections（栏目）"
            "和 distribution（报尾）",
            file=file,
            line=1,
            column=1,
        )
    converter = _Converter(file, problems, text, marker, line_mark, anchored_plain)
    tree = converter.convert(root, "", 0, False)
    if not isinstance(tree, MappingNode) or tree.bad:
        problems.raise_if_any()
        what = "列表" if isinstance(tree, SequenceNode) else "一个值"
        raise SchemaError.at(
            tree.position,
            f"文件的顶层应为“键: 值”的映射（以 masthead: 开头），实际是{what}",
        )
    return tree

"""YAML parser failures into Chinese YamlSyntaxErrors at the line and column the clerk must fix.

No English text of the parser reaches the clerk: every complaint PyYAML can
make is said in Chinese, and the commonest slips get their own message at the
line where they were typed — a full-width colon or space, ``key:value``
without the space, a value starting with one of YAML's signs (``*``, ``&``,
``!``, ``%``, ``@``, `````, ``|``, ``>``, ``- ``), a quote left open, a line
indented too far or not far enough.
"""

from __future__ import annotations

import re

import yaml
from yaml.error import Mark, MarkedYAMLError

from ..errors import Position, YamlSyntaxError
from .keys import ALL_KEYS

#: Characters PyYAML refuses to read (and Word cannot hold), CR excepted (normalised first).
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def control_char(char: str) -> str:
    """A value holding a character Word cannot show (from YAML or from a script's mapping)."""
    return (
        f"含有不可见的控制字符 U+{ord(char):04X}，Word 文档不能包含这种字符；"
        "请删除它（常见于从网页或其他软件复制的文字）"
    )


def too_long(limit_bytes: int) -> str:
    """A value over the size any issue needs."""
    return f"这个值太长（超过 {limit_bytes // 1_048_576} MB），拒绝读取"


#: The parser's complaints (a piece of its English text) and what they mean, in Chinese.
_PROBLEMS_ZH: tuple[tuple[str, str], ...] = (
    ("'\\t' that cannot start any token", "不能用 Tab 键缩进，请改用空格"),
    ("found a tab character", "不能用 Tab 键缩进，请改用空格"),
    ("cannot start any token", "这个字符不能出现在值的开头：请给整段文字加引号"),
    (
        "mapping values are not allowed",
        "这里不能出现“键: 值”：缩进不对，或文字里的“: ”需要给整段加引号",
    ),
    ("could not find expected ':'", "缺少冒号（键和值之间要写“: ”，冒号后面要有空格）"),
    ("expected <block end>", "缩进不一致：同一层的键要左对齐"),
    ("did not find expected key", "缩进不一致，或缺少“键:”"),
    ("did not find expected '-' indicator", "列表缩进不一致：同一列表的“-”要左对齐"),
    ("unexpected end of stream", "文件在引号或括号的中途结束：有引号或括号没有闭合"),
    ("unexpected document separator", "引号没有闭合：文字一直延续到了“---”"),
    ("expected a single document", "一个文件只能写一期简报：请删除多余的“---”"),
    ("but found another document", "一个文件只能写一期简报：请删除多余的“---”"),
    ("expected '<document start>'", "文件中间不能有单独一行的“...”：请删除它"),
    ("unknown escape character", "双引号里有不认识的反斜杠转义；要写反斜杠本身请改用单引号"),
    ("hexadecimal numbers", "双引号里的反斜杠转义（\\x、\\u）写得不对；要写反斜杠本身请改用单引号"),
    ("expected ',' or ']'", "方括号 [ ] 列表没有正确结束"),
    ("expected ',' or '}'", "花括号 { } 映射没有正确结束"),
    ("while parsing a flow sequence", "方括号 [ ] 列表没有正确结束"),
    ("while parsing a flow mapping", "花括号 { } 映射没有正确结束"),
    ("unclosed '[' or '{'", "方括号或花括号没有闭合，或缩进不对"),
    ("while scanning a block scalar", "“|”或“>”后面要直接换行，文字从下一行开始写，并比键多缩进"),
    ("expected the node content", "这里缺少值，或值的开头不能是这个字符（请给整段文字加引号）"),
    ("while scanning a simple key", "缺少冒号（键和值之间要写“: ”）"),
)
#: Said when nothing above matches (a parser complaint we have not met).
_FALLBACK = "这里的写法无法读取：请检查这一行和上一行的缩进、冒号（键后面写“: ”）和引号"

#: Signs YAML reads at the start of a value, each making the text something else.
SIGNS = "*&!%@`|>"
#: What precedes a value on its line: indentation, list dashes, ``key:`` and spaces.
_VALUE_PREFIX = re.compile(r"[ \t]*(?:-[ \t]+)*(?:[^\s#\"'][^#]*?:[ \t]+)?")

#: A key followed by a full-width colon (title：), the commonest slip of a Chinese keyboard.
_FULL_WIDTH_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t\u3000]*：")
#: Indentation typed with full-width spaces.
_FULL_WIDTH_INDENT = re.compile(r"^[ \t]*(?:-[ \t]+)?\u3000")
#: A key of the format followed by its colon but no space (``title:挂职简报``).
_NO_SPACE_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_]+):(?=[^\s])")
#: A line holding ``key:`` of the format (the line a runaway quote swallowed).
_KEY_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_]+):(?:[ \t]|$)")
#: A line starting with ``key:``, ``- `` or a quote (not text continuing the line above).
_ANY_KEY_LINE = re.compile(r"^[ \t]*(?:-(?:[ \t]|$)|[\"'\[{]|[^\s#:][^#]*?:(?:[ \t]|$))")
#: A 报尾 row's ``label:`` line.
_LABEL_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?label:")
#: How many lines above the parser's complaint a keyboard slip is looked for.
_LOOK_BACK = 3


def zh_problem(problem: str) -> str:
    """The parser's English complaint in Chinese (a general Chinese hint when unknown)."""
    for needle, zh in _PROBLEMS_ZH:
        if needle in problem:
            return zh
    return _FALLBACK


def mark_position(file: str | None, mark: Mark | None, key_path: str = "") -> Position:
    if mark is None:
        return Position(file, None, None, key_path)
    return Position(file, mark.line + 1, mark.column + 1, key_path)


def quoted_fix(line: str) -> str:
    """The line with its value put in double quotes (single quotes if it holds a ")."""
    prefix = _VALUE_PREFIX.match(line)
    head = prefix.group() if prefix else ""
    value = line[len(head) :].rstrip()
    if '"' in value:
        quoted = "'" + value.replace("'", "''") + "'"
    else:
        quoted = '"' + value.replace("\\", "\\\\") + '"'
    return (head + quoted).strip()


def sign_message(sign: str, line: str) -> str:
    """以“*”开头的文字要加引号, with the line rewritten as it should be."""
    return f"以“{sign}”开头的文字要加引号，写成 {quoted_fix(line)}"


def _at(file: str | None, index: int, column: int, message: str) -> YamlSyntaxError:
    """An error at 0-based line ``index`` and column ``column``."""
    return YamlSyntaxError(message, file=file, line=index + 1, column=column + 1)


def _keyboard_slip(lines: list[str], file: str | None, line: int) -> YamlSyntaxError | None:
    """A full-width colon or space, or ``key:value``, at or just above 0-based ``line``."""
    for index in range(min(line, len(lines) - 1), max(-1, line - _LOOK_BACK - 1), -1):
        text = lines[index]
        colon = _FULL_WIDTH_COLON.match(text)
        if colon:
            key = colon.group(1)
            return _at(
                file,
                index,
                text.index("："),
                f"键 {key} 后面用了中文全角冒号“：”；"
                f"键后面要用英文半角冒号加一个空格，写成“{key}: ”",
            )
        if _FULL_WIDTH_INDENT.match(text):
            return _at(
                file,
                index,
                text.index("\u3000"),
                "行首用了全角空格“　”缩进；缩进只能用半角空格（切换到英文输入法再按空格）",
            )
        bare = _NO_SPACE_COLON.match(text)
        if bare and bare.group(1) in ALL_KEYS:
            key = bare.group(1)
            return _at(
                file,
                index,
                bare.end(1),
                f"键 {key} 的冒号后面要有一个空格：写成“{key}: {text[bare.end():].strip()}”",
            )
    return None


def _sign_at(lines: list[str], mark: Mark | None) -> tuple[str, int] | None:
    """The sign the value at ``mark`` starts with (``- ``, ``[`` … too), and its column."""
    if mark is None or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    head = _VALUE_PREFIX.match(line)
    start = head.end() if head else 0
    if mark.column < start or mark.column >= len(line):
        return None
    rest = line[start:]
    if rest[:1] in SIGNS + "[{," or rest[:2] in ("- ", "? ") or rest in ("-", "?"):
        return rest[0], start
    return None


def _runaway_quote(text: str, before: int) -> Mark | None:
    """Where a quote opened that swallowed the following ``key:`` lines, up to line ``before``.

    The quote was closed by the next value's opening quote, so the parser
    complains later; the quoted text's own lines show where it ran away.
    """
    loader = yaml.SafeLoader(text)
    try:
        while loader.check_token():
            token = loader.get_token()
            if token.start_mark.line > before:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                span = text[token.start_mark.index : token.end_mark.index].split("\n")[1:]
                if any(_KEY_LINE.match(line) for line in span):
                    return token.start_mark
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return None


def _quote_error(file: str | None, text: str, mark: Mark) -> YamlSyntaxError:
    quote = text[mark.index] if mark.index < len(text) else '"'
    return YamlSyntaxError.at(  # type: ignore[return-value]
        mark_position(file, mark),
        f"YAML 格式错误：这里开始的引号 {quote} 没有闭合：请在这段文字的末尾补上 {quote}",
    )


def _key_column(line: str) -> int:
    """The 0-based column where a line's key starts (after indentation and list dashes)."""
    head = re.match(r"[ \t]*(?:-[ \t]+)*", line)
    return head.end() if head else 0


def _mapping_value_error(lines: list[str], mark: Mark) -> tuple[int, int, str]:
    """"mapping values are not allowed": a colon inside text, or a key indented unlike the last.

    Returns the 0-based line and column to report and the message. Of two keys
    that should align, the one off the two-space steps ``new`` writes is the slip.
    """
    line = lines[mark.line] if mark.line < len(lines) else ""
    first_colon = line.find(": ")
    if 0 <= first_colon < mark.column and mark.column == len(line.rstrip()) - 1:
        label = "（行名后面的冒号由程序加上）" if _LABEL_LINE.match(line) else ""
        message = f"文字末尾的半角冒号“:”会被当作键的冒号：请删去它{label}，或改用全角“：”"
        return mark.line, mark.column, message
    if 0 <= first_colon < mark.column:
        message = (
            "文字里有“: ”，YAML 会把它当作“键: 值”：请给整段文字加引号，"
            f"写成 {quoted_fix(line)}"
        )
        return mark.line, mark.column, message
    above = next(
        (i for i in range(mark.line - 1, -1, -1) if lines[i].strip()[:1] not in ("", "#")),
        None,
    )
    here = _key_column(line)
    if above is None or here <= _key_column(lines[above]):
        return mark.line, mark.column, zh_problem("mapping values are not allowed")
    there = _key_column(lines[above])
    if there % 2 and not here % 2:
        message = "这一行的缩进与下一行不一致：同一层的键要左对齐（缩进用两个空格一级）"
        return above, there, message
    message = "这一行比上一行多缩进了：同一层的键要左对齐（上一行的键有值时，下一行不能再缩进）"
    return mark.line, here, message


#: A line that is neither ``key: value`` nor indented as text continuing above.
_NOT_A_KEY = (
    "这一行缺少“键: ”，或缩进不够：如果它是上面文字（如正文）的一部分，"
    "要与上面的文字对齐，比键多缩进"
)


def syntax_error(exc: yaml.YAMLError, file: str | None, text: str = "") -> YamlSyntaxError:
    """The parser's complaint in Chinese, at the line where the clerk's slip is."""
    if not isinstance(exc, MarkedYAMLError):
        return YamlSyntaxError(f"YAML 格式错误：{_FALLBACK}", file=file)
    context, problem = exc.context or "", exc.problem or ""
    lines = text.split("\n")
    unclosed = "end of stream" in problem or "document separator" in problem
    if "quoted scalar" in context and unclosed and exc.context_mark is not None:
        return _quote_error(file, text, exc.context_mark)
    mark = exc.problem_mark or exc.context_mark
    if "simple key" in context and exc.context_mark is not None:
        mark = exc.context_mark
    if mark is None:
        return YamlSyntaxError(f"YAML 格式错误：{zh_problem(problem)}", file=file)
    slip = _keyboard_slip(lines, file, mark.line)
    if slip is not None:
        return slip
    for candidate in (exc.context_mark, exc.problem_mark):
        found = _sign_at(lines, candidate)
        if found is not None and candidate is not None:
            sign, column = found
            return _at(file, candidate.line, column, sign_message(sign, lines[candidate.line]))
    if "<document start>" in problem:
        directive = next((i for i in range(mark.line) if lines[i].startswith("%")), None)
        if directive is not None:
            return _at(file, directive, 0, sign_message("%", lines[directive]))
    runaway = _runaway_quote(text, mark.line)
    if runaway is not None:
        return _quote_error(file, text, runaway)
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "mapping values are not allowed" in problem:
        at_line, at_column, message = _mapping_value_error(lines, mark)
        return _at(file, at_line, at_column, f"YAML 格式错误：{message}")
    if "simple key" in context or (
        "expected <block end>" in problem and not _ANY_KEY_LINE.match(line)
    ):
        message = _NOT_A_KEY
    else:
        message = zh_problem(f"{context} {problem}")
    return YamlSyntaxError.at(  # type: ignore[return-value]
        mark_position(file, mark), f"YAML 格式错误：{message}"
    )


def first_bad_char(text: str, file: str | None) -> YamlSyntaxError:
    match = BAD_CHARS.search(text)
    assert match is not None
    offset = match.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return YamlSyntaxError(
        f"含有不可见的控制字符 U+{ord(match.group()):04X}，文件无法解析；请删除它"
        "（常见于从网页或其他软件复制的文字）",
        file=file,
        line=line,
        column=column,
    )

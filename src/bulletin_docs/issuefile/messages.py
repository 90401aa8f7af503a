"""YAML parser failures and refused characters into Chinese YamlSyntaxErrors with positions."""

from __future__ import annotations

import re

import yaml
from yaml.error import Mark, MarkedYAMLError

from ..errors import Position, YamlSyntaxError

#: Characters PyYAML refuses to read (and Word cannot hold), CR excepted (normalised first).
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

_PROBLEMS_ZH: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        "这里不能出现“键: 值”（常见原因：文字里有“: ”需要给整段加引号，或缩进不对）",
    ),
    ("could not find expected ':'", "缺少冒号（键和值之间要写“: ”，冒号后面要有空格）"),
    ("'\\t' that cannot start any token", "不能用 Tab 键缩进，请改用空格"),
    ("cannot start any token", "这个字符不能出现在值的开头（以 @、`、%、! 等开头的文字请加引号）"),
    ("expected <block end>", "缩进不一致：同一层的键要左对齐"),
    ("did not find expected key", "缩进不一致，或缺少“键:”"),
    ("did not find expected '-' indicator", "列表缩进不一致：同一列表的“-”要左对齐"),
    ("found undefined alias", "引用了没有定义的锚点（*名字）"),
    ("found duplicate anchor", "锚点名字重复"),
    ("unexpected end of stream", "文件在引号或括号的中途结束：有引号或括号没有闭合"),
    ("expected a single document", "一个文件只能写一期简报：请删除多余的“---”"),
    ("unknown escape character", "双引号里有不认识的反斜杠转义；要写反斜杠本身请改用单引号"),
    ("expected ',' or ']'", "方括号 [ ] 列表没有正确结束"),
    ("expected ',' or '}'", "花括号 { } 映射没有正确结束"),
    ("found unexpected end of plain scalar", "值没有正确结束"),
    ("while scanning a simple key", "缺少冒号（键和值之间要写“: ”）"),
    ("expected alphabetic or numeric character", "锚点或别名的名字不对"),
    ("found a tab character", "不能用 Tab 键缩进，请改用空格"),
)


def zh_problem(problem: str) -> str:
    """The parser's English problem in Chinese; the English is kept only when untranslated."""
    for needle, zh in _PROBLEMS_ZH:
        if needle in problem:
            return zh
    return f"无法解析这一处（解析器信息：{problem}）"


def mark_position(file: str | None, mark: Mark | None, key_path: str = "") -> Position:
    if mark is None:
        return Position(file, None, None, key_path)
    return Position(file, mark.line + 1, mark.column + 1, key_path)


#: A key followed by a full-width colon (title：), the commonest slip of a Chinese keyboard.
_FULL_WIDTH_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t\u3000]*：")
#: Indentation typed with full-width spaces.
_FULL_WIDTH_INDENT = re.compile(r"^[ \t]*(?:-[ \t]+)?\u3000")
#: How many lines above the parser's complaint a keyboard slip is looked for.
_LOOK_BACK = 3


def _keyboard_slip(text: str, file: str | None, line: int) -> YamlSyntaxError | None:
    """A full-width colon or indentation at or just above 0-based ``line``, as its own error."""
    lines = text.split("\n")
    for index in range(min(line, len(lines) - 1), max(-1, line - _LOOK_BACK - 1), -1):
        colon = _FULL_WIDTH_COLON.match(lines[index])
        if colon:
            return YamlSyntaxError(
                f"键 {colon.group(1)} 后面用了中文全角冒号“：”；"
                "键后面要用英文半角冒号加一个空格，写成“"
                f"{colon.group(1)}: ”",
                file=file,
                line=index + 1,
                column=lines[index].index("：") + 1,
            )
        if _FULL_WIDTH_INDENT.match(lines[index]):
            return YamlSyntaxError(
                "行首用了全角空格“　”缩进；缩进只能用半角空格（切换到英文输入法再按空格）",
                file=file,
                line=index + 1,
                column=lines[index].index("\u3000") + 1,
            )
    return None


def syntax_error(exc: yaml.YAMLError, file: str | None, text: str = "") -> YamlSyntaxError:
    """The parser's complaint in Chinese, or the keyboard slip that most likely caused it."""
    if isinstance(exc, MarkedYAMLError):
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and text:
            slip = _keyboard_slip(text, file, mark.line)
            if slip is not None:
                return slip
        return YamlSyntaxError.at(  # type: ignore[return-value]
            mark_position(file, mark), f"YAML 格式错误：{zh_problem(problem)}"
        )
    return YamlSyntaxError(f"YAML 格式错误：{exc}", file=file)


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

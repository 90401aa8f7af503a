"""A previous issue's YAML text into the next issue's commented skeleton text.

The previous issue is read through the bounded composer (positions, refused
tags, bounded aliases), never constructed. The skeleton is written as text (not
``yaml.dump``) so that its Chinese comments survive, its values with the one YAML
writer's ``scalar`` (:mod:`.dump`); every value a clerk must still write is a
placeholder (see :mod:`.placeholders`).
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Mapping
from pathlib import Path

from ..errors import Position, Problems, SchemaError
from .compose import compose_tree
from .dates import DateError, read_date
from .dump import scalar
from .markup import join_lines
from .nodes import MappingNode, Node, ScalarNode, SequenceNode
from .placeholders import AUTHOR, BODY, TITLE, UNIT
from .schema import SCHEMA_FILE

_SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


# --- reading the previous issue ----------------------------------------------------------


def read_previous(text: str, file: str | None) -> MappingNode:
    """The previous issue's positioned nodes; whatever the composer refuses is raised at once."""
    problems = Problems()
    tree = compose_tree(text, file=file, problems=problems)
    problems.raise_if_any()
    return tree


def _given(node: Node | None) -> Node | None:
    """``node``, or None when it is absent or empty (``key:``)."""
    if isinstance(node, ScalarNode) and node.tag == "null":
        return None
    return node


def _filled(node: Node | None) -> bool:
    """Whether a list (or any value) holds something: not absent, empty, ``[]`` or ``{}``."""
    node = _given(node)
    if isinstance(node, SequenceNode):
        return bool(node.items)
    if isinstance(node, MappingNode):
        return bool(node.entries)
    return node is not None and node.raw != ""


def _mapping(node: Node, what: str) -> MappingNode:
    if not isinstance(node, MappingNode):
        raise SchemaError.at(node.position, f"上一期的{what}应为“键: 值”的映射，无法生成下一期")
    return node


def _require(mapping: MappingNode, key: str) -> Node:
    """The value of ``key``; a SchemaError at the mapping when it is missing or empty."""
    value = _given(mapping.get(key))
    if value is None:
        p = mapping.position
        where = Position(p.file, p.line, p.column, p.child(key))
        raise SchemaError.at(where, f"上一期文件缺少 {where.key_path}，无法生成下一期")
    return value


def _text(node: Node) -> str:
    """A scalar as the clerk typed it (as validation reads it)."""
    if not isinstance(node, ScalarNode):
        raise SchemaError.at(node.position, "上一期的这一项应为文字，无法生成下一期")
    return join_lines(node.raw) if "\n" in node.raw.strip("\n") else node.raw


def _integer(node: Node | None) -> int | None:
    if isinstance(node, ScalarNode) and node.tag == "int" and isinstance(node.value, int):
        return node.value
    return None


def _sequence(node: Node, what: str) -> tuple[Node, ...]:
    if not isinstance(node, SequenceNode):
        raise SchemaError.at(node.position, f"上一期的 {what} 应为列表，无法生成下一期")
    return node.items


# --- numbers, dates and names ------------------------------------------------------------


def parse_date(text: str) -> tuple[_dt.date, bool]:
    """``YYYY-MM-DD`` or ``YYYY-MM`` into (date, has_day). Raises ValueError."""
    m = _MONTH.match(text)
    if m:
        return _dt.date(int(m.group(1)), int(m.group(2)), 1), False
    return _dt.date.fromisoformat(text.strip()), True


def _is_month(text: str) -> bool:
    """Whether the previous issue's date names only a year and month (2020-04, 2020年4月)."""
    try:
        parts = read_date(text)
    except DateError:
        return False
    return parts is not None and parts.day is None


def _date_value(previous: Node | None, date: _dt.date, has_day: bool | None) -> str:
    """The new date in the previous issue's form (YYYY-MM stays YYYY-MM)."""
    if has_day is None:
        month_only = isinstance(previous, ScalarNode) and _is_month(previous.raw)
        has_day = not month_only
    return date.isoformat() if has_day else f"{date.year:04d}-{date.month:02d}"


def _masthead(previous: MappingNode) -> MappingNode:
    return _mapping(_require(previous, "masthead"), "报头 masthead ")


def _issue(previous: MappingNode) -> MappingNode:
    return _mapping(_require(_masthead(previous), "issue"), "期号 issue ")


def next_issue_numbers(previous: MappingNode, date: _dt.date) -> dict[str, int]:
    """number + 1 (back to 1 when the year changes), the date's year, total + 1."""
    issue = _issue(previous)
    number = _integer(issue.get("number"))
    if number is None:
        p = issue.position
        raise SchemaError.at(
            Position(p.file, p.line, p.column, p.child("number")), "上一期的期号 number 应为整数"
        )
    out: dict[str, int] = {"number": number + 1}
    year = _integer(issue.get("year"))
    if year is not None:
        out["year"] = date.year
        if date.year != year:
            out["number"] = 1
    total = _integer(issue.get("total"))
    if total is not None:
        out["total"] = total + 1
    return out


def default_output(previous: Path, numbers: Mapping[str, int]) -> Path:
    """issue-2020-02.yaml (with a year) or issue-02.yaml, beside the previous file."""
    if "year" in numbers:
        name = f"issue-{numbers['year']}-{numbers['number']:02d}.yaml"
    else:
        name = f"issue-{numbers['number']:02d}.yaml"
    return previous.parent / name


def schema_line(previous_text: str, previous: Path, output: Path) -> str | None:
    """The previous ``# yaml-language-server: $schema=`` line, re-pointed from the new file."""
    first = previous_text.lstrip("\ufeff").split("\n", 1)[0]
    m = _SCHEMA_LINE.match(first)
    if not m:
        return None
    target = m.group(1)
    if "://" in target or os.path.isabs(target):
        return first.rstrip()
    resolved = (previous.resolve().parent / target).resolve()
    if not resolved.is_file():  # the previous file was copied away from the checkout
        resolved = Path(__file__).resolve().parent / SCHEMA_FILE
    try:
        rel = os.path.relpath(resolved, output.resolve().parent).replace(os.sep, "/")
    except ValueError:  # Windows: the new file on another drive (D:) than the schema (C:)
        rel = resolved.as_uri()
    return f"# yaml-language-server: $schema={rel}"


# --- the skeleton text -------------------------------------------------------------------


def _text_or_list(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "[" + ", ".join(scalar(_text(item), flow=True) for item in node.items) + "]"
    return scalar(_text(node))


def _article_lines(prev_articles: Node | None) -> list[str]:
    items = prev_articles.items if isinstance(prev_articles, SequenceNode) else ()
    first = items[0] if items and isinstance(items[0], MappingNode) else None
    lines = [
        "    articles:",
        "      # 每篇文章以“- title:”开头；要再加一篇，复制下面整段（到 body 结束）。",
        f"      - title: {scalar(TITLE)}   # 文章标题（必填）",
        "        # contents_title: 本期要目中的写法   # 选填，默认同标题",
    ]
    if first is not None and first.get("unit") is not None:
        lines.append(f"        unit: {scalar(UNIT)}   # 作者单位（选填，不需要就删去本行）")
    if first is not None and first.get("author") is not None:
        lines.append(
            f"        author: {scalar(AUTHOR)}   # 作者（选填）；多人写成 [张三, 李四]"
        )
    lines += [
        "        # note: 按语（选填），印在正文之前",
        "        # 正文里还可以写（格式 1.1，各占一段）：",
        "        #   一、标题  （一）标题  1. 标题  （1）标题  ← 层次标题；段首加 \\ 则不算",
        "        #   表1 标题 / | 列1 | 列2 | / | 数据 | 1.5 | / 注：……  ← 表格（可粘贴 Excel）",
        "        #   ![图片说明](photos/a.jpg)   ← 随文照片，一行最多两张",
        "        body: |   # 正文（必填）：段落之间空一行；段内换行会接起来；**文字** 为加粗",
        f"          {BODY}",
        "        # photos:   # 文章配图（选填），路径相对于本文件所在文件夹",
        "        #   - file: photos/照片.jpg",
        "        #     caption: 图片说明",
    ]
    return lines


def _section_lines(item: Node) -> list[str]:
    section = _mapping(item, "每个栏目")
    title = _text(_require(section, "title"))
    articles = section.get("articles")
    has_articles, has_photos = _filled(articles), _filled(section.get("photos"))
    lines = ["", f"  - title: {scalar(title)}   # 栏目名，印作【{title}】"]
    if has_articles or not has_photos:
        lines += _article_lines(articles)
    if has_photos:
        if not has_articles:
            lines.append("    # 上一期本栏目只有照片：请在下面列出本期照片，然后删去 []。")
        lines += [
            "    photos: []   # 照片（JPEG 或 PNG），写法：",
            "    #   - file: photos/照片1.jpg   # 路径相对于本文件所在文件夹",
            "    #     caption: 图片说明        # 印在照片下方",
        ]
    return lines


def next_issue_text(
    previous: MappingNode,
    date: _dt.date,
    *,
    has_day: bool | None = None,
    schema_comment: str | None = None,
) -> str:
    """The next issue's YAML text from the previous issue's nodes; ``schema_comment`` goes first."""
    masthead = _masthead(previous)
    issue = _issue(previous)
    numbers = next_issue_numbers(previous, date)
    sections = _sequence(_require(previous, "sections"), "sections")
    distribution = _sequence(_require(previous, "distribution"), "distribution")
    title = _text(_require(masthead, "title"))

    out: list[str] = [schema_comment] if schema_comment else []
    issue_text = f"（{numbers['year']}年第{numbers['number']}期）" if "year" in numbers else (
        f"第{numbers['number']}期"
    )
    out += [
        f"# {title}{issue_text}（由 bulletin-docs new 生成）",
        "# 请把所有“【请填写……】”换成本期内容；`bulletin-docs check 本文件` 会列出还没填的地方。",
        "",
        "masthead:   # 报头（与上一期相同，期号和日期已更新）",
        f"  title: {scalar(title)}",
        "  issue:",
        f"    number: {numbers['number']}",
    ]
    if "year" in numbers:
        out.append(f"    year: {numbers['year']}")
    if "total" in numbers:
        out.append(f"    total: {numbers['total']}")
    label = _given(issue.get("label"))
    if label is not None:
        out.append(f"    # label: {scalar(_text(label))}   # 上一期的期号文字，需要时取消注释")
    out.append(f"  issuer: {scalar(_text(_require(masthead, 'issuer')))}")
    date_value = _date_value(masthead.get("date"), date, has_day)
    out.append(f"  date: {date_value}   # 2020-04 印作 2020年4月；2020-04-15 印作 2020年4月15日")
    marking = _given(masthead.get("marking"))
    if marking is not None:
        out.append(f"  marking: {scalar(_text(marking))}")
    contents = previous.get("contents")
    if isinstance(contents, ScalarNode) and contents.tag == "bool" and contents.value is False:
        out += ["", "contents: false   # 不印本期要目"]
    out += [
        "",
        "# preface: |   # 编者按（选填），印在第一个栏目之前",
        "#   编者按正文……",
        "",
        "sections:   # 栏目（与上一期相同）；每栏的文章已换成待填写的骨架",
    ]
    for section in sections:
        out += _section_lines(section)
    out += ["", "distribution:   # 报尾（与上一期相同）"]
    for item in distribution:
        row = _mapping(item, "报尾的每一行")
        out.append(f"  - label: {scalar(_text(_require(row, 'label')))}")
        out.append(f"    to: {_text_or_list(_require(row, 'to'))}")
    copies = _integer(previous.get("copies"))
    if copies is not None:
        out.append(f"copies: {copies}   # 印数")
    return "\n".join(out) + "\n"

"""A previous issue's YAML data into the next issue's commented skeleton text; placeholders found.

The skeleton is written as text (not ``yaml.dump``) so that its Chinese
comments survive. Every value a clerk must still write is a placeholder
starting with ``【请填写``; :func:`find_placeholders` lists those left in a
loaded :class:`~bulletin_docs.model.Bulletin` so that ``check`` can point at
them until they are filled.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from .errors import SchemaError
from .model import Bulletin, Paragraph

#: Every placeholder starts with this; nothing a clerk writes should.
PLACEHOLDER_MARK = "【请填写"
TITLE = "【请填写文章标题】"
UNIT = "【请填写作者单位】"
AUTHOR = "【请填写作者】"
BODY = "【请填写正文】"

_SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


# --- placeholders ------------------------------------------------------------------------


def is_placeholder(text: str | None) -> bool:
    return text is not None and PLACEHOLDER_MARK in text


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


# --- the next issue ----------------------------------------------------------------------


def scalar(value: str | int | bool) -> str:
    """A YAML scalar that reads back as exactly ``value``: plain when safe, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    plain = value
    if plain and plain == plain.strip() and "\n" not in plain and PLACEHOLDER_MARK not in plain:
        try:
            if yaml.safe_load(f"k: {plain}") == {"k": plain}:
                return plain
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def _text_or_list(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(scalar(str(v)) for v in value) + "]"
    return scalar(str(value))


def _require(data: Any, key: str, where: str) -> Any:
    if not isinstance(data, Mapping) or key not in data:
        raise SchemaError(f"上一期文件缺少 {where}{key}，无法生成下一期", key_path=f"{where}{key}")
    return data[key]


def parse_date(text: str) -> tuple[_dt.date, bool]:
    """``YYYY-MM-DD`` or ``YYYY-MM`` into (date, has_day). Raises ValueError."""
    m = _MONTH.match(text)
    if m:
        return _dt.date(int(m.group(1)), int(m.group(2)), 1), False
    return _dt.date.fromisoformat(text.strip()), True


def _date_value(previous: Any, date: _dt.date, has_day: bool | None) -> str:
    """The new date in the previous issue's form (YYYY-MM stays YYYY-MM)."""
    if has_day is None:
        month_only = isinstance(previous, str) and _MONTH.match(previous) is not None
        has_day = not month_only
    return date.isoformat() if has_day else f"{date.year:04d}-{date.month:02d}"


def next_issue_numbers(issue: Mapping[str, Any], date: _dt.date) -> dict[str, int]:
    """number + 1 (back to 1 when the year changes), the date's year, total + 1."""
    number = issue.get("number")
    if isinstance(number, bool) or not isinstance(number, int):
        raise SchemaError("上一期的期号 number 应为整数", key_path="masthead.issue.number")
    out: dict[str, int] = {"number": number + 1}
    year = issue.get("year")
    if isinstance(year, int) and not isinstance(year, bool):
        out["year"] = date.year
        if date.year != year:
            out["number"] = 1
    total = issue.get("total")
    if isinstance(total, int) and not isinstance(total, bool):
        out["total"] = total + 1
    return out


def default_output(previous: Path, numbers: Mapping[str, int]) -> Path:
    """issue-2020-02.yaml (with a year) or issue-02.yaml, beside the previous file."""
    if "year" in numbers:
        name = f"issue-{numbers['year']}-{numbers['number']:02d}.yaml"
    else:
        name = f"issue-{numbers['number']:02d}.yaml"
    return previous.parent / name


def _schema_line(previous_text: str, previous: Path, output: Path) -> str | None:
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
        resolved = Path(__file__).resolve().parent / "issue.schema.json"
    rel = os.path.relpath(resolved, output.resolve().parent).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={rel}"


def _article_lines(prev_articles: list[Any]) -> list[str]:
    first = prev_articles[0] if prev_articles and isinstance(prev_articles[0], Mapping) else {}
    lines = [
        "    articles:",
        "      # 每篇文章以“- title:”开头；要再加一篇，复制下面整段（到 body 结束）。",
        f"      - title: {scalar(TITLE)}   # 文章标题（必填）",
        "        # contents_title: 本期要目中的写法   # 选填，默认同标题",
    ]
    if "unit" in first:
        lines.append(f"        unit: {scalar(UNIT)}   # 作者单位（选填，不需要就删去本行）")
    if "author" in first:
        lines.append(
            f"        author: {scalar(AUTHOR)}   # 作者（选填）；多人写成 [张三, 李四]"
        )
    lines += [
        "        # note: 按语（选填），印在正文之前",
        "        body: |   # 正文（必填）：段落之间空一行；段内换行会接起来；**文字** 为加粗",
        f"          {BODY}",
        "        # photos:   # 文章配图（选填），路径相对于本文件所在文件夹",
        "        #   - file: photos/照片.jpg",
        "        #     caption: 图片说明",
    ]
    return lines


def _section_lines(section: Any, index: int) -> list[str]:
    where = f"sections[{index}]."
    title = _require(section, "title", where)
    articles = section.get("articles") or []
    photos = section.get("photos") or []
    lines = ["", f"  - title: {scalar(str(title))}   # 栏目名，印作【{title}】"]
    if articles or not photos:
        lines += _article_lines(articles if isinstance(articles, list) else [])
    if photos:
        if not articles:
            lines.append("    # 上一期本栏目只有照片：请在下面列出本期照片，然后删去 []。")
        lines += [
            "    photos: []   # 照片（JPEG 或 PNG），写法：",
            "    #   - file: photos/照片1.jpg   # 路径相对于本文件所在文件夹",
            "    #     caption: 图片说明        # 印在照片下方",
        ]
    return lines


def next_issue_text(
    previous_text: str,
    date: _dt.date,
    *,
    has_day: bool | None = None,
    previous: Path | None = None,
    output: Path | None = None,
) -> str:
    """The next issue's YAML text, from the previous issue's text."""
    try:
        data = yaml.safe_load(previous_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SchemaError(
            "上一期文件不是有效的 YAML，无法生成下一期",
            file=previous,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    masthead = _require(data, "masthead", "")
    issue = _require(masthead, "issue", "masthead.")
    if not isinstance(issue, Mapping):
        raise SchemaError("上一期的期号 issue 应为键值表", key_path="masthead.issue")
    numbers = next_issue_numbers(issue, date)
    sections = _require(data, "sections", "")
    distribution = _require(data, "distribution", "")
    if not isinstance(sections, list) or not isinstance(distribution, list):
        raise SchemaError("上一期的 sections 和 distribution 应为列表")

    out: list[str] = []
    if previous is not None and output is not None:
        line = _schema_line(previous_text, previous, output)
        if line:
            out.append(line)
    issue_text = f"（{numbers['year']}年第{numbers['number']}期）" if "year" in numbers else (
        f"第{numbers['number']}期"
    )
    out += [
        f"# {masthead.get('title', '')}{issue_text}（由 bulletin-docs new 生成）",
        "# 请把所有“【请填写……】”换成本期内容；`bulletin-docs check 本文件` 会列出还没填的地方。",
        "",
        "masthead:   # 报头（与上一期相同，期号和日期已更新）",
        f"  title: {scalar(str(_require(masthead, 'title', 'masthead.')))}",
        "  issue:",
        f"    number: {numbers['number']}",
    ]
    if "year" in numbers:
        out.append(f"    year: {numbers['year']}")
    if "total" in numbers:
        out.append(f"    total: {numbers['total']}")
    if "label" in issue:
        label = scalar(str(issue["label"]))
        out.append(f"    # label: {label}   # 上一期的期号文字，需要时取消注释")
    out.append(f"  issuer: {scalar(str(_require(masthead, 'issuer', 'masthead.')))}")
    date_value = _date_value(masthead.get("date"), date, has_day)
    out.append(f"  date: {date_value}   # 2020-04 印作 2020年4月；2020-04-15 印作 2020年4月15日")
    if masthead.get("marking") is not None:
        out.append(f"  marking: {scalar(str(masthead['marking']))}")
    if data.get("contents") is False:
        out += ["", "contents: false   # 不印本期要目"]
    out += [
        "",
        "# preface: |   # 编者按（选填），印在第一个栏目之前",
        "#   编者按正文……",
        "",
        "sections:   # 栏目（与上一期相同）；每栏的文章已换成待填写的骨架",
    ]
    for i, section in enumerate(sections):
        out += _section_lines(section, i)
    out += ["", "distribution:   # 报尾（与上一期相同）"]
    for i, row in enumerate(distribution):
        where = f"distribution[{i}]."
        out.append(f"  - label: {scalar(str(_require(row, 'label', where)))}")
        out.append(f"    to: {_text_or_list(_require(row, 'to', where))}")
    copies = data.get("copies")
    if isinstance(copies, int) and not isinstance(copies, bool):
        out.append(f"copies: {copies}   # 印数")
    return "\n".join(out) + "\n"


def _node_at(tree: object, key_path: str) -> object | None:
    """The node at ``sections[1].articles[0].title`` in a positioned tree, or None."""
    from .yamlnodes import MappingNode, SequenceNode

    node: object | None = tree
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", key_path):
        if name and isinstance(node, MappingNode):
            node = node.get(name)
        elif index and isinstance(node, SequenceNode) and int(index) < len(node.items):
            node = node.items[int(index)]
        else:
            return None
    return node


def placeholder_errors(bulletin: Bulletin, text: str, file: str | None) -> list[SchemaError]:
    """The placeholders left in a loaded issue as errors that point into its YAML text."""
    from .loader import load_tree
    from .yamlnodes import Problems

    found = find_placeholders(bulletin)
    if not found:
        return []
    tree = load_tree(text, file=file, problems=Problems())
    errors = []
    for key_path, message in found:
        node = _node_at(tree, key_path)
        position = getattr(node, "position", None)
        if position is None:
            errors.append(SchemaError(message, file=file, key_path=key_path))
        else:
            errors.append(
                SchemaError(
                    message,
                    file=file,
                    line=position.line,
                    column=position.column,
                    key_path=key_path,
                )
            )
    return errors

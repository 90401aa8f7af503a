"""YAML text of an issue into a validated Bulletin, all input errors of the file collected."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problems, SchemaError
from ..layout import LayoutProfile
from ..model import Bulletin, DistributionRow, IssueDate, IssueNumber, Masthead
from .compose import compose_tree
from .dates import DateError, read_date
from .fields import Fields
from .keys import (
    ISSUE_KEYS,
    ISSUE_STRAYS,
    MASTHEAD_KEYS,
    MASTHEAD_STRAYS,
    ROW_KEYS,
    ROW_STRAYS,
    TOP_KEYS,
    TOP_STRAYS,
)
from .markup import strip_lead
from .nodes import MappingNode, Node, ScalarNode, SequenceNode, describe
from .sections import SectionReader

_DATE_FORMS = (
    "日期应写成 2020-04-15、2020.4.15、2020/4/15、2020年4月15日（只写年月：2020-04、2020年4月），"
    "或照原样印的文字"
)


def bulletin_from_yaml(
    text: str, *, base_dir: Path, file: str | None, profile: LayoutProfile
) -> Bulletin:
    """Load and validate one issue; raise the single error, or BulletinErrors with all of them."""
    problems = Problems()
    tree = compose_tree(text, file=file, problems=problems)
    return bulletin_from_tree(tree, problems, base_dir=base_dir, file=file, profile=profile)


def bulletin_from_tree(
    tree: MappingNode,
    problems: Problems,
    *,
    base_dir: Path,
    file: str | None,
    profile: LayoutProfile,
) -> Bulletin:
    """Validate composed nodes (from YAML text, or from a mapping: ``fromdict``) into a
    Bulletin; raise the errors in ``problems`` and those found here, all together."""
    fields = Fields(problems)
    bulletin = _bulletin(tree, fields, SectionReader(fields, base_dir, profile), file, profile)
    problems.raise_if_any()
    if bulletin is None:  # pragma: no cover - every None comes with a reported problem
        raise SchemaError("简报文件有错误", file=file)
    return bulletin


def _bulletin(
    tree: MappingNode,
    f: Fields,
    sections_reader: SectionReader,
    file: str | None,
    profile: LayoutProfile,
) -> Bulletin | None:
    f.check_keys(tree, TOP_KEYS, TOP_STRAYS)
    masthead = _masthead(f.required(tree, "masthead", TOP_KEYS), f)
    contents_node = f.optional(tree, "contents")
    contents = f.boolean(contents_node, TOP_KEYS["contents"])
    preface = f.paragraphs(f.optional(tree, "preface"), TOP_KEYS["preface"])
    sections = sections_reader.sections(f.required(tree, "sections", TOP_KEYS))
    distribution = _distribution(f.required(tree, "distribution", TOP_KEYS), f)
    copies_node = f.optional(tree, "copies")
    copies = f.integer(copies_node, TOP_KEYS["copies"])
    if masthead is None or sections is None or distribution is None:
        return None
    if (contents_node is not None and contents is None) or (
        copies_node is not None and copies is None
    ):
        return None
    return Bulletin(
        masthead=masthead,
        sections=sections,
        distribution=distribution,
        contents=True if contents is None else contents,
        preface=strip_lead(preface or (), profile.preface_lead),
        copies=copies,
        source=Path(file) if file is not None else None,
    )


def _masthead(node: Node | None, f: Fields) -> Masthead | None:
    m = f.mapping(node, "masthead（报头）", "如 title: 挂职简报")
    if m is None:
        return None
    keys = MASTHEAD_KEYS
    f.check_keys(m, keys, MASTHEAD_STRAYS)
    title = f.text(f.required(m, "title", keys), keys["title"], required=True)
    issue = _issue(f.required(m, "issue", keys), f)
    issuer = f.text(f.required(m, "issuer", keys), keys["issuer"], required=True)
    date = _date(f.required(m, "date", keys), f)
    marking = f.text(f.optional(m, "marking"), keys["marking"])
    if title is None or issue is None or issuer is None or date is None:
        return None
    return Masthead(title=title, issue=issue, issuer=issuer, date=date, marking=marking)


def _issue(node: Node | None, f: Fields) -> IssueNumber | None:
    if isinstance(node, ScalarNode) and node.tag == "int" and not node.bad:
        f.error(
            node.position,
            f"期号应写成包含 number 的映射，例如 issue: {{number: {node.raw}, year: 2020}}，"
            "或在下一行缩进写 number: …",
        )
        return None
    m = f.mapping(node, "issue（期号）", "如 number: 1 和 year: 2020")
    if m is None:
        return None
    keys = ISSUE_KEYS
    f.check_keys(m, keys, ISSUE_STRAYS)
    number = f.integer(f.required(m, "number", keys), keys["number"])
    optional = {k: f.optional(m, k) for k in ("year", "total", "label")}
    year = f.integer(optional["year"], keys["year"])
    total = f.integer(optional["total"], keys["total"])
    label = f.text(optional["label"], keys["label"])
    if number is None:
        return None
    if (optional["year"] is not None and year is None) or (
        optional["total"] is not None and total is None
    ):
        return None
    return IssueNumber(number=number, year=year, total=total, label=label)


def _date(node: Node | None, f: Fields) -> IssueDate | None:
    """A date in one of the README's forms → year, month (and day); any other text → literal."""
    if node is None or node.bad:
        return None
    if not isinstance(node, ScalarNode):
        f.error(node.position, f"{_DATE_FORMS}，实际是{describe(node)}")
        return None
    if node.tag not in ("str", "timestamp", "float"):
        f.error(
            node.position, f"{_DATE_FORMS}，实际是{describe(node)}“{node.raw}”；文字请加引号"
        )
        return None
    value = node.raw.strip()
    if not value:
        f.error(node.position, "日期不能为空")
        return None
    try:
        parts = read_date(value)
    except DateError as exc:
        f.error(node.position, str(exc))
        return None
    if parts is not None:
        return IssueDate(parts.year, parts.month, parts.day)
    if node.tag == "timestamp":
        f.error(node.position, f"日期只写年、月、日，不写时间：{value}")
        return None
    if node.tag == "float":
        f.error(node.position, f"{_DATE_FORMS}，实际是小数“{node.raw}”")
        return None
    literal = f.text(node, "日期", required=True)
    return IssueDate(literal=literal) if literal is not None else None


def _distribution(node: Node | None, f: Fields) -> tuple[DistributionRow, ...] | None:
    items = f.sequence(node, "distribution（报尾）", "如 - label: 报")
    if items is None:
        return None
    if not items:
        assert node is not None
        f.error(node.position, "distribution（报尾）至少要有一行，如 - label: 报 和 to: …")
        return None
    rows = [_row(item, f) for item in items]
    return None if any(r is None for r in rows) else tuple(r for r in rows if r)


def _row(node: Node, f: Fields) -> DistributionRow | None:
    m = f.mapping(node, "报尾的每一行", "写 label: 报 和 to: 发送对象 两项")
    if m is None:
        return None
    f.check_keys(m, ROW_KEYS, ROW_STRAYS)
    label_node = f.required(m, "label", ROW_KEYS)
    label = f.text(label_node, ROW_KEYS["label"], required=True)
    to = _recipients(f.required(m, "to", ROW_KEYS), f)
    if label is not None:  # 报： typed with the colon the 报尾 prints anyway
        label = label.rstrip(" \t\u3000：:")
        if not label:
            assert label_node is not None
            f.error(label_node.position, "行名只写文字（如 报、发），冒号由程序加上")
    if not label or to is None:
        return None
    return DistributionRow(label=label, to=to)


def _recipients(node: Node | None, f: Fields) -> str | None:
    """``to`` as typed, or a list joined with "，" and closed with "。"."""
    if node is None or node.bad:
        return None
    if isinstance(node, SequenceNode):
        if not node.items:
            f.error(node.position, "发送对象列表不能为空")
            return None
        names = f.texts(node.items, "发送对象")
        if names is None:
            return None
        joined = "，".join(names)
        return joined if joined.endswith("。") else joined + "。"
    if isinstance(node, MappingNode):
        f.error(node.position, f"应为文字或文字列表（{ROW_KEYS['to']}），实际是映射（键: 值）")
        return None
    return f.text(node, ROW_KEYS["to"], required=True)

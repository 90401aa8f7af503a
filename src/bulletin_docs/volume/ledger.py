"""Loaded issues into a ledger: the issues in order and, in Chinese, what breaks the numbering."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from .collect import LoadedIssue


def issue_year(issue: LoadedIssue) -> int | None:
    """The year of the 期号, else of the date (None for a literal date without either)."""
    m = issue.bulletin.masthead
    return m.issue.year if m.issue.year is not None else m.date.year


def issue_day(issue: LoadedIssue) -> _dt.date | None:
    return issue.bulletin.masthead.date.as_date()


def _order_key(issue: LoadedIssue) -> tuple[int, int, _dt.date, str]:
    """By year, then number, then date, then file name (years unknown first)."""
    year = issue_year(issue)
    return (
        year if year is not None else 0,
        issue.bulletin.masthead.issue.number,
        issue_day(issue) or _dt.date.min,
        str(issue.path),
    )


def number_text(issue: LoadedIssue) -> str:
    """2020年第3期（总第27期）, with the year even when the 期号 does not print it."""
    n = issue.bulletin.masthead.issue
    year = issue_year(issue)
    text = f"{year}年第{n.number}期" if year is not None else f"第{n.number}期"
    return text + (f"（总第{n.total}期）" if n.total is not None else "")


@dataclass(frozen=True)
class Ledger:
    """The issues in volume order and the problems found in their numbering (Chinese lines)."""

    issues: tuple[LoadedIssue, ...]
    problems: tuple[str, ...]


def read_ledger(issues: Sequence[LoadedIssue]) -> Ledger:
    """The issues ordered by year and number (then date) and every numbering problem."""
    ordered = tuple(sorted(issues, key=_order_key))
    problems: list[str] = []
    problems += _numbers(ordered)
    problems += _totals(ordered)
    problems += _dates(ordered)
    problems += _odd_one_out(ordered, "报头名称", lambda i: i.bulletin.masthead.title)
    problems += _odd_one_out(ordered, "编印单位", lambda i: i.bulletin.masthead.issuer)
    return Ledger(ordered, tuple(problems))


def _numbers(ordered: Sequence[LoadedIssue]) -> list[str]:
    """Gaps and repeats of 期号 within each year."""
    out: list[str] = []
    for prev, cur in pairwise(ordered):
        if issue_year(prev) != issue_year(cur):
            continue
        a = prev.bulletin.masthead.issue.number
        b = cur.bulletin.masthead.issue.number
        year = issue_year(cur)
        where = f"{year}年" if year is not None else ""
        if a == b:
            out.append(f"期号重复：{prev.path} 与 {cur.path} 都是{where}第{a}期。")
        elif b > a + 1:
            missing = f"第{a + 1}期" if b == a + 2 else f"第{a + 1}—{b - 1}期"
            out.append(
                f"期号不连续：{prev.path}（第{a}期）与 {cur.path}（第{b}期）"
                f"之间缺{where}{missing}。"
            )
    return out


def _totals(ordered: Sequence[LoadedIssue]) -> list[str]:
    """总期号 that do not run on from the issue before (where both have one)."""
    out: list[str] = []
    have = [i for i in ordered if i.bulletin.masthead.issue.total is not None]
    if have and len(have) < len(ordered):
        for i in ordered:
            if i.bulletin.masthead.issue.total is None:
                out.append(f"总期号缺失：{i.path} 没有总期号，其余各期（如 {have[0].path}）有。")
    for prev, cur in pairwise(have):
        a = prev.bulletin.masthead.issue.total
        b = cur.bulletin.masthead.issue.total
        assert a is not None and b is not None
        if b == a:
            out.append(f"总期号重复：{prev.path} 与 {cur.path} 都是总第{a}期。")
        elif b != a + 1:
            out.append(
                f"总期号不接续：{prev.path} 是总第{a}期，其后的 {cur.path} 是总第{b}期"
                f"（应为总第{a + 1}期）。"
            )
    return out


def _dates(ordered: Sequence[LoadedIssue]) -> list[str]:
    """An issue dated before the issue it follows."""
    out: list[str] = []
    dated = [i for i in ordered if issue_day(i) is not None]
    for prev, cur in pairwise(dated):
        a, b = issue_day(prev), issue_day(cur)
        assert a is not None and b is not None
        if b < a:
            out.append(
                f"日期顺序不对：{cur.path}（{number_text(cur)}，"
                f"{cur.bulletin.masthead.date.text}）早于前一期 {prev.path}"
                f"（{number_text(prev)}，{prev.bulletin.masthead.date.text}）。"
            )
    return out


def _odd_one_out(
    ordered: Sequence[LoadedIssue], what: str, value: Callable[[LoadedIssue], str]
) -> list[str]:
    """Issues whose ``what`` differs from the most common one (of equals, the earliest),
    each named with a file that has it."""
    counts = Counter(value(i) for i in ordered)
    if len(counts) < 2:
        return []
    common = counts.most_common(1)[0][0]  # a tie goes to the value seen first
    example = next(i for i in ordered if value(i) == common)
    return [
        f"{what}不一致：{i.path} 是「{value(i)}」，其余各期（如 {example.path}）是「{common}」。"
        for i in ordered
        if value(i) != common
    ]

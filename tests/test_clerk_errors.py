"""Errors at the line the clerk must fix, in plain Chinese (issue 10).

A mis-indented line, ``key:value`` without its space, a quote left open, a value
starting with one of YAML's signs, full-width digits: each through ``check`` and
``build`` in process (exit 1, the message, its line:col, nothing written), and a
corpus of broken files whose every message is Chinese — no parser English.
"""

from __future__ import annotations

import re

import pytest

from bulletin_docs.api import loads
from bulletin_docs.cli import main
from bulletin_docs.errors import BulletinError, BulletinErrors
from bulletin_docs.issuefile.keys import ALL_KEYS
from conftest import MINIMAL_YAML as M


def edit(old: str, new: str, text: str = M) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def messages(text: str) -> list[BulletinError]:
    with pytest.raises(BulletinError) as info:
        loads(text, file="issue.yaml")
    err = info.value
    return list(err.errors) if isinstance(err, BulletinErrors) else [err]


def refused(issue_file, capsys: pytest.CaptureFixture[str], text: str) -> str:
    """``check`` and ``build`` both refuse ``text`` with exit 1, writing nothing; check's stderr."""
    path = issue_file(text)
    assert main(["check", str(path)]) == 1
    said = capsys.readouterr().err
    assert main(["build", str(path), "--pdf"]) == 1
    assert capsys.readouterr().err == said
    assert sorted(p.name for p in path.parent.iterdir()) == ["issue.yaml"]
    assert "Traceback" not in said
    return said.replace(f"{path}:", "issue.yaml:")


# --- the line to fix --------------------------------------------------------------------------

AT_THE_LINE = {
    # a body line indented less than the body: reported there, not at distribution (19)
    "body line under-indented": (
        edit("          第二段\n", "         第二段\n"),
        "issue.yaml:17:10：YAML 格式错误：这一行缺少“键: ”，或缩进不够",
    ),
    "body line as far in as the keys": (
        edit("          第二段\n", "        第二段\n"),
        "issue.yaml:17:9：YAML 格式错误：这一行缺少“键: ”，或缩进不够",
    ),
    "key indented too far": (
        edit("    year: 2020", "      year: 2020"),
        "issue.yaml:5:7：YAML 格式错误：这一行比上一行多缩进了",
    ),
    # number off the two-space steps: reported at number (4), not at year (5)
    "key indented one space short": (
        edit("    number: 1", "   number: 1"),
        "issue.yaml:4:4：YAML 格式错误：这一行的缩进与下一行不一致",
    ),
    "section key indented one space too far": (
        edit("    articles:", "     articles:"),
        "issue.yaml:10:6：YAML 格式错误：这一行比上一行多缩进了",
    ),
    "a key one space short": (
        edit("    to: 张瑛部长", "   to: 张瑛部长"),
        "issue.yaml:21:4：YAML 格式错误：缩进不一致",
    ),
    "colon inside text": (
        edit("  title: 挂职简报", "  title: 挂职: 简报"),
        'issue.yaml:2:12：YAML 格式错误：文字里有“: ”，YAML 会把它当作“键: 值”：'
        '请给整段文字加引号，写成 title: "挂职: 简报"',
    ),
    "key:value inside a mapping": (
        edit("  issuer: 吴中区", "  issuer:吴中区"),
        "issue.yaml:6:9：键 issuer 的冒号后面要有一个空格："
        "写成“issuer: 吴中区年轻干部双向挂职工作小组”",
    ),
    "key:value ending a mapping": (
        edit("  date: 2020-04", "  date:2020-04"),
        "issue.yaml:7:7：键 date 的冒号后面要有一个空格：写成“date: 2020-04”",
    ),
    "key:value in a list item": (
        edit("  - label: 发", "  - label:发"),
        "issue.yaml:22:10：键 label 的冒号后面要有一个空格：写成“label: 发”",
    ),
    "key:value last line": (
        edit("copies: 60", "copies:60"),
        "issue.yaml:24:7：键 copies 的冒号后面要有一个空格：写成“copies: 60”",
    ),
    "key:value the only key": (
        edit("  issue:\n    number: 1\n    year: 2020\n", "  issue:\n    number:1\n"),
        "issue.yaml:4:5：masthead.issue：键 number 的冒号后面要有一个空格：写成“number: 1”",
    ),
    "label with a half-width colon": (
        edit("  - label: 报", "  - label: 报:"),
        "issue.yaml:20:13：YAML 格式错误：文字末尾的半角冒号“:”会被当作键的冒号：请删去它"
        "（行名后面的冒号由程序加上），或改用全角“：”",
    ),
    "double quote left open": (
        edit("  title: 挂职简报", '  title: "挂职简报'),
        'issue.yaml:2:10：YAML 格式错误：这里开始的引号 " 没有闭合：请在这段文字的末尾补上 "',
    ),
    "single quote left open": (
        edit("  title: 挂职简报", "  title: '挂职简报"),
        "issue.yaml:2:10：YAML 格式错误：这里开始的引号 ' 没有闭合：请在这段文字的末尾补上 '",
    ),
    "quote left open before a quoted value": (
        edit("  title: 挂职简报", '  title: "挂职简报\n  marking: "内部资料"'),
        'issue.yaml:2:10：YAML 格式错误：这里开始的引号 " 没有闭合：请在这段文字的末尾补上 "',
    ),
    "quote left open on the last line": (
        edit("copies: 60", 'copies: "60'),
        'issue.yaml:24:9：YAML 格式错误：这里开始的引号 " 没有闭合：请在这段文字的末尾补上 "',
    ),
    "full-width digit": (
        edit("    number: 1", "    number: ７"),
        "issue.yaml:4:13：masthead.issue.number：应为不小于 1 的整数（期号数字），"
        "实际是全角数字“７”；请改用半角数字 7（切换到英文输入法输入）",
    ),
    "full-width digits in copies": (
        edit("copies: 60", "copies: ６０"),
        "issue.yaml:24:9：copies：应为不小于 1 的整数（印数），"
        "实际是全角数字“６０”；请改用半角数字 60（切换到英文输入法输入）",
    ),
}


@pytest.mark.parametrize("name", sorted(AT_THE_LINE))
def test_reported_at_the_line_to_fix(name: str, issue_file, capsys) -> None:
    text, says = AT_THE_LINE[name]
    assert refused(issue_file, capsys, text).split("\n")[0].startswith(f"错误：{says}")


def test_full_width_digits_are_not_told_to_drop_quotes() -> None:
    (err,) = messages(edit("    number: 1", "    number: ７"))
    assert "去掉引号" not in err.message and "半角数字" in err.message


# --- values starting with a sign ------------------------------------------------------------

SIGNED = {
    "*": "*重要*通知",
    "*ascii": "*abc",
    "&": "&重要 通知",
    "&ascii": "&abc 通知",
    "!": "!重要 通知",
    "!ascii": "!important 通知",
    "%": "%50 的人",
    "@": "@所有人 通知",
    "`": "`code` 通知",
    "|": "|重要",
    "| ": "| 重要",
    ">": ">50% 的人",
    "- ": "- 重要",
}


@pytest.mark.parametrize("name", sorted(SIGNED))
def test_a_value_starting_with_a_sign_gets_a_plain_message(name: str, issue_file, capsys) -> None:
    value = SIGNED[name]
    said = refused(issue_file, capsys, edit("  title: 挂职简报", f"  title: {value}"))
    sign = value[0]
    lines = said.strip().split("\n")
    assert len(lines) == 1
    assert lines[0].startswith("错误：issue.yaml:2:10：")
    assert lines[0].endswith(f'以“{sign}”开头的文字要加引号，写成 title: "{value}"')
    assert "锚点" not in said and "别名" not in said and "标签" not in said


def test_quoting_as_the_message_says_prints_the_sign() -> None:
    for value in SIGNED.values():
        quoted = edit("  title: 挂职简报", f'  title: "{value}"')
        assert loads(quoted).masthead.title == value


def test_a_sign_in_a_list_item_is_reported_there() -> None:
    (err,) = messages(edit("    to: [挂职干部派驻单位, 全体挂职干部]", "    to:\n      - *全体"))
    assert (err.line, err.column) == (24, 9)
    assert err.message == '以“*”开头的文字要加引号，写成 - "*全体"'


# --- no parser English --------------------------------------------------------------------

#: Broken files a clerk can write; every message about them must be Chinese.
CORPUS = [
    *(text for text, _ in AT_THE_LINE.values()),
    *(edit("  title: 挂职简报", f"  title: {v}") for v in SIGNED.values()),
    edit("  title: 挂职简报", "  title: [重要] 通知"),
    edit("  title: 挂职简报", "  title: {重要} 通知"),
    edit("  title: 挂职简报", "  title: ? 通知"),
    edit("  title: 挂职简报", "  title: ,通知"),
    edit("  title: 挂职简报", '  title: "a\\qb"'),
    edit("  title: 挂职简报", '  title: "a\\x4"'),
    edit("  title: 挂职简报", '  title: "a\n---\n"'),
    edit("  title: 挂职简报", "  title: |9\n    abc"),
    edit("  title: 挂职简报", "  title: |0\n    abc"),
    edit("  title: 挂职简报", "  title: !!str"),
    edit("  title: 挂职简报", "  title: !x!y z"),
    edit("  title: 挂职简报", "  title: &a x\n  marking: &a y"),
    edit("  issuer: 吴中区", "\tissuer: 吴中区"),
    edit("  issuer: 吴中区", "  issuer\t: 吴中区"),
    edit("  - label: 发", "   - label: 发"),
    edit("  - label: 发", " - label: 发"),
    edit("        unit: 东山", "       unit: 东山"),
    edit("    to: [挂职干部派驻单位, 全体挂职干部]", "    to: [挂职干部派驻单位, 全体挂职干部"),
    edit("    to: [挂职干部派驻单位, 全体挂职干部]", "    to: {挂职干部派驻单位: 1"),
    edit("    to: [挂职干部派驻单位, 全体挂职干部]", "    to: [挂职干部派驻单位 全体挂职干部] x"),
    edit("  title: 挂职简报", "  title：挂职简报"),
    edit("  title: 挂职简报", "\u3000 title: 挂职简报"),
    M + "---\nx: 1\n",
    M + "...\nx: 1\n",
    "%YAML 1.1\n" + M,
    "%TAG ! tag:x,2020:\n%TAG ! tag:y,2020:\n---\n" + M,
    "%YAML 1.1\n%YAML 1.1\n---\n" + M,
    "%YAML 2.0\n---\n" + M,
    "%YAML 1.x\n---\n" + M,
    M + "x: *nothing\n",
    M + "x: [a, b]]\n",
    M + "x: {a: 1}}\n",
    M + "? [a]\n: 1\n",
    "masthead:\n  - title\n  title: 挂职简报\n",
    "- a\nb: 1\n",
    "a: b\n- c\n",
    "a:\n  b: 1\n c: 2\n",
    "a: 'it''s\n",
    'a: "x\\',
]
#: ASCII words messages may hold besides the keys and the clerk's own text.
ALLOWED = {"YAML", "Word", "true", "false"}


def _words_not_chinese(message: str, text: str) -> set[str]:
    words = set(re.findall(r"[A-Za-z]{4,}", message))
    return {w for w in words if w not in ALL_KEYS and w not in ALLOWED and w not in text}


@pytest.mark.parametrize("index", range(len(CORPUS)))
def test_every_message_about_a_broken_file_is_chinese(index: int) -> None:
    text = CORPUS[index]
    for err in messages(text):
        assert not _words_not_chinese(err.message, text), err.message
        assert re.search(r"[\u4e00-\u9fff]", err.message), err.message
        assert "解析器" not in err.message and "锚点" not in err.message


def test_corpus_is_large() -> None:
    assert len(CORPUS) >= 60

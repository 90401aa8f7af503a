"""The clerk's words printed as typed, or reported (issue 10): comments, joined lines, leads, dates.

Each rule goes through ``loads`` and, where the clerk meets it, the CLI in process
(``check``/``build``): exit status, the Chinese message, its line:col, and the
.docx read back.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from bulletin_docs.api import loads
from bulletin_docs.cli import main
from bulletin_docs.errors import BulletinError, BulletinErrors, BulletinWarning
from bulletin_docs.model import IssueDate
from conftest import MINIMAL_YAML as M

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "guazhi-2020-01" / "issue.yaml"


def edit(old: str, new: str, text: str = M) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def load_warned(text: str) -> tuple[object, list[str]]:
    """The bulletin loaded from ``text`` and the BulletinWarnings raised on the way."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BulletinWarning)
        bulletin = loads(text, file="issue.yaml")
    return bulletin, [str(w.message) for w in caught if w.category is BulletinWarning]


def docx_text(path: Path) -> str:
    """Every paragraph of the .docx (tables included), one line each."""
    body = Document(str(path)).element.body
    return "\n".join(
        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))
    )


def errors_of(text: str) -> list[BulletinError]:
    with pytest.raises(BulletinError) as info:
        loads(text, file="issue.yaml")
    err = info.value
    return list(err.errors) if isinstance(err, BulletinErrors) else [err]


# --- text after " #" ------------------------------------------------------------------------

HASH = edit("  title: 挂职简报", "  title: 推进会 #1号文件")


def test_text_dropped_after_one_space_hash_is_warned_with_its_place_and_the_fix() -> None:
    bulletin, said = load_warned(HASH)
    assert bulletin.masthead.title == "推进会"  # type: ignore[attr-defined]
    assert said == [
        "issue.yaml:2:14：masthead.title：“#”前只有一个空格，YAML 把“#1号文件”当作注释，"
        '只印出“推进会”；要印出整段文字，请加引号：title: "推进会 #1号文件"'
    ]


def test_quoting_as_the_warning_says_prints_the_whole_text() -> None:
    bulletin, said = load_warned(edit("  title: 挂职简报", '  title: "推进会 #1号文件"'))
    assert bulletin.masthead.title == "推进会 #1号文件" and said == []  # type: ignore[attr-defined]


def test_an_empty_value_before_one_space_hash_is_warned() -> None:
    text = edit("        author: 张顺流", "        author: 张顺流\n        note: #按语")
    _, said = load_warned(text)
    assert len(said) == 1 and said[0].startswith("issue.yaml:14:15：sections[0].articles[0].note：")
    assert "#按语" in said[0] and "这一项没有内容" in said[0]


@pytest.mark.parametrize(
    "text",
    [
        edit("  title: 挂职简报", "  title: 挂职简报  # 简报名称"),
        edit("  title: 挂职简报", "  title: 挂职简报   # 简报名称"),
        edit("  title: 挂职简报", "  # 简报名称\n  title: 挂职简报"),
        edit("copies: 60", "copies: 60  # 印数"),
        edit("        body: |", "        body: |   # 正文"),
    ],
    ids=["two spaces", "three spaces", "own line", "number", "block header"],
)
def test_comments_written_as_new_writes_them_stay_quiet(text: str) -> None:
    assert load_warned(text)[1] == []


def test_check_and_build_show_the_warning(
    issue_file, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = issue_file(HASH)
    assert main(["check", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"提示：{path}:2:14：masthead.title：" in err and "#1号文件" in err
    assert main(["build", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"提示：{path}:2:14：masthead.title：" in err and "#1号文件" in err
    assert "推进会" in docx_text(path.with_suffix(".docx"))


def test_the_skeleton_new_writes_raises_no_comment_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    skeleton = tmp_path / "next.yaml"
    assert main(["new", str(EXAMPLE), "-o", str(skeleton), "--date", "2020-05-20"]) == 0
    capsys.readouterr()
    main(["check", str(skeleton)])
    assert "当作注释" not in capsys.readouterr().err


# --- lines joined -------------------------------------------------------------------------

BODY = (
    "        body: |\n          第一段，**加粗的话**在这里。\n\n"
    "          第二段\n          接着一行。\n"
)
JOINED = ["第一段，加粗的话在这里。", "第二段接着一行。"]

_BODIES = {
    "literal": BODY,
    "folded": BODY.replace("body: |", "body: >"),
    "plain": (
        "        body:\n          第一段，**加粗的话**在这里。\n\n"
        "          第二段\n          接着一行。\n"
    ),
    "double quoted": (
        '        body: "第一段，**加粗的话**在这里。\n\n          第二段\n          接着一行。"\n'
    ),
    "single quoted": (
        "        body: '第一段，**加粗的话**在这里。\n\n          第二段\n          接着一行。'\n"
    ),
    "plain on the key's line": (
        "        body: 第一段，**加粗的话**在这里。\n\n          第二段\n          接着一行。\n"
    ),
}


@pytest.mark.parametrize("style", sorted(_BODIES))
def test_paragraph_rules_hold_in_every_yaml_style(style: str) -> None:
    bulletin = loads(edit(BODY, _BODIES[style]))
    body = bulletin.sections[0].articles[0].body
    assert [p.text for p in body] == JOINED
    assert body[0].spans[1].bold and body[0].spans[1].text == "加粗的话"


@pytest.mark.parametrize(
    "typed",
    [
        "  title: 挂职\n    简报",
        "  title: >\n    挂职\n    简报",
        '  title: "挂职\n    简报"',
        "  title: '挂职\n    简报'",
        "  title: |\n    挂职\n    简报",
    ],
    ids=["plain", "folded", "double quoted", "single quoted", "literal"],
)
def test_a_title_on_two_lines_gains_no_space(typed: str) -> None:
    assert loads(edit("  title: 挂职简报", typed)).masthead.title == "挂职简报"


def test_latin_words_on_two_lines_keep_their_space() -> None:
    text = edit("    to: 张瑛部长，区委组织部。", "    to: >\n      Hello\n      world。")
    bulletin = loads(text)
    assert bulletin.distribution[0].to == "Hello world。"


def test_folded_body_prints_without_spaces_in_the_docx(issue_file) -> None:
    path = issue_file(edit(BODY, _BODIES["folded"]))
    assert main(["build", str(path)]) == 0
    text = docx_text(path.with_suffix(".docx"))
    assert "第二段接着一行。" in text and "第二段 接着" not in text


# --- labels typed twice -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("编者按：本期聚焦复工复产。", "本期聚焦复工复产。"),
        ("编者按:本期聚焦复工复产。", "本期聚焦复工复产。"),
        ("**编者按：**本期聚焦复工复产。", "本期聚焦复工复产。"),
        ("编者按：\n\n  本期聚焦复工复产。", "本期聚焦复工复产。"),
        ("本期编者按：聚焦复工复产。", "本期编者按：聚焦复工复产。"),
    ],
)
def test_preface_typed_with_its_lead_prints_it_once(typed: str, printed: str) -> None:
    bulletin = loads(M + f"preface: |\n  {typed}\n")
    assert bulletin.preface[0].text == printed


@pytest.mark.parametrize("typed", ["按：请各单位学习。", "按:请各单位学习。", "按请各单位学习。"])
def test_note_typed_with_its_lead_prints_it_once(typed: str) -> None:
    text = edit("        author: 张顺流", f"        author: 张顺流\n        note: {typed}")
    note = loads(text).sections[0].articles[0].note
    assert note[0].text == typed.removeprefix("按：").removeprefix("按:")


@pytest.mark.parametrize("typed", ["报：", "'报:'", "报 ：", "报"])
def test_distribution_label_with_its_colon_prints_one_colon(typed: str) -> None:
    bulletin = loads(edit("  - label: 报", f"  - label: {typed}"))
    assert bulletin.distribution[0].text == "报：张瑛部长，区委组织部。"


def test_leads_print_once_in_the_docx(issue_file) -> None:
    text = edit("        author: 张顺流", "        author: 张顺流\n        note: 按：请学习。")
    text = edit("  - label: 报", "  - label: 报：", text=text)
    path = issue_file(text + "preface: 编者按：本期聚焦复工复产。\n")
    assert main(["build", str(path)]) == 0
    printed = docx_text(path.with_suffix(".docx"))
    assert printed.count("编者按：") == 1 and "按：按：" not in printed
    assert "报：张瑛部长" in printed and "报：：" not in printed


def test_a_label_that_is_only_a_colon_is_refused() -> None:
    (err,) = errors_of(edit("  - label: 报", '  - label: "："'))
    assert (err.line, err.key_path) == (20, "distribution[0].label")
    assert "冒号由程序加上" in err.message


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["2024.6.18", "2024/6/18", "2024-6-18", "2024年6月18日", "2024-06-18", "'2024.06.18'",
     "2024 年 6 月 18 日"],
)
def test_every_day_form_prints_the_same(typed: str) -> None:
    date = loads(edit("  date: 2020-04", f"  date: {typed}")).masthead.date
    assert date == IssueDate(2024, 6, 18) and date.text == "2024年6月18日"


@pytest.mark.parametrize("typed", ["2024.6", "2024/6", "2024-6", "2024年6月", "2024.06", "2024-06"])
def test_every_month_form_prints_the_same(typed: str) -> None:
    date = loads(edit("  date: 2020-04", f"  date: {typed}")).masthead.date
    assert date == IssueDate(2024, 6) and date.text == "2024年6月"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("2024.2.30", "日期 2024.2.30 不存在：2024年2月没有30日"),
        ("2023/2/29", "日期 2023/2/29 不存在：2023年2月没有29日"),
        ("2024年6月31日", "日期 2024年6月31日 不存在：2024年6月没有31日"),
        ("2024-13", "日期 2024-13 不存在：月份应在 1 到 12 之间"),
        ("2024年0月", "日期 2024年0月 不存在：月份应在 1 到 12 之间"),
        ("2024.13", "日期 2024.13 不存在：月份应在 1 到 12 之间"),
    ],
)
def test_impossible_dates_are_refused_in_chinese(
    typed: str, says: str, issue_file, capsys: pytest.CaptureFixture[str]
) -> None:
    path = issue_file(edit("  date: 2020-04", f"  date: {typed}"))
    assert main(["check", str(path)]) == 1
    assert f"错误：{path}:7:9：masthead.date：{says}" in capsys.readouterr().err
    assert main(["build", str(path)]) == 1
    assert not path.with_suffix(".docx").exists()


def test_other_date_text_prints_as_typed() -> None:
    date = loads(edit("  date: 2020-04", "  date: 二〇二四年六月")).masthead.date
    assert date.text == "二〇二四年六月"


def test_new_keeps_a_chinese_month_form_month_only(tmp_path: Path) -> None:
    previous = tmp_path / "issue.yaml"
    previous.write_text(edit("  date: 2020-04", "  date: 2020年4月"), encoding="utf-8")
    skeleton = tmp_path / "next.yaml"
    assert main(["new", str(previous), "-o", str(skeleton)]) == 0
    assert "  date: " in skeleton.read_text(encoding="utf-8")
    line = next(x for x in skeleton.read_text(encoding="utf-8").split("\n") if "date:" in x)
    assert len(line.split("#")[0].strip().removeprefix("date: ")) == 7  # YYYY-MM

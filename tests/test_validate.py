"""Validation: valid issue files into the Bulletin model, every key of format v1 read as written."""

from __future__ import annotations

from pathlib import Path

import pytest

import bulletin_docs
from bulletin_docs.issuefile import keys
from bulletin_docs.model import (
    Bulletin,
    DistributionRow,
    IssueDate,
    IssueNumber,
    Paragraph,
    Span,
)
from conftest import MINIMAL_YAML


def loads(text: str, base_dir: Path | None = None) -> Bulletin:
    return bulletin_docs.loads(text, base_dir=base_dir, file="issue.yaml")


def swap(old: str, new: str, text: str = MINIMAL_YAML) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_minimal_issue_builds_the_model() -> None:
    b = loads(MINIMAL_YAML)
    m = b.masthead
    assert m.title == "挂职简报"
    assert m.issue == IssueNumber(1, year=2020)
    assert m.issue.text == "（2020年第1期）"
    assert m.issuer == "吴中区年轻干部双向挂职工作小组"
    assert m.date == IssueDate(2020, 4) and m.date.text == "2020年4月"
    assert m.marking is None
    assert b.contents is True and b.preface == () and b.copies == 60
    assert b.source == Path("issue.yaml")
    (section,) = b.sections
    assert section.title == "工作动态" and section.photos == ()
    (article,) = section.articles
    assert article.title == "进了村委门 就做村里人"
    assert article.unit == "东山镇陆巷村" and article.authors == ("张顺流",)
    assert article.byline == "东山镇陆巷村 张顺流"
    assert article.body == (
        Paragraph((Span("第一段，"), Span("加粗的话", bold=True), Span("在这里。"))),
        Paragraph((Span("第二段接着一行。"),)),
    )
    assert b.distribution == (
        DistributionRow("报", "张瑛部长，区委组织部。"),
        DistributionRow("发", "挂职干部派驻单位，全体挂职干部。"),
    )


def test_load_reads_a_file_relative_to_its_folder(issue_file, make_photo) -> None:
    make_photo("photos/a.jpg")
    text = swap(
        "  - title: 工作动态\n",
        "  - title: 工作动态\n    photos:\n      - file: photos/a.jpg\n        caption: 图片说明\n",
    )
    path = issue_file(text)
    b = bulletin_docs.load(path)
    (photo,) = b.sections[0].photos
    assert photo.file == (path.parent / "photos" / "a.jpg").resolve()
    assert photo.file.is_absolute()
    assert photo.caption == "图片说明"
    assert photo.position is not None
    assert (photo.position.line, photo.position.key_path) == (11, "sections[0].photos[0].file")
    assert b.source == path


def test_all_optional_keys(tmp_path: Path, make_photo) -> None:
    make_photo("p/x.png")
    text = """\
masthead:
  title: 挂职简报
  issue: {number: 3, year: 2021, total: 25, label: 增刊}
  issuer: 工作小组
  date: "2020年4月15日"
  marking: 内部资料 注意保存
contents: false
preface: |
  编者按第一段。

  编者按第二段。
sections:
  - title: 领导寄语
    articles:
      - title: 一篇文章
        contents_title: 要目里的标题
        unit: 区委组织部
        author: [张三, 李四]
        note: 按语。
        body: 正文。
        photos:
          - file: p/x.png
            caption: 文章配图
distribution:
  - label: 报
    to: [张瑛部长, 区委组织部]
copies: 1
"""
    b = loads(text, tmp_path)
    assert b.masthead.issue == IssueNumber(3, year=2021, total=25, label="增刊")
    assert b.masthead.issue.text == "增刊（总第25期）"
    assert b.masthead.date == IssueDate(2020, 4, 15)
    assert b.masthead.marking == "内部资料 注意保存"
    assert b.contents is False and b.contents_entries == ()
    assert [p.text for p in b.preface] == ["编者按第一段。", "编者按第二段。"]
    a = b.sections[0].articles[0]
    assert a.contents_line == "要目里的标题"
    assert a.authors == ("张三", "李四") and a.byline == "区委组织部 张三、李四"
    assert [p.text for p in a.note] == ["按语。"]
    assert a.photos[0].file == tmp_path / "p" / "x.png"
    assert b.distribution[0].text == "报：张瑛部长，区委组织部。"
    assert b.copies_text == "（共印1份）"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2020-04", IssueDate(2020, 4)),
        ("2020-4", IssueDate(2020, 4)),
        ("'2020-04'", IssueDate(2020, 4)),
        ("2020-04-15", IssueDate(2020, 4, 15)),
        ("2024-02-29", IssueDate(2024, 2, 29)),
        ('"2020-04-15"', IssueDate(2020, 4, 15)),
        ("2020年4月", IssueDate(2020, 4)),
        ('"2020年4月15日"', IssueDate(2020, 4, 15)),
        ("二〇二〇年四月", IssueDate(literal="二〇二〇年四月")),
        ("2020/04/15", IssueDate(2020, 4, 15)),
    ],
)
def test_the_three_date_forms(typed: str, expected: IssueDate) -> None:
    b = loads(swap("date: 2020-04", f"date: {typed}"))
    assert b.masthead.date == expected


def test_issue_without_year() -> None:
    b = loads(swap("    year: 2020\n", ""))
    assert b.masthead.issue == IssueNumber(1) and b.masthead.issue.text == "第1期"


def test_contents_defaults_true_and_reads_yaml_booleans() -> None:
    assert loads(MINIMAL_YAML).contents is True
    assert loads(MINIMAL_YAML + "contents: no\n").contents is False
    assert loads(MINIMAL_YAML + "contents: True\n").contents is True


def test_numbers_where_text_is_expected_are_taken_as_typed() -> None:
    text = swap("  title: 挂职简报", "  title: 2020")
    text = swap("  - title: 工作动态", "  - title: 007", text)
    text = swap("  - label: 报", "  - label: 1.50", text)
    text = swap("        author: 张顺流", "        author: [12, yes]", text)
    b = loads(text)
    assert b.masthead.title == "2020"
    assert b.sections[0].title == "007"
    assert b.distribution[0].label == "1.50"
    assert b.sections[0].articles[0].authors == ("12", "yes")


def test_text_is_kept_literally() -> None:
    tricky = "& < > \" ' {{ x }} {% y %} \\ 𠮷"
    text = swap(
        "  title: 挂职简报",
        "  title: '" + tricky.replace("'", "''") + "'",
    )
    b = loads(text)
    assert b.masthead.title == tricky


def test_body_with_literal_characters() -> None:
    body = "& < > \" ' {{ x }} {% y %} \\n 与 \\\\"
    text = swap("          第一段，**加粗的话**在这里。", "          " + body)
    b = loads(text)
    assert b.sections[0].articles[0].body[0].text == body


def test_block_scalar_title_drops_only_the_final_newline() -> None:
    old = "      - title: 进了村委门 就做村里人"
    text = swap(old, "      - title: |\n          进了村委门 就做村里人")
    assert loads(text).sections[0].articles[0].title == "进了村委门 就做村里人"


def test_to_string_is_printed_as_typed() -> None:
    b = loads(swap("    to: 张瑛部长，区委组织部。", "    to: 张瑛部长，区委组织部"))
    assert b.distribution[0].to == "张瑛部长，区委组织部"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("[甲, 乙]", "甲，乙。"),
        ("[甲, 乙。]", "甲，乙。"),
        ("[甲]", "甲。"),
        ("\n      - 甲\n      - 乙", "甲，乙。"),
    ],
)
def test_to_list_is_joined_and_closed_once(typed: str, expected: str) -> None:
    b = loads(swap("    to: 张瑛部长，区委组织部。", f"    to: {typed}"))
    assert b.distribution[0].to == expected


def test_author_string_and_empty_optional_values() -> None:
    text = swap("        unit: 东山镇陆巷村", "        unit:")
    text = swap("        author: 张顺流", "        author: ''", text)
    a = loads(text).sections[0].articles[0]
    assert a.unit is None and a.authors == () and a.byline is None


def test_section_of_photos_only_and_empty_articles(tmp_path: Path, make_photo) -> None:
    make_photo("a.jpg")
    text = swap(
        "distribution:",
        "  - title: 挂职干部风采\n    articles:\n    photos:\n"
        "      - {file: a.jpg, caption: 说明一}\n      - {file: ./a.jpg, caption: 说明二}\n"
        "distribution:",
    )
    b = loads(text, tmp_path)
    s = b.sections[1]
    assert s.articles == () and [p.caption for p in s.photos] == ["说明一", "说明二"]
    assert [p.position.line for p in b.photos() if p.position] == [22, 23]


def test_several_sections_keep_their_order() -> None:
    extra = "  - title: 第二栏\n    articles:\n      - {title: 二, body: 文}\n" * 1
    extra += "  - title: 第三栏\n"
    b = loads(swap("distribution:", extra + "distribution:"))
    assert [s.label for s in b.sections] == ["【工作动态】", "【第二栏】", "【第三栏】"]
    assert [e.label for e in b.contents_entries] == ["【工作动态】", "【第二栏】", "【第三栏】"]


def test_aliases_within_bounds_are_read() -> None:
    text = swap("    to: 张瑛部长，区委组织部。", "    to: &all [甲, 乙]")
    text = swap("    to: [挂职干部派驻单位, 全体挂职干部]", "    to: *all", text)
    b = loads(text)
    assert b.distribution[0].to == b.distribution[1].to == "甲，乙。"


def test_model_is_immutable() -> None:
    b = loads(MINIMAL_YAML)
    with pytest.raises(AttributeError):
        b.copies = 3  # type: ignore[misc]


# --- the table of keys ---------------------------------------------------------------------

_TABLES = (
    keys.TOP_KEYS,
    keys.MASTHEAD_KEYS,
    keys.ISSUE_KEYS,
    keys.SECTION_KEYS,
    keys.ARTICLE_KEYS,
    keys.PHOTO_KEYS,
    keys.ROW_KEYS,
)


def test_chinese_words_name_known_keys() -> None:
    known = {key for table in _TABLES for key in table}
    assert set(keys.CHINESE_KEYS.values()) <= known


def test_stray_keys_are_keys_of_other_mappings() -> None:
    known = {key for table in _TABLES for key in table}
    for table, strays in (
        (keys.TOP_KEYS, keys.TOP_STRAYS),
        (keys.MASTHEAD_KEYS, keys.MASTHEAD_STRAYS),
        (keys.ISSUE_KEYS, keys.ISSUE_STRAYS),
        (keys.SECTION_KEYS, keys.SECTION_STRAYS),
        (keys.ARTICLE_KEYS, keys.ARTICLE_STRAYS),
        (keys.PHOTO_KEYS, keys.PHOTO_STRAYS),
        (keys.ROW_KEYS, keys.ROW_STRAYS),
    ):
        assert set(strays) <= known - set(table)
    # a key of two mappings is sent to the first one listed; an ambiguous one to none
    assert keys.TOP_STRAYS["title"] == keys.IN_MASTHEAD
    assert keys.TOP_STRAYS["photos"] == keys.IN_SECTIONS
    assert "label" not in keys.TOP_STRAYS
    assert keys.MASTHEAD_STRAYS["label"] == keys.IN_ISSUE


def test_a_key_added_to_a_table_is_known_as_a_stray_elsewhere() -> None:
    article = {**keys.ARTICLE_KEYS, "subtitle": "副标题"}
    strays = keys.strays(keys.SECTION_KEYS, (article, keys.IN_ARTICLE))
    assert strays["subtitle"] == keys.IN_ARTICLE
    assert "title" not in strays

"""Bulletins into issue files and back: load(dump_yaml(b)) == b for every valid issue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bulletin_docs
from bulletin_docs.issuefile.dump import quoted, scalar
from bulletin_docs.issuefile.messages import BAD_CHARS
from conftest import EXAMPLE
from test_properties import SETTINGS, dump, issues, photo_dir  # noqa: F401 (a fixture)


@SETTINGS
@given(data=issues())
def test_dump_then_load_is_the_same_issue(data: dict[str, Any], photo_dir: Path) -> None:  # noqa: F811
    b = bulletin_docs.loads(dump(data), base_dir=photo_dir)
    text = bulletin_docs.dump_yaml(b, base_dir=photo_dir)
    assert bulletin_docs.loads(text, base_dir=photo_dir) == b
    assert bulletin_docs.from_dict(bulletin_docs.to_dict(b)) == b


#: Any text an issue may hold: YAML's indicators, quotes, escapes, line separators, full-width
#: spaces, astral characters; never what the loader refuses (BAD_CHARS).
any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20
).filter(lambda s: not BAD_CHARS.search(s) and "\r" not in s and "\n" not in s and s.strip())


@SETTINGS
@given(title=any_text, issuer=any_text, label=any_text, to=any_text, author=any_text)
def test_any_text_is_written_so_that_it_reads_back(
    title: str, issuer: str, label: str, to: str, author: str
) -> None:
    data: dict[str, Any] = {
        "masthead": {"title": title, "issue": {"number": 1}, "issuer": issuer, "date": title},
        "sections": [{"title": title, "articles": [
            {"title": title, "author": [author, author], "body": f"{title}\n\n**{issuer}**"}
        ]}],
        "distribution": [{"label": label, "to": to}],
    }
    try:
        b = bulletin_docs.from_dict(data)
    except bulletin_docs.BulletinError:
        return  # e.g. a label that is only a colon: not a valid issue
    assert bulletin_docs.loads(bulletin_docs.dump_yaml(b)) == b


def test_the_example_is_written_as_a_clerk_would_read_it(tmp_path: Path) -> None:
    b = bulletin_docs.load(EXAMPLE)
    text = bulletin_docs.dump_yaml(b, base_dir=EXAMPLE.parent)
    assert text.startswith("# 挂职简报（2020年第1期）\n\nmasthead:   # 报头\n  title: 挂职简报\n")
    assert "  - title: 工作动态   # 栏目名，印作【工作动态】\n" in text
    assert "        body: |   # 正文" in text
    assert "      - file: photos/1-wuzhihao.jpg\n" in text
    issue = tmp_path / "issue.yaml"  # elsewhere: the photos named by their absolute paths
    issue.write_text(bulletin_docs.dump_yaml(b), encoding="utf-8")
    assert bulletin_docs.load(issue) == b  # the same issue, read from another file
    assert bulletin_docs.render_docx(b, tmp_path / "a.docx").read_bytes() == (
        bulletin_docs.render_docx(bulletin_docs.load(issue), tmp_path / "b.docx").read_bytes()
    )


def test_a_lead_typed_twice_is_kept_once(tmp_path: Path) -> None:
    data = {
        "masthead": {"title": "简报", "issue": {"number": 1}, "issuer": "组", "date": "2020-04"},
        "preface": "编者按：编者按：这一句以编者按开头。",
        "sections": [{"title": "栏目", "articles": [{"title": "题", "note": "按：按：按语",
                                                    "body": "正文"}]}],
        "distribution": [{"label": "报", "to": "部长。"}],
    }
    b = bulletin_docs.from_dict(data)
    assert b.preface[0].text == "编者按：这一句以编者按开头。"
    assert bulletin_docs.loads(bulletin_docs.dump_yaml(b)) == b


def test_photos_given_as_bytes_cannot_be_named_in_a_file(make_photo) -> None:
    data = {
        "masthead": {"title": "简报", "issue": {"number": 1}, "issuer": "组", "date": "2020-04"},
        "sections": [{"title": "图", "photos": [
            {"file": make_photo("a.jpg", 64, 48).read_bytes(), "caption": "说明"}
        ]}],
        "distribution": [{"label": "报", "to": "部长。"}],
    }
    with pytest.raises(ValueError, match="照片数据"):
        bulletin_docs.dump_yaml(bulletin_docs.from_dict(data))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("挂职简报", "挂职简报"),
        ("推进会 #1号文件", '"推进会 #1号文件"'),
        ("2020-04-15", '"2020-04-15"'),
        ("yes", '"yes"'),
        ("a\u2028b", '"a\\u2028b"'),
        (" lead", '" lead"'),
        ('say "hi"', 'say "hi"'),
        ("*重要*", '"*重要*"'),
    ],
)
def test_scalars_are_plain_only_when_yaml_reads_them_back(value: str, written: str) -> None:
    assert scalar(value) == written
    assert scalar("张三, 李四", flow=True) == quoted("张三, 李四")

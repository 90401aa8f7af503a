"""``bulletin-docs new``: the example into 第2期's skeleton, placeholders flagged until filled."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from bulletin_docs.cli import main
from bulletin_docs.issuefile.nextissue import scalar
from bulletin_docs.issuefile.placeholders import AUTHOR, BODY, TITLE, UNIT, find_placeholders
from bulletin_docs.issuefile.schema import json_ready, load_schema
from conftest import EXAMPLE, MINIMAL_YAML

FILLED_PHOTOS = """photos:
      - file: photos/1-wuzhihao.jpg
        caption: 本期照片一
"""


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example folder (photos included); returns its issue.yaml."""
    folder = tmp_path / "guazhi"
    shutil.copytree(EXAMPLE.parent, folder)
    return folder / "issue.yaml"


def _new(*argv: str) -> int:
    return main(["new", *argv])


def _fill(text: str) -> str:
    """Replace every placeholder the way a clerk would, and list one photo."""
    for placeholder, value in (
        (scalar(TITLE), "本期文章标题"),
        (scalar(UNIT), "东山镇陆巷村"),
        (scalar(AUTHOR), "张顺流"),
        (BODY, "本期正文第一段。"),
    ):
        text = text.replace(placeholder, value)
    return text.replace("photos: []", FILLED_PHOTOS.rstrip("\n"))


def test_next_issue_from_example(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _new(str(example), "--date", "2020-05") == 0
    out = example.parent / "issue-2020-02.yaml"
    assert "issue-2020-02.yaml" in capsys.readouterr().out
    prev = yaml.safe_load(example.read_text(encoding="utf-8"))
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["masthead"]["issue"] == {"number": 2, "year": 2020}
    assert data["masthead"]["title"] == prev["masthead"]["title"]
    assert data["masthead"]["issuer"] == prev["masthead"]["issuer"]
    assert data["masthead"]["date"] == "2020-05"
    assert data["distribution"] == prev["distribution"]
    assert [s["title"] for s in data["sections"]] == [s["title"] for s in prev["sections"]]
    for section in data["sections"]:
        if section["title"] == "挂职干部风采":
            assert section["photos"] == [] and "articles" not in section
        else:
            assert [a["title"] for a in section["articles"]] == [TITLE]
            assert section["articles"][0]["body"].strip() == BODY
    # Bylines only where the previous issue had them.
    assert "unit" not in data["sections"][0]["articles"][0]
    assert data["sections"][2]["articles"][0]["author"] == AUTHOR
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# 正文（必填）" in text  # the comments survive


def test_schema_line_points_at_the_schema(example: Path) -> None:
    assert _new(str(example), "--date", "2020-05-20") == 0
    out = example.parent / "issue-2020-02.yaml"
    first = out.read_text(encoding="utf-8").splitlines()[0]
    target = (out.parent / first.split("$schema=", 1)[1]).resolve()
    assert target.is_file()
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["masthead"]["date"] == dt.date(
        2020, 5, 20
    )


def test_default_date_is_today_in_previous_form(example: Path) -> None:
    assert _new(str(example)) == 0
    today = dt.date.today()
    out = example.parent / f"issue-{today.year}-{(1 if today.year != 2020 else 2):02d}.yaml"
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["masthead"]["date"] == f"{today.year:04d}-{today.month:02d}"
    assert data["masthead"]["issue"]["year"] == today.year


def test_new_year_starts_again_at_1(example: Path) -> None:
    assert _new(str(example), "--date", "2021-01-15") == 0
    data = yaml.safe_load((example.parent / "issue-2021-01.yaml").read_text(encoding="utf-8"))
    assert data["masthead"]["issue"] == {"number": 1, "year": 2021}


def test_total_and_copies_and_list_recipients(issue_file) -> None:
    text = MINIMAL_YAML.replace("    year: 2020\n", "    total: 25\n")
    text = text.replace("  issuer:", "  marking: 内部资料 注意保存\n  issuer:")
    prev = issue_file(text.replace("number: 1", "number: 7"))
    assert _new(str(prev), "--date", "2020-06-01") == 0
    data = yaml.safe_load((prev.parent / "issue-08.yaml").read_text(encoding="utf-8"))
    assert data["masthead"]["issue"] == {"number": 8, "total": 26}
    assert data["masthead"]["marking"] == "内部资料 注意保存"
    assert data["copies"] == 60
    assert data["distribution"][1]["to"] == ["挂职干部派驻单位", "全体挂职干部"]


def test_refuses_to_overwrite(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = example.parent / "next.yaml"
    out.write_text("上一份草稿\n", encoding="utf-8")
    assert _new(str(example), "-o", str(out), "--date", "2020-05") == 1
    assert "已存在" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "上一份草稿\n"
    assert _new(str(example), "-o", str(out), "--date", "2020-05", "--force") == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["masthead"]["issue"]["number"] == 2


def test_bad_previous_and_bad_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _new(str(tmp_path / "missing.yaml")) == 1
    assert "找不到" in capsys.readouterr().err
    broken = tmp_path / "broken.yaml"
    broken.write_text("masthead: [\n", encoding="utf-8")
    assert _new(str(broken), "--date", "2020-05") == 1
    assert "错误" in capsys.readouterr().err
    assert _new(str(broken), "--date", "2020-02-30") == 2


@pytest.mark.parametrize(
    "value",
    [
        "挂职简报", "yes", "2020-04", "12", "a: b", "# 不是注释", "引号\"和'单引号", " 前后空格 ",
        "- 列表", "{{ x }}", "多\n行", "&锚点", "*别名", "!标签", "null", "【请填写标题】",
    ],
)
def test_scalars_read_back_exactly(value: str) -> None:
    assert yaml.safe_load(f"k: {scalar(value)}") == {"k": value}


def test_find_placeholders_on_model(sample_bulletin) -> None:
    assert find_placeholders(sample_bulletin) == []
    section = sample_bulletin.sections[0]
    article = dataclasses.replace(section.articles[0], title=TITLE)
    changed = dataclasses.replace(
        sample_bulletin,
        sections=(dataclasses.replace(section, articles=(article,)),
                  dataclasses.replace(sample_bulletin.sections[1], photos=())),
    )
    found = dict(find_placeholders(changed))
    assert set(found) == {"sections[0].articles[0].title", "sections[1]"}
    assert "尚未填写" in found["sections[0].articles[0].title"]


def test_skeleton_flagged_until_filled(example: Path) -> None:
    import bulletin_docs

    assert _new(str(example), "--date", "2020-05") == 0
    out = example.parent / "issue-2020-02.yaml"
    text = out.read_text(encoding="utf-8")
    paths = {p for p, _ in find_placeholders(bulletin_docs.load(out))}
    assert "sections[0].articles[0].title" in paths
    assert "sections[0].articles[0].body" in paths
    assert "sections[2].articles[0].unit" in paths
    assert "sections[2].articles[0].author" in paths
    assert "sections[4]" in paths  # the photo section is still empty
    out.write_text(_fill(text), encoding="utf-8")
    filled = bulletin_docs.load(out)
    assert find_placeholders(filled) == []
    assert filled.masthead.issue.text == "（2020年第2期）"
    assert [r.text for r in filled.distribution] == [
        "报：张瑛部长，区委组织部。",
        "发：挂职干部派驻单位、接收单位主要领导，全体挂职干部。",
    ]


def test_filled_skeleton_is_schema_valid(example: Path) -> None:
    assert _new(str(example), "--date", "2020-05") == 0
    out = example.parent / "issue-2020-02.yaml"
    validator = jsonschema.Draft202012Validator(load_schema())
    text = out.read_text(encoding="utf-8")
    assert validator.is_valid(json_ready(yaml.safe_load(text)))
    assert validator.is_valid(json_ready(yaml.safe_load(_fill(text))))


def test_check_points_at_placeholders_until_filled(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _new(str(example), "--date", "2020-05") == 0
    out = example.parent / "issue-2020-02.yaml"
    capsys.readouterr()
    assert main(["check", str(out)]) == 1
    err = capsys.readouterr().err
    lines = out.read_text(encoding="utf-8").splitlines()
    # every message names the file, the line and column of the placeholder, and its key path
    first = next(e for e in err.splitlines() if "sections[0].articles[0].title" in e)
    line_no = int(first.split(f"{out}:")[1].split(":")[0])
    assert "【请填写文章标题】" in lines[line_no - 1]
    assert "尚未填写" in first
    assert "Traceback" not in err
    out.write_text(_fill(out.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["check", str(out)]) == 0
    assert "检查通过" in capsys.readouterr().out

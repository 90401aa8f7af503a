"""``bulletin-docs new``: the example into 第2期's skeleton, placeholders flagged until filled."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import time
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


# --- the previous issue is read through the bounded loader ----------------------------------


def _bomb(levels: int = 10) -> str:
    """A billion-laughs alias bomb: 10**levels strings if every alias were expanded."""
    lines = ['l0: &l0 "哈哈哈哈哈哈哈哈哈哈"']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


#: The previous issue's title, refused as a tag that would construct a Python object.
_POPEN_TITLE = "  title: !!python/object:subprocess.Popen {args: [touch, {marker}]}"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("alias bomb", "别名（*名字）展开后的内容过多"),
        ("python apply", "不支持的 YAML 标签 !!python/object/apply:os.system"),
        ("python object", "不支持的 YAML 标签 !!python/object:subprocess.Popen"),
    ],
)
def test_new_refuses_a_previous_issue_the_loader_refuses(
    name: str, says: str, issue_file, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "marker"
    text = {
        "alias bomb": MINIMAL_YAML + _bomb(),
        "python apply": MINIMAL_YAML + f"x: !!python/object/apply:os.system ['touch {marker}']\n",
        "python object": MINIMAL_YAML.replace(
            "  title: 挂职简报", _POPEN_TITLE.replace("{marker}", str(marker))
        ),
    }[name]
    previous = issue_file(text)
    start = time.perf_counter()
    assert _new(str(previous), "--date", "2020-05") == 1
    assert time.perf_counter() - start < 5
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"错误：{previous}:" in captured.err and says in captured.err
    assert "Traceback" not in captured.err
    assert sorted(p.name for p in previous.parent.iterdir()) == [previous.name]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("old", "new", "line", "says"),
    [
        ("  issue:\n    number: 1\n    year: 2020\n", "  issue: 第一期\n", 3,
         "masthead.issue：上一期的期号 issue 应为“键: 值”的映射"),
        ("    number: 1\n", "    number: 一\n", 4,
         "masthead.issue.number：上一期的期号 number 应为整数"),
        ("  issuer: 吴中区年轻干部双向挂职工作小组\n", "", 2,
         "masthead.issuer：上一期文件缺少 masthead.issuer"),
        ("distribution:", "distribution: 报\nold_distribution:", 19,
         "distribution：上一期的 distribution 应为列表"),
    ],
)
def test_new_points_into_a_broken_previous_issue(
    old: str, new: str, line: int, says: str, issue_file, capsys: pytest.CaptureFixture[str]
) -> None:
    assert old in MINIMAL_YAML
    previous = issue_file(MINIMAL_YAML.replace(old, new, 1))
    assert _new(str(previous), "-o", str(previous.parent / "next.yaml"), "--date", "2020-05") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"错误：{previous}:{line}:" in captured.err and says in captured.err
    assert not (previous.parent / "next.yaml").exists()


def test_new_takes_values_as_typed(issue_file) -> None:
    """Text that YAML would read as a date or true/false is copied as the clerk typed it."""
    text = MINIMAL_YAML.replace("  issuer: 吴中区年轻干部双向挂职工作小组", "  issuer: 2020-4-5")
    text = text.replace("  title: 挂职简报", "  title: 挂职简报\n  marking: yes")
    previous = issue_file(text)
    out = previous.parent / "next.yaml"
    assert _new(str(previous), "-o", str(out), "--date", "2020-05") == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["masthead"]["issuer"] == "2020-4-5"
    assert data["masthead"]["marking"] == "yes"


# --- errors go to stderr, results to stdout --------------------------------------------------


def test_new_errors_go_to_stderr(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _new(str(example.parent / "missing.yaml")) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "错误：" in captured.err and "找不到" in captured.err
    out = example.parent / "next.yaml"
    out.write_text("草稿\n", encoding="utf-8")
    assert _new(str(example), "-o", str(out), "--date", "2020-05") == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "已存在" in captured.err
    assert _new(str(example), "--date", "2020-13") == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "日期应写成" in captured.err
    assert _new(str(example), "-o", str(out), "--date", "2020-05", "--force") == 0
    captured = capsys.readouterr()
    assert f"已生成 {out}" in captured.out and captured.err == ""


def test_check_errors_go_to_stderr_and_verdicts_to_stdout(
    example: Path, issue_file, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = issue_file(MINIMAL_YAML.replace("number: 1", "number: 0"))
    assert main(["check", str(example), str(bad), str(bad.parent / "missing.yaml")]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{example}：检查通过。\n"
    assert "错误：" not in captured.out
    err = captured.err.splitlines()
    assert err[0].startswith(f"错误：{bad}:4:13：masthead.issue.number：")
    assert "找不到简报文件" in err[1] and len(err) == 2

"""Every bad-input rule of format v1: errors name file, line, column, key path and the expectation.

Each case goes through ``bulletin_docs.loads``/``load`` and through the CLI in
process (``build`` and ``check``): exit status 1, the Chinese message on
stderr, no traceback, and nothing written beside the YAML.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

import bulletin_docs
from bulletin_docs.cli import main
from bulletin_docs.errors import (
    BulletinError,
    BulletinErrors,
    PhotoError,
    SchemaError,
    YamlSyntaxError,
)
from bulletin_docs.layout import DEFAULT
from conftest import MINIMAL_YAML

M = MINIMAL_YAML
A = "sections[0].articles[0]"
BODY = M[M.index("        body: |") : M.index("distribution:")]


def edit(*pairs: str, text: str = M) -> str:
    """MINIMAL_YAML with each (old, new) pair replaced once."""
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@dataclasses.dataclass(frozen=True)
class Case:
    text: str
    key_path: str
    line: int
    says: str
    kind: type[BulletinError] = SchemaError


CASES: dict[str, Case] = {
    # --- missing required keys: the line of the mapping that lacks them ----------------
    "missing masthead": Case(
        edit(M[: M.index("sections:")], ""), "masthead", 1, "缺少必填项 masthead（报头）"
    ),
    "missing title": Case(
        edit("  title: 挂职简报\n", ""), "masthead.title", 2, "缺少必填项 title（简报名称）"
    ),
    "missing issue": Case(
        edit("  issue:\n    number: 1\n    year: 2020\n", ""),
        "masthead.issue",
        2,
        "缺少必填项 issue（期号）",
    ),
    "missing number": Case(
        edit("    number: 1\n", ""), "masthead.issue.number", 4, "缺少必填项 number"
    ),
    "missing issuer": Case(
        edit("  issuer: 吴中区年轻干部双向挂职工作小组\n", ""),
        "masthead.issuer",
        2,
        "缺少必填项 issuer（编印单位）",
    ),
    "missing date": Case(
        edit("  date: 2020-04\n", ""), "masthead.date", 2, "缺少必填项 date（日期）"
    ),
    "missing sections": Case(
        edit(M[M.index("sections:") : M.index("distribution:")], ""),
        "sections",
        1,
        "缺少必填项 sections",
    ),
    "missing section title": Case(
        edit("  - title: 工作动态\n    articles:", "  - articles:"),
        "sections[0].title",
        9,
        "缺少必填项 title（栏目名称）",
    ),
    "missing article title": Case(
        edit("      - title: 进了村委门 就做村里人\n        unit:", "      - unit:"),
        f"{A}.title",
        11,
        "缺少必填项 title（文章标题）",
    ),
    "missing body": Case(edit(BODY, ""), f"{A}.body", 11, "缺少必填项 body（正文）"),
    "missing distribution": Case(
        edit(M[M.index("distribution:") : M.index("copies:")], ""),
        "distribution",
        1,
        "缺少必填项 distribution",
    ),
    "missing row label": Case(
        edit("  - label: 报\n    to:", "  - to:"), "distribution[0].label", 20, "缺少必填项 label"
    ),
    "missing to": Case(
        edit("    to: 张瑛部长，区委组织部。\n", ""),
        "distribution[0].to",
        20,
        "缺少必填项 to（发送对象）",
    ),
    "empty required value": Case(
        edit("  title: 挂职简报", "  title:"), "masthead.title", 2, "没有填写内容"
    ),
    "empty required text": Case(
        edit("  title: 挂职简报", "  title: '  '"), "masthead.title", 2, "不能为空"
    ),
    "empty body": Case(edit(BODY, "        body: ''\n"), f"{A}.body", 14, "正文不能为空"),
    "blank body": Case(edit(BODY, "        body: |\n\n\n"), f"{A}.body", 14, "正文不能为空"),
    "empty sections": Case(
        edit(M[M.index("sections:") : M.index("distribution:")], "sections: []\n"),
        "sections",
        8,
        "至少要有一个栏目",
    ),
    "empty distribution": Case(
        edit(M[M.index("distribution:") : M.index("copies:")], "distribution: []\n"),
        "distribution",
        19,
        "至少要有一行",
    ),
    # --- integers ------------------------------------------------------------------------
    "number 0": Case(edit("number: 1", "number: 0"), "masthead.issue.number", 4, "不小于 1 的整数"),
    "number negative": Case(
        edit("number: 1", "number: -3"), "masthead.issue.number", 4, "实际是 -3"
    ),
    "number quoted": Case(
        edit("number: 1", 'number: "1"'), "masthead.issue.number", 4, "请去掉引号"
    ),
    "number bool": Case(edit("number: 1", "number: yes"), "masthead.issue.number", 4, "真假值"),
    "number float": Case(edit("number: 1", "number: 1.5"), "masthead.issue.number", 4, "小数"),
    "number text": Case(
        edit("number: 1", "number: 第一期"), "masthead.issue.number", 4, "实际是文字“第一期”"
    ),
    "number list": Case(edit("number: 1", "number: [1]"), "masthead.issue.number", 4, "实际是列表"),
    "year text": Case(edit("year: 2020", "year: 2020年"), "masthead.issue.year", 5, "年份"),
    "total 0": Case(
        edit("year: 2020", "year: 2020\n    total: 0"), "masthead.issue.total", 6, "总期数"
    ),
    "copies 0": Case(edit("copies: 60", "copies: 0"), "copies", 24, "印数"),
    "copies quoted": Case(edit("copies: 60", "copies: '60'"), "copies", 24, "请去掉引号"),
    "copies text": Case(edit("copies: 60", "copies: 六十份"), "copies", 24, "六十份"),
    "issue as number": Case(
        edit("  issue:\n    number: 1\n    year: 2020\n", "  issue: 1\n"),
        "masthead.issue",
        3,
        "number: 1",
    ),
    # --- text where a list or mapping was given ------------------------------------------
    "title list": Case(
        edit("  title: 挂职简报", "  title: [挂职, 简报]"),
        "masthead.title",
        2,
        "应为文字（简报名称），实际是列表",
    ),
    "title mapping": Case(
        edit("  title: 挂职简报", "  title: {a: b}"), "masthead.title", 2, "实际是映射"
    ),
    "label list": Case(
        edit("year: 2020", "year: 2020\n    label: [增刊]"), "masthead.issue.label", 6, "应为文字"
    ),
    "body list": Case(
        edit(BODY, "        body: [第一段, 第二段]\n"), f"{A}.body", 14, "应为文字（正文"
    ),
    "author mapping": Case(
        edit("author: 张顺流", "author: {name: 张顺流}"), f"{A}.author", 13, "应为文字或文字列表"
    ),
    "author empty item": Case(
        edit("author: 张顺流", "author: [张顺流, ~]"), f"{A}.author[1]", 13, "作者名字不能为空"
    ),
    "author nested list": Case(
        edit("author: 张顺流", "author: [[张顺流]]"), f"{A}.author[0]", 13, "实际是列表"
    ),
    "to mapping": Case(
        edit("    to: 张瑛部长，区委组织部。", "    to: {张瑛: 部长}"),
        "distribution[0].to",
        21,
        "应为文字或文字列表",
    ),
    "to empty list": Case(
        edit("    to: 张瑛部长，区委组织部。", "    to: []"), "distribution[0].to", 21, "不能为空"
    ),
    "marking list": Case(
        edit("  date: 2020-04", "  date: 2020-04\n  marking: [内部资料]"),
        "masthead.marking",
        8,
        "应为文字",
    ),
    "preface mapping": Case(M + "preface: {a: b}\n", "preface", 25, "应为文字（编者按"),
    "note list": Case(
        edit("author: 张顺流", "author: 张顺流\n        note: [一, 二]"),
        f"{A}.note",
        14,
        "应为文字（按语",
    ),
    # --- lists and mappings of the wrong shape -------------------------------------------
    "masthead as text": Case(
        edit(M[: M.index("sections:")], "masthead: 挂职简报\n"),
        "masthead",
        1,
        "应写成“键: 值”的映射",
    ),
    "sections mapping": Case(
        edit(
            "sections:\n  - title: 工作动态",
            "sections:\n  title: 工作动态",
            "    articles:",
            "  articles:",
            "      - title: 进",
            "    - title: 进",
            "        unit",
            "      unit",
            "        author",
            "      author",
            "        body: |",
            "      body: |",
        ),
        "sections",
        9,
        "应写成列表",
    ),
    "section as text": Case(
        edit(M[M.index("sections:") : M.index("distribution:")], "sections:\n  - 工作动态\n"),
        "sections[0]",
        9,
        "每个栏目应写成“键: 值”的映射",
    ),
    "articles mapping": Case(
        edit("    articles:\n      - title", "    articles:\n        title"),
        "sections[0].articles",
        11,
        "应写成列表",
    ),
    "distribution text": Case(
        edit(M[M.index("distribution:") : M.index("copies:")], "distribution: 报：张瑛部长\n"),
        "distribution",
        19,
        "应写成列表",
    ),
    "row as text": Case(
        edit("  - label: 报\n    to: 张瑛部长，区委组织部。", "  - 报：张瑛部长"),
        "distribution[0]",
        20,
        "报尾的每一行应写成",
    ),
    "photos as text": Case(
        edit("    articles:", "    photos: a.jpg\n    articles:"),
        "sections[0].photos",
        10,
        "应写成列表",
    ),
    "photo as text": Case(
        edit("    articles:", "    photos: [a.jpg]\n    articles:"),
        "sections[0].photos[0]",
        10,
        "每张照片应写成",
    ),
    # --- dates -----------------------------------------------------------------------------
    "date month 13": Case(edit("date: 2020-04", "date: 2024-13"), "masthead.date", 7, "不存在"),
    "date month 0": Case(edit("date: 2020-04", "date: 2024-00"), "masthead.date", 7, "不存在"),
    "date feb 30": Case(edit("date: 2020-04", "date: 2024-02-30"), "masthead.date", 7, "不存在"),
    "date feb 29 non-leap": Case(
        edit("date: 2020-04", "date: '2023-02-29'"), "masthead.date", 7, "不存在"
    ),
    "date number": Case(edit("date: 2020-04", "date: 2020"), "masthead.date", 7, "文字请加引号"),
    "date with time": Case(
        edit("date: 2020-04", "date: 2020-04-15 10:30:00"), "masthead.date", 7, "不写时间"
    ),
    "date list": Case(edit("date: 2020-04", "date: [2020, 4]"), "masthead.date", 7, "实际是列表"),
    # --- booleans --------------------------------------------------------------------------
    "contents text": Case(M + "contents: 是\n", "contents", 25, "应为 true 或 false"),
    "contents quoted": Case(M + "contents: 'false'\n", "contents", 25, "请去掉引号"),
    # --- unknown keys with "did you mean" ----------------------------------------------------
    "unknown top key": Case(edit("copies: 60", "copy: 60"), "copy", 24, "是不是要写 copies"),
    "unknown masthead key": Case(
        edit("  title: 挂职简报", "  titel: 挂职简报"), "masthead.titel", 2, "是不是要写 title"
    ),
    "unknown issue key": Case(
        edit("year: 2020", "yaer: 2020"), "masthead.issue.yaer", 5, "是不是要写 year"
    ),
    "unknown section key": Case(
        edit("    articles:", "    articels:"), "sections[0].articels", 10, "是不是要写 articles"
    ),
    "unknown article key": Case(
        edit("author: 张顺流", "autor: 张顺流"), f"{A}.autor", 13, "是不是要写 author"
    ),
    "unknown row key": Case(
        edit("    to: 张瑛部长，区委组织部。", "    to: 张瑛部长。\n    too: x"),
        "distribution[0].too",
        22,
        "是不是要写 to",
    ),
    "unknown key capitals": Case(
        edit("copies: 60", "Copies: 60"), "Copies", 24, "是不是要写 copies"
    ),
    "unknown chinese key": Case(
        edit("author: 张顺流", "作者: 张顺流"), f"{A}.作者", 13, "是不是要写 author"
    ),
    "unknown key far from all": Case(M + "zzzz: 1\n", "zzzz", 25, "这里可以写的键：masthead"),
    # --- YAML itself -------------------------------------------------------------------------
    "duplicate key": Case(
        edit("  date: 2020-04", "  date: 2020-04\n  title: 又一个"),
        "masthead.title",
        8,
        "第 2 行已经写过",
        SchemaError,
    ),
    "python tag": Case(
        edit("  title: 挂职简报", "  title: !!python/object/apply:os.system [ls]"),
        "masthead.title",
        2,
        "不支持的 YAML 标签",
        YamlSyntaxError,
    ),
    "binary tag": Case(
        edit("  title: 挂职简报", "  title: !!binary aGk="),
        "masthead.title",
        2,
        "!!binary",
        YamlSyntaxError,
    ),
    "control character": Case(
        edit("  issuer: 吴中区", "  issuer: 吴中\x0b区"),
        "masthead.issuer",
        6,
        "U+000B",
        SchemaError,
    ),
    "escaped control character": Case(
        edit("  title: 挂职简报", '  title: "挂职\\a简报"'),
        "masthead.title",
        2,
        "U+0007",
        SchemaError,
    ),
    "not yaml": Case(
        edit("  title: 挂职简报", "  title: 挂职: 简报"), "", 2, "YAML 格式错误", YamlSyntaxError
    ),
    "bad indentation": Case(
        edit("    year: 2020", "   year: 2020"), "", 5, "YAML 格式错误", YamlSyntaxError
    ),
    "empty file": Case("", "", 1, "文件是空的"),
    "top level list": Case("- masthead\n- sections\n", "", 1, "顶层"),
}


def _check_error(err: BulletinError, case: Case, file: str | None) -> None:
    errors = err.errors if isinstance(err, BulletinErrors) else (err,)
    hits = [e for e in errors if e.key_path == case.key_path and e.line == case.line]
    assert hits, [str(e) for e in errors]
    hit = hits[0]
    assert isinstance(hit, case.kind), type(hit)
    assert case.says in hit.message, hit.message
    assert hit.file == file
    assert hit.column is not None and hit.column >= 1
    assert re.search(r"[\u4e00-\u9fff]", hit.message)
    assert "Traceback" not in str(err)


@pytest.mark.parametrize("name", sorted(CASES))
def test_loads_reports_file_line_key_path_and_expectation(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    with pytest.raises(BulletinError) as info:
        bulletin_docs.loads(case.text, base_dir=tmp_path, file="issue.yaml")
    _check_error(info.value, case, "issue.yaml")
    if case.key_path:
        assert f"issue.yaml:{case.line}:" in str(info.value)
        assert f"{case.key_path}：" in str(info.value)


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_build_stops_before_writing(
    name: str, issue_file, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[name]
    path = issue_file(case.text)
    assert main(["build", str(path)]) == 1
    captured = capsys.readouterr()
    assert f"{path}:{case.line}:" in captured.err
    if case.key_path:
        assert f"{case.key_path}：" in captured.err
    assert case.says in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert sorted(p.name for p in path.parent.iterdir()) == ["issue.yaml"]


@pytest.mark.parametrize("name", ["missing title", "date feb 30", "python tag", "not yaml"])
def test_cli_check_reports_the_same(
    name: str, issue_file, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[name]
    path = issue_file(case.text)
    assert main(["check", str(path)]) == 1
    captured = capsys.readouterr()
    assert f"{path}:{case.line}:" in captured.err and case.says in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert sorted(p.name for p in path.parent.iterdir()) == ["issue.yaml"]


def test_cli_check_passes_a_good_file(issue_file, capsys: pytest.CaptureFixture[str]) -> None:
    path = issue_file()
    assert main(["check", str(path)]) == 0
    assert "检查通过" in capsys.readouterr().out


# --- all errors of a file at once ------------------------------------------------------------


def test_all_errors_of_a_file_are_reported_together_in_file_order(tmp_path: Path) -> None:
    text = edit(
        "  title: 挂职简报",
        "  titel: 挂职简报",
        "number: 1",
        "number: 0",
        "date: 2020-04",
        "date: 2020-02-30",
        "author: 张顺流",
        "author: {x: 1}",
        "copies: 60",
        "copies: -1",
    )
    with pytest.raises(BulletinErrors) as info:
        bulletin_docs.loads(text, base_dir=tmp_path, file="issue.yaml")
    got = [(e.line, e.key_path) for e in info.value.errors]
    assert got == [
        (2, "masthead.titel"),
        (4, "masthead.issue.number"),
        (7, "masthead.date"),
        (13, f"{A}.author"),
        (24, "copies"),
    ]
    assert info.value.omitted == 0
    assert (info.value.line, info.value.key_path) == (2, "masthead.titel")
    assert str(info.value).count("\n") == 4


def test_a_single_error_is_raised_as_its_own_class(tmp_path: Path) -> None:
    with pytest.raises(SchemaError) as info:
        bulletin_docs.loads(edit("copies: 60", "copies: 0"), base_dir=tmp_path)
    assert not isinstance(info.value, BulletinErrors)


def test_errors_are_capped_and_the_rest_counted(tmp_path: Path, capsys) -> None:
    text = M + "".join(f"extra{i}: 1\n" for i in range(80))
    with pytest.raises(BulletinErrors) as info:
        bulletin_docs.loads(text, base_dir=tmp_path)
    assert len(info.value.errors) == 50 and info.value.omitted == 30
    assert "另有 30 处错误" in str(info.value)


def test_cli_prints_every_error_line(issue_file, capsys: pytest.CaptureFixture[str]) -> None:
    path = issue_file(edit("number: 1", "number: 0", "copies: 60", "copies: x"))
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:4:13：masthead.issue.number：" in err
    assert f"{path}:24:9：copies：" in err


# --- photos --------------------------------------------------------------------------------

PHOTO_YAML = edit(
    "    articles:", "    photos:\n      - file: {file}\n        caption: 说明\n    articles:"
)
PHOTO_PATH = "sections[0].photos[0].file"


def _photo_text(file: str) -> str:
    return PHOTO_YAML.replace("{file}", file)


def test_missing_photo(issue_file, capsys) -> None:
    path = issue_file(_photo_text("photos/nope.jpg"))
    with pytest.raises(PhotoError) as info:
        bulletin_docs.load(path)
    assert (info.value.line, info.value.column, info.value.key_path) == (11, 15, PHOTO_PATH)
    assert "找不到照片文件" in info.value.message and "nope.jpg" in info.value.message
    assert main(["build", str(path)]) == 1
    assert f"{path}:11:15：{PHOTO_PATH}：找不到照片文件" in capsys.readouterr().err
    assert not path.with_suffix(".docx").exists()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("garbage.jpg", b"this is not an image at all", "无法识别照片文件"),
        ("empty.png", b"", "无法识别照片文件"),
    ],
)
def test_corrupt_photo(issue_file, tmp_path: Path, name: str, content: bytes, says: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(PhotoError) as info:
        bulletin_docs.load(issue_file(_photo_text(name)))
    assert info.value.key_path == PHOTO_PATH and says in info.value.message


def test_truncated_photo(issue_file, make_photo) -> None:
    photo = make_photo("cut.png", 400, 300)
    data = photo.read_bytes()
    photo.write_bytes(data[: len(data) * 3 // 4])
    with pytest.raises(PhotoError) as info:
        bulletin_docs.load(issue_file(_photo_text("cut.png")))
    assert info.value.key_path == PHOTO_PATH and "损坏" in info.value.message


def test_unsupported_photo_format(issue_file, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (20, 20)).save(tmp_path / "a.gif", "GIF")
    with pytest.raises(PhotoError) as info:
        bulletin_docs.load(issue_file(_photo_text("a.gif")))
    assert "不支持的照片格式" in info.value.message and info.value.line == 11


def test_photo_over_the_pixel_limit(issue_file, make_photo) -> None:
    make_photo("big.jpg", 200, 200)
    profile = dataclasses.replace(DEFAULT, photo_max_pixels=10_000)
    with pytest.raises(PhotoError) as info:
        bulletin_docs.load(issue_file(_photo_text("big.jpg")), profile=profile)
    assert "像素过多" in info.value.message and info.value.key_path == PHOTO_PATH


def test_photo_path_is_a_folder(issue_file, tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    with pytest.raises(PhotoError) as info:
        bulletin_docs.load(issue_file(_photo_text("photos")))
    assert info.value.key_path == PHOTO_PATH


def test_photo_name_too_long_is_an_input_error(issue_file) -> None:
    with pytest.raises(PhotoError) as info:
        bulletin_docs.load(issue_file(_photo_text("a" * 5000 + ".jpg")))
    assert info.value.key_path == PHOTO_PATH


def test_photo_errors_are_collected_with_other_errors(issue_file) -> None:
    text = edit("copies: 60", "copies: 0", text=_photo_text("nope.jpg"))
    with pytest.raises(BulletinErrors) as info:
        bulletin_docs.load(issue_file(text))
    kinds = [type(e) for e in info.value.errors]
    assert kinds == [PhotoError, SchemaError]


def test_photo_relative_to_the_yaml_folder_not_the_cwd(
    tmp_path: Path, make_photo, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_photo("issue/photos/a.jpg")
    issue = tmp_path / "issue" / "issue.yaml"
    issue.write_text(_photo_text("photos/a.jpg"), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    b = bulletin_docs.load(Path("..") / "issue" / "issue.yaml")
    assert b.sections[0].photos[0].file == (tmp_path / "issue" / "photos" / "a.jpg").resolve()


# --- safety ------------------------------------------------------------------------------


def test_python_tag_runs_nothing(issue_file, tmp_path: Path, capsys) -> None:
    marker = tmp_path / "marker"
    text = M + f"x: !!python/object/apply:os.system ['touch {marker}']\n"
    text += f"y: !!python/object/apply:subprocess.call [['touch', '{marker}']]\n"
    path = issue_file(text)
    with pytest.raises(BulletinError):
        bulletin_docs.load(path)
    assert main(["build", str(path)]) == 1
    assert main(["check", str(path)]) == 1
    assert not marker.exists()
    assert "Traceback" not in capsys.readouterr().err


def test_billion_laughs_fails_fast_through_the_cli(issue_file, capsys) -> None:
    import time

    lines = ['l0: &l0 "哈哈哈哈哈哈哈哈哈哈"']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path = issue_file(M + "\n".join(lines) + "\n")
    start = time.perf_counter()
    assert main(["build", str(path)]) == 1
    assert time.perf_counter() - start < 5
    err = capsys.readouterr().err
    assert "别名" in err and "Traceback" not in err


def test_non_utf8_file_is_an_input_error(tmp_path: Path, capsys) -> None:
    path = tmp_path / "issue.yaml"
    path.write_bytes(M.encode("gbk"))
    assert main(["build", str(path)]) == 1
    err = capsys.readouterr().err
    assert "UTF-8" in err and "Traceback" not in err


def test_utf8_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "issue.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + M.replace("\n", "\r\n").encode("utf-8"))
    b = bulletin_docs.load(path)
    assert b.sections[0].articles[0].body[1].text == "第二段接着一行。"


def test_same_bad_photo_twice_is_reported_at_each_use(issue_file) -> None:
    again = "      - {file: nope.jpg, caption: 又一张}\n"
    caption = "        caption: 说明\n"
    text = _photo_text("nope.jpg").replace(caption, caption + again)
    with pytest.raises(BulletinErrors) as info:
        bulletin_docs.load(issue_file(text))
    got = [(e.line, e.key_path) for e in info.value.errors]
    assert got == [(11, PHOTO_PATH), (13, "sections[0].photos[1].file")]
    assert all(isinstance(e, PhotoError) for e in info.value.errors)


# --- keyboard and indentation slips --------------------------------------------------------


def test_misspelt_key_is_not_also_reported_missing(tmp_path: Path) -> None:
    with pytest.raises(SchemaError) as info:
        bulletin_docs.loads(edit("  title: 挂职简报", "  titel: 挂职简报"), base_dir=tmp_path)
    assert info.value.key_path == "masthead.titel" and "是不是要写 title" in info.value.message


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "key"),
    [
        ("  title: 挂职简报", "  title： 挂职简报", 2, 8, "title"),
        ("    number: 1", "    number：1", 4, 11, "number"),
        ("  - label: 报", "  - label：报", 20, 10, "label"),
        ("copies: 60", "copies：60", 24, 7, "copies"),
    ],
)
def test_full_width_colon_after_a_key_is_named(
    old: str, new: str, line: int, column: int, key: str, issue_file, capsys
) -> None:
    path = issue_file(edit(old, new))
    with pytest.raises(YamlSyntaxError) as info:
        bulletin_docs.load(path)
    assert (info.value.line, info.value.column) == (line, column)
    assert "全角冒号" in info.value.message and f"{key}: " in info.value.message
    assert main(["check", str(path)]) == 1
    assert f"{path}:{line}:{column}：键 {key} 后面用了中文全角冒号" in capsys.readouterr().err


def test_full_width_space_indentation_is_named(tmp_path: Path) -> None:
    text = edit("  issuer: 吴中区", "\u3000\u3000issuer: 吴中区")
    with pytest.raises(YamlSyntaxError) as info:
        bulletin_docs.loads(text, base_dir=tmp_path)
    assert (info.value.line, info.value.column) == (6, 1) and "全角空格" in info.value.message


def test_full_width_space_before_a_key_is_named(tmp_path: Path) -> None:
    text = edit("  issuer: 吴中区", "  \u3000issuer: 吴中区")
    with pytest.raises(SchemaError) as info:
        bulletin_docs.loads(text, base_dir=tmp_path)
    assert (info.value.line, info.value.key_path) == (6, "masthead.\u3000issuer")
    assert "全角空格" in info.value.message


@pytest.mark.parametrize(
    ("old", "new", "key_path", "line", "says"),
    [
        ("    year: 2020", "  year: 2020", "masthead.year", 5, "请写在 issue: 下面"),
        ("  issuer: 吴中区", "    issuer: 吴中区", "masthead.issue.issuer", 6, "请与 issue 对齐"),
        ("copies: 60", "copies: 60\nissuer: 吴中区", "issuer", 25, "请写在 masthead: 下面"),
        ("  - title: 工作动态", "  - title: 工作动态\n    author: 张顺流", "sections[0].author", 10,
         "请写在 articles: 列表的文章里"),
        ("  - label: 发", "  - label: 发\n    copies: 3", "distribution[1].copies", 23, "请顶格写"),
    ],
)
def test_key_at_the_wrong_level_says_where_it_belongs(
    old: str, new: str, key_path: str, line: int, says: str, tmp_path: Path
) -> None:
    with pytest.raises(BulletinError) as info:
        bulletin_docs.loads(edit(old, new), base_dir=tmp_path, file="issue.yaml")
    errors = info.value.errors if isinstance(info.value, BulletinErrors) else (info.value,)
    hits = [e for e in errors if e.key_path == key_path]
    assert hits, [str(e) for e in errors]
    assert hits[0].line == line and says in hits[0].message


def test_missing_photo_suggests_the_nearest_file_name(issue_file, make_photo) -> None:
    make_photo("photos/Wu.JPG")
    with pytest.raises(PhotoError) as info:
        bulletin_docs.load(issue_file(_photo_text("photos/wu.jpg")))
    assert "找不到照片文件" in info.value.message and "Wu.JPG" in info.value.message


def test_windows_backslashes_in_a_photo_path(issue_file, make_photo) -> None:
    photo = make_photo("photos/a.jpg")
    b = bulletin_docs.load(issue_file(_photo_text("photos\\a.jpg")))
    assert b.sections[0].photos[0].file == photo.resolve()

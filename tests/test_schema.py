"""The shipped JSON Schema and the loader, held to the same verdict on a corpus of issue files.

Outside the corpus, because JSON Schema cannot see them: photo files that do
not exist, impossible calendar dates (2024-02-30 is not even read by
yaml.safe_load), control characters, and ``number: 1.0`` (JSON counts 1.0 as
an integer; the loader refuses it).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bulletin_docs.cli import main
from bulletin_docs.issuefile import keys
from bulletin_docs.issuefile.schema import json_ready, load_schema, schema_text
from conftest import EXAMPLE, MINIMAL_YAML

BASE: dict[str, Any] = yaml.safe_load(MINIMAL_YAML)
PHOTO = {"file": "photos/a.jpg", "caption": "物流园吴志浩推进项目复工复产"}


def _edit(fn: Callable[[dict[str, Any]], Any]) -> str:
    """MINIMAL_YAML with one change, dumped back to YAML text."""
    data = copy.deepcopy(BASE)
    fn(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def fn(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value

    return fn


def _del(path: str) -> Callable[[dict[str, Any]], None]:
    def fn(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        del node[last]

    return fn


def _text_replace(old: str, new: str) -> str:
    assert old in MINIMAL_YAML
    return MINIMAL_YAML.replace(old, new, 1)


A = "sections.0.articles.0"

VALID: dict[str, str] = {
    "minimal": MINIMAL_YAML,
    "no year": _edit(_del("masthead.issue.year")),
    "total": _edit(_set("masthead.issue.total", 25)),
    "label": _edit(_set("masthead.issue.label", "增刊")),
    "date as YAML date": _text_replace("date: 2020-04", "date: 2020-04-15"),
    "date as quoted text": _text_replace("date: 2020-04", 'date: "2020年4月15日"'),
    "date as plain Chinese": _text_replace("date: 2020-04", "date: 2020年4月"),
    "marking": _edit(_set("masthead.marking", "内部资料 注意保存")),
    "contents false": _edit(_set("contents", False)),
    "preface": _edit(_set("preface", "本期编者按。\n\n第二段。")),
    "author list": _edit(_set(f"{A}.author", ["张顺流", "李四"])),
    "to string": _edit(_set("distribution.1.to", "全体挂职干部。")),
    "to list": _edit(_set("distribution.0.to", ["张瑛部长", "区委组织部"])),
    "copies": _edit(_set("copies", 1)),
    "no copies": _edit(_del("copies")),
    "contents_title and note": _edit(
        lambda d: d["sections"][0]["articles"][0].update(contents_title="要目标题", note="按语。")
    ),
    "no byline": _edit(lambda d: (_del(f"{A}.unit")(d), _del(f"{A}.author")(d))),
    "section of photos only": _edit(
        lambda d: d["sections"].append({"title": "挂职干部风采", "photos": [PHOTO]})
    ),
    "article photos": _edit(_set(f"{A}.photos", [PHOTO])),
    "articles and photos": _edit(_set("sections.0.photos", [PHOTO, PHOTO])),
    "three rows": _edit(
        lambda d: d["distribution"].append({"label": "抄送", "to": "区委办。"})
    ),
    "title as number": _text_replace("title: 挂职简报", "title: 2020"),
    "empty optional values": _text_replace("copies: 60", "copies:\ncontents:\npreface:\n"),
    "empty label and note": _edit(
        lambda d: (_set("masthead.issue.label", "")(d), _set(f"{A}.note", "")(d))
    ),
    "author empty list": _edit(_set(f"{A}.author", [])),
    "author empty": _text_replace("author: 张顺流", "author:"),
    "to as number": _edit(_set("distribution.0.to", 123)),
    "section without content": _edit(lambda d: d["sections"].append({"title": "空栏目"})),
    "photos empty": _text_replace("author: 张顺流", "author: 张顺流\n        photos:"),
    "date 2020-4-1": _text_replace("date: 2020-04", "date: 2020-4-1"),
    "date with slash": _text_replace("date: 2020-04", "date: 2020/04"),
    "date with dots": _text_replace("date: 2020-04", "date: 2020.4.15"),
    "date as decimal": _text_replace("date: 2020-04", "date: 2020.04"),
    "date in Chinese with day": _text_replace("date: 2020-04", "date: 2020年4月15日"),
    "date quoted with time": _text_replace("date: 2020-04", "date: '2020-04-15 10:00'"),
    "literal characters": _edit(_set(f"{A}.body", "& < > \" ' {{ x }} {% y %} \\ **粗体**")),
}

INVALID: dict[str, str] = {
    "not a mapping": "- 挂职简报\n- 第1期\n",
    "missing masthead": _edit(_del("masthead")),
    "missing title": _edit(_del("masthead.title")),
    "missing issue": _edit(_del("masthead.issue")),
    "missing number": _edit(_del("masthead.issue.number")),
    "missing issuer": _edit(_del("masthead.issuer")),
    "missing date": _edit(_del("masthead.date")),
    "missing sections": _edit(_del("sections")),
    "missing body": _edit(_del(f"{A}.body")),
    "missing article title": _edit(_del(f"{A}.title")),
    "missing section title": _edit(_del("sections.0.title")),
    "missing distribution": _edit(_del("distribution")),
    "missing row label": _edit(_del("distribution.0.label")),
    "missing to": _edit(_del("distribution.0.to")),
    "photo without caption": _edit(_set(f"{A}.photos", [{"file": "photos/a.jpg"}])),
    "unknown top key": _edit(_set("copy", 60)),
    "unknown masthead key": _edit(_set("masthead.subtitle", "副标题")),
    "unknown issue key": _edit(_set("masthead.issue.no", 1)),
    "unknown article key": _edit(_set(f"{A}.autor", "张顺流")),
    "unknown section key": _edit(_set("sections.0.name", "工作动态")),
    "unknown row key": _edit(_set("distribution.0.too", "区委。")),
    "unknown photo key": _edit(_set(f"{A}.photos", [{**PHOTO, "width": 100}])),
    "number 0": _edit(_set("masthead.issue.number", 0)),
    "number negative": _edit(_set("masthead.issue.number", -1)),
    "number as text": _edit(_set("masthead.issue.number", "第一期")),
    "number as bool": _edit(_set("masthead.issue.number", True)),
    "year as text": _edit(_set("masthead.issue.year", "2020年")),
    "copies 0": _edit(_set("copies", 0)),
    "copies as text": _edit(_set("copies", "六十份")),
    "contents as text": _edit(_set("contents", "是")),
    "empty sections": _edit(_set("sections", [])),
    "empty distribution": _edit(_set("distribution", [])),
    "sections as mapping": _edit(_set("sections", {"title": "工作动态"})),
    "title as list": _edit(_set("masthead.title", ["挂职", "简报"])),
    "empty title": _edit(_set("masthead.title", "")),
    "author as mapping": _edit(_set(f"{A}.author", {"name": "张顺流"})),
    "to as mapping": _edit(_set("distribution.0.to", {"张瑛": "部长"})),
    "body as list": _edit(_set(f"{A}.body", ["第一段", "第二段"])),
    "date as number": _text_replace("date: 2020-04", "date: 2020"),
    "date with time": _text_replace("date: 2020-04", "date: 2020-04-15 10:00:00"),
    "date month 0": _text_replace("date: 2020-04", "date: 2020-00"),
    "date day 32": _text_replace("date: 2020-04", "date: '2020-04-32'"),
    "empty author in list": _edit(_set(f"{A}.author", ["张顺流", ""])),
    "empty recipients": _edit(_set("distribution.1.to", [])),
    "title empty": _text_replace("title: 挂职简报", "title:"),
    "masthead empty": _text_replace("masthead:\n", "masthead:\nx:\n"),
    "section empty item": _text_replace("sections:\n", "sections:\n  -\n"),
    "body empty": _edit(_set(f"{A}.body", None)),
    "date month 13": _text_replace("date: 2020-04", "date: 2020-13"),
    "date month 13 with dots": _text_replace("date: 2020-04", "date: 2020.13.1"),
    "date month 13 in Chinese": _text_replace("date: 2020-04", "date: 2020年13月"),
    "photos as string": _edit(_set(f"{A}.photos", "photos/a.jpg")),
}


def _schema_ok(text: str) -> bool:
    data = json_ready(yaml.safe_load(text))
    return jsonschema.Draft202012Validator(load_schema()).is_valid(data)


@pytest.fixture
def base_dir(tmp_path: Path, make_photo) -> Path:
    make_photo("photos/a.jpg", 800, 600)
    return tmp_path


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_corpus_is_large_enough() -> None:
    assert len(VALID) >= 15 and len(INVALID) >= 15


@pytest.mark.parametrize("name", sorted(VALID))
def test_schema_accepts(name: str) -> None:
    assert _schema_ok(VALID[name]), name


@pytest.mark.parametrize("name", sorted(INVALID))
def test_schema_rejects(name: str) -> None:
    assert not _schema_ok(INVALID[name]), name


def test_schema_accepts_the_example() -> None:
    assert _schema_ok(EXAMPLE.read_text(encoding="utf-8"))


def test_every_key_has_a_chinese_description() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                desc = sub.get("description", "")
                assert any("\u4e00" <= c <= "\u9fff" for c in desc), f"{where}.{key}"
            for key, sub in node.items():
                walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}[{i}]")

    walk(load_schema(), "$")


def test_objects_refuse_unknown_keys() -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node.get("additionalProperties") is False, node.get("description")
            for sub in node.values():
                walk(sub)
        elif isinstance(node, list):
            for sub in node:
                walk(sub)

    walk(load_schema())


def test_cli_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == schema_text()
    assert json.loads(out) == load_schema()


def test_cli_writes_schema_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "issue.schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()
    captured = capsys.readouterr()
    assert captured.out == f"已写入 {out}\n" and captured.err == ""


def test_cli_schema_errors_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "missing" / "issue.schema.json"
    assert main(["schema", "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("错误：") and "输出文件夹不存在" in captured.err
    assert not out.parent.exists()


def test_schema_knows_the_keys_validation_knows() -> None:
    """The hand-written schema and issuefile/keys.py list the same keys, in the same order."""
    schema = load_schema()
    masthead = schema["properties"]["masthead"]
    defs = schema["$defs"]
    got = {
        "top": list(schema["properties"]),
        "masthead": list(masthead["properties"]),
        "issue": list(masthead["properties"]["issue"]["properties"]),
        "section": list(defs["section"]["properties"]),
        "article": list(defs["article"]["properties"]),
        "photo": list(defs["photo"]["properties"]),
        "row": list(defs["distributionRow"]["properties"]),
    }
    assert got == {
        "top": list(keys.TOP_KEYS),
        "masthead": list(keys.MASTHEAD_KEYS),
        "issue": list(keys.ISSUE_KEYS),
        "section": list(keys.SECTION_KEYS),
        "article": list(keys.ARTICLE_KEYS),
        "photo": list(keys.PHOTO_KEYS),
        "row": list(keys.ROW_KEYS),
    }


# --- the loader must agree ---------------------------------------------------------------

def _loader_ok(text: str, base_dir: Path) -> bool:
    import bulletin_docs

    try:
        bulletin_docs.loads(text, base_dir=base_dir)
    except bulletin_docs.BulletinError:
        return False
    return True


@pytest.mark.parametrize("name", sorted(VALID))
def test_loader_accepts(name: str, base_dir: Path) -> None:
    assert _loader_ok(VALID[name], base_dir), name


@pytest.mark.parametrize("name", sorted(INVALID))
def test_loader_rejects(name: str, base_dir: Path) -> None:
    assert not _loader_ok(INVALID[name], base_dir), name


def test_readme_documents_every_key() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for sub in node.values():
                walk(sub)
        elif isinstance(node, list):
            for sub in node:
                walk(sub)

    walk(load_schema())
    missing = sorted(k for k in keys if f"{k}:" not in readme and f".{k}`" not in readme)
    assert not missing, f"README 未说明这些键：{missing}"

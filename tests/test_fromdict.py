"""Mappings into Bulletins: from_dict checks as load does (same messages and key paths, no
lines), photos as paths, bytes or file objects, and to_dict gives back the same issue."""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path
from typing import Any

import pytest
import yaml

import bulletin_docs
from bulletin_docs.errors import BulletinError, BulletinErrors, PhotoError, SchemaError
from conftest import EXAMPLE, MINIMAL_YAML
from test_bad_input import CASES

#: Bad-input cases that are mistakes of YAML text itself: no mapping holds them.
YAML_ONLY = {
    "binary tag",
    "python tag",
    "control character",  # PyYAML refuses the raw character before composing
    "duplicate key",
    "empty file",
    "not yaml",
    "bad indentation",
    "top level list",
    "date feb 30",  # PyYAML's own loader cannot construct the date: a test below uses text
}


def _errors(call: Any) -> list[tuple[str, str, str]]:
    """(class, key path, message) of every error ``call()`` raises, sorted."""
    with pytest.raises(BulletinError) as info:
        call()
    err = info.value
    errors = err.errors if isinstance(err, BulletinErrors) else (err,)
    return sorted((type(e).__name__, e.key_path, e.message) for e in errors)


def _data(text: str) -> dict[str, Any] | None:
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def test_the_yaml_only_cases_are_exactly_those_no_mapping_holds() -> None:
    assert {name for name, case in CASES.items() if _data(case.text) is None} | {
        "duplicate key",  # safe_load keeps the last value: a valid mapping, nothing to compare
        "binary tag",  # a tag YAML refuses; bytes in a mapping: test_values_no_issue_holds…
    } == YAML_ONLY


@pytest.mark.parametrize("name", sorted(set(CASES) - YAML_ONLY))
def test_from_dict_errors_equal_the_yaml_errors(name: str, tmp_path: Path) -> None:
    data = _data(CASES[name].text)
    assert data is not None
    # The same mapping as an issue file: its errors, with lines, are what from_dict must say.
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    from_yaml = _errors(lambda: bulletin_docs.loads(text, base_dir=tmp_path))
    from_dict = _errors(lambda: bulletin_docs.from_dict(data, base_dir=tmp_path))
    assert from_dict == from_yaml
    assert any(path == CASES[name].key_path for _, path, _ in from_dict)
    with pytest.raises(BulletinError) as info:
        bulletin_docs.from_dict(data, base_dir=tmp_path)
    assert info.value.line is None and info.value.file is None  # no lines in a mapping


def _minimal() -> dict[str, Any]:
    data = yaml.safe_load(MINIMAL_YAML)
    assert isinstance(data, dict)
    return data


def test_text_values_yaml_refuses_say_the_same_as_yaml(tmp_path: Path) -> None:
    for key, value, says in (
        ("issuer", "吴中\x0b区", "U+000B"),
        ("date", "2024-02-30", "不存在"),
        ("date", _dt.datetime(2020, 4, 15, 10, 30), "不写时间"),
    ):
        data = _minimal()
        data["masthead"][key] = value
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        expected = _errors(lambda t=text: bulletin_docs.loads(t, base_dir=tmp_path))
        assert _errors(lambda d=data: bulletin_docs.from_dict(d, base_dir=tmp_path)) == expected
        assert says in expected[0][2]


def test_a_valid_mapping_is_the_issue_its_yaml_is(tmp_path: Path) -> None:
    data = _minimal()
    data["masthead"]["date"] = _dt.date(2020, 4, 15)
    text = MINIMAL_YAML.replace("date: 2020-04", "date: 2020-04-15")
    assert bulletin_docs.from_dict(data) == bulletin_docs.loads(text)


def test_from_dict_refuses_what_is_not_a_mapping() -> None:
    with pytest.raises(TypeError, match="映射"):
        bulletin_docs.from_dict(MINIMAL_YAML)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="映射"):
        bulletin_docs.from_dict([1, 2])  # type: ignore[arg-type]


def test_values_no_issue_holds_are_schema_errors() -> None:
    data = _minimal()
    data["masthead"]["title"] = object()
    data["masthead"]["issuer"] = b"bytes"
    got = _errors(lambda: bulletin_docs.from_dict(data))
    assert [(k, p) for k, p, _ in got] == [
        ("SchemaError", "masthead.issuer"),
        ("SchemaError", "masthead.title"),
    ]
    assert "字节数据" in got[0][2] and "object" in got[1][2]


def _with_photo(file: object) -> dict[str, Any]:
    data = _minimal()
    data["sections"][0]["photos"] = [{"file": file, "caption": "说明"}]
    return data


def test_photos_as_paths_bytes_and_file_objects(tmp_path: Path, make_photo) -> None:
    path = make_photo("a.jpg", 320, 240)
    data = path.read_bytes()
    by_path = bulletin_docs.from_dict(_with_photo("a.jpg"), base_dir=tmp_path)
    by_abs = bulletin_docs.from_dict(_with_photo(path))
    by_bytes = bulletin_docs.from_dict(_with_photo(data))
    with path.open("rb") as fh:
        by_file = bulletin_docs.from_dict(_with_photo(fh))
    by_stream = bulletin_docs.from_dict(_with_photo(io.BytesIO(data)))
    assert by_path == by_abs and by_path.photos()[0].file == path
    assert by_bytes == by_file == by_stream
    (photo,) = by_bytes.photos()
    assert photo.file is None and photo.data == data and photo.source == data
    # The same picture from a file or from its bytes: the same .docx and PDF.
    assert bulletin_docs.to_docx_bytes(by_bytes) == bulletin_docs.to_docx_bytes(by_path)
    assert bulletin_docs.to_pdf_bytes(by_bytes) == bulletin_docs.to_pdf_bytes(by_path)


def test_bad_photo_bytes_are_photo_errors_at_their_key() -> None:
    for value, says in ((b"not a picture", "无法识别"), (io.BytesIO(b""), "空的")):
        with pytest.raises(BulletinError) as info:
            bulletin_docs.from_dict(_with_photo(value))
        assert info.value.key_path == "sections[0].photos[0].file"
        assert says in info.value.message
    with pytest.raises(PhotoError):
        bulletin_docs.from_dict(_with_photo(b"\xff\xd8\xff\xe0broken"))
    with pytest.raises(SchemaError, match="二进制"):
        bulletin_docs.from_dict(_with_photo(io.StringIO("text")))


def test_to_dict_gives_the_same_issue_back(tmp_path: Path, make_photo) -> None:
    example = bulletin_docs.load(EXAMPLE)
    assert bulletin_docs.from_dict(bulletin_docs.to_dict(example)) == example
    rel = bulletin_docs.to_dict(example, base_dir=EXAMPLE.parent)
    assert rel["sections"][-1]["photos"][0]["file"] == "photos/1-wuzhihao.jpg"  # type: ignore[index]
    assert bulletin_docs.from_dict(rel, base_dir=EXAMPLE.parent) == example
    memory = bulletin_docs.from_dict(_with_photo(make_photo("b.png", 64, 48).read_bytes()))
    assert bulletin_docs.from_dict(bulletin_docs.to_dict(memory)) == memory


def test_the_builder_makes_the_issue_its_mapping_makes(make_photo) -> None:
    photo = make_photo("c.jpg", 64, 48).read_bytes()
    b = bulletin_docs.IssueBuilder(
        "挂职简报", number=1, year=2020, issuer="吴中区年轻干部双向挂职工作小组",
        date="2020-04", copies=60,
    )
    section = b.section("工作动态").article(
        "进了村委门 就做村里人", "第一段，**加粗的话**在这里。\n\n第二段\n接着一行。",
        unit="东山镇陆巷村", author="张顺流",
    )
    b.distribute("报", "张瑛部长，区委组织部。").distribute(
        "发", ["挂职干部派驻单位", "全体挂职干部"]
    )
    assert b.build() == bulletin_docs.loads(MINIMAL_YAML)
    section.photo(photo, "说明")
    assert b.build().photos()[0].data == photo
    b.section("空的").article("", "")
    got = _errors(b.build)
    assert [path for _, path, _ in got] == [
        "sections[1].articles[0].body", "sections[1].articles[0].title"
    ]

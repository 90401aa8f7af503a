"""The loader: YAML text into positioned nodes, refusing what format v1 refuses."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from bulletin_docs.errors import BulletinError, Position, Problems, SchemaError, YamlSyntaxError
from bulletin_docs.issuefile import compose
from bulletin_docs.issuefile.compose import MAX_SCALAR_BYTES, compose_tree
from bulletin_docs.issuefile.nodes import MappingNode, ScalarNode, SequenceNode


def tree(text: str) -> tuple[MappingNode, Problems]:
    problems = Problems()
    return compose_tree(text, file="issue.yaml", problems=problems), problems


def problems_of(text: str) -> list[BulletinError]:
    return tree(text)[1].errors


def test_nodes_carry_file_line_column_and_key_path() -> None:
    root, problems = tree("a: 1\nb:\n  - x\n  - {c: 'y'}\n")
    assert not problems
    a = root.get("a")
    assert isinstance(a, ScalarNode)
    assert a.position == Position("issue.yaml", 1, 4, "a")
    assert (a.tag, a.value, a.raw) == ("int", 1, "1")
    b = root.get("b")
    assert isinstance(b, SequenceNode) and b.position.line == 3
    c_map = b.items[1]
    assert isinstance(c_map, MappingNode)
    c = c_map.get("c")
    assert isinstance(c, ScalarNode)
    assert c.position == Position("issue.yaml", 4, 9, "b[1].c")
    assert c.quoted and c.tag == "str" and c.value == "y"
    key = c_map.key_node("c")
    assert key is not None and key.position.column == 6


def test_keys_keep_file_order() -> None:
    root, _ = tree("z: 1\na: 2\nm: 3\n")
    assert [k.raw for k in root.key_nodes()] == ["z", "a", "m"]


@pytest.mark.parametrize(
    ("text", "tag", "value"),
    [
        ("v: 12", "int", 12),
        ("v: 0x10", "int", 16),
        ("v: 1.5", "float", 1.5),
        ("v: true", "bool", True),
        ("v: no", "bool", False),
        ("v: ~", "null", None),
        ("v:", "null", None),
        ("v: '12'", "str", "12"),
        ("v: !!str 12", "str", "12"),
        ("v: 2020-04", "str", "2020-04"),
        ("v: 2024-02-30", "timestamp", "2024-02-30"),
        ("v: =", "str", "="),
    ],
)
def test_scalars_resolve_without_constructors(text: str, tag: str, value: object) -> None:
    root, problems = tree(text + "\n")
    v = root.get("v")
    assert isinstance(v, ScalarNode) and not problems
    assert (v.tag, v.value) == (tag, value)


def test_impossible_timestamp_does_not_crash_the_loader() -> None:
    root, problems = tree("date: 2024-02-30\n")
    node = root.get("date")
    assert isinstance(node, ScalarNode) and node.raw == "2024-02-30" and not problems


def test_syntax_error_has_parser_line_and_column() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        tree("a: 1\nb: c: d\n")
    err = info.value
    assert (err.file, err.line, err.column) == ("issue.yaml", 2, 5)
    assert "YAML 格式错误" in err.message


def test_tab_indentation_is_explained_in_chinese() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        tree("a:\n\t- x\n")
    assert info.value.line == 2 and "Tab" in info.value.message


def test_unclosed_quote() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        tree('a: "open\nb: 1\n')
    assert "引号" in info.value.message


@pytest.mark.parametrize("text", ["", "\n\n", "# 只有注释\n", "---\n"])
def test_empty_file_is_an_error(text: str) -> None:
    with pytest.raises(SchemaError) as info:
        tree(text)
    assert "空的" in info.value.message and info.value.line == 1


@pytest.mark.parametrize("text", ["- a\n- b\n", "挂职简报\n", "42\n"])
def test_top_level_must_be_a_mapping(text: str) -> None:
    with pytest.raises(SchemaError) as info:
        tree(text)
    assert "顶层" in info.value.message and info.value.line == 1


def test_two_documents_are_refused() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        tree("a: 1\n---\nb: 2\n")
    assert info.value.line == 2 and "---" in info.value.message


def test_duplicate_keys_name_both_lines_and_are_not_last_wins() -> None:
    root, problems = tree("title: 甲\nother: 1\ntitle: 乙\n")
    assert len(problems) == 1
    err = problems.errors[0]
    assert isinstance(err, SchemaError)
    assert (err.line, err.column, err.key_path) == (3, 1, "title")
    assert "第 1 行" in err.message and "第 3 行" in err.message
    value = root.get("title")
    assert isinstance(value, ScalarNode) and value.raw == "甲"


def test_duplicate_nested_key_path() -> None:
    _, problems = tree("m:\n  issue:\n    number: 1\n    number: 2\n")
    assert [(e.line, e.key_path) for e in problems.errors] == [(4, "m.issue.number")]


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hi']\n",
        "a: !!python/object:builtins.dict {}\n",
        "a: !!python/name:os.system\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x}\n",
        "a: !!omap [{x: 1}]\n",
        "a: !<tag:example.com,2020:x> x\n",
    ],
)
def test_non_standard_tags_are_refused(text: str) -> None:
    root, problems = tree(text)
    assert len(problems) == 1
    err = problems.errors[0]
    assert isinstance(err, YamlSyntaxError) and "标签" in err.message
    assert (err.line, err.key_path) == (1, "a")
    assert root.get("a") is not None and root.get("a").bad  # type: ignore[union-attr]


def test_python_tag_constructs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    _, problems = tree(text)
    assert problems and not marker.exists()


def test_merge_key_is_refused() -> None:
    _, problems = tree("base: &b {x: 1}\nc:\n  <<: *b\n")
    assert len(problems) == 1 and "<<" in problems.errors[0].message
    assert problems.errors[0].line == 3


def test_small_aliases_expand() -> None:
    root, problems = tree('a: &n "张三"\nb: *n\nl: &l [x, y]\nm: *l\n')
    assert not problems
    b = root.get("b")
    m = root.get("m")
    assert isinstance(b, ScalarNode) and b.raw == "张三" and b.position.key_path == "b"
    assert isinstance(m, SequenceNode) and m.items[1].position.key_path == "m[1]"


def _billion_laughs(levels: int = 9) -> str:
    lines = ['l0: &l0 "lol"']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*l{i - 1}"] * 10)
        lines.append(f"l{i}: &l{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_fails_fast_with_bounded_memory() -> None:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(YamlSyntaxError) as info:
            tree(_billion_laughs())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 2.0
    assert peak < 50_000_000
    assert "别名" in info.value.message


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        tree("a: &a [*a]\n")
    assert info.value.line == 1


def test_undefined_alias() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        tree("a: *nothing\n")
    assert info.value.message == '以“*”开头的文字要加引号，写成 a: "*nothing"'


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        tree("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "嵌套" in info.value.message


def test_scalar_over_one_megabyte_is_refused() -> None:
    big = "字" * (MAX_SCALAR_BYTES // 3 + 10)  # 3 bytes each in UTF-8
    _, problems = tree(f"title: ok\nbody: {big}\n")
    assert len(problems) == 1
    err = problems.errors[0]
    assert (err.line, err.key_path) == (2, "body") and "MB" in err.message


def test_scalar_just_under_the_limit_is_fine() -> None:
    _, problems = tree("body: " + "a" * (MAX_SCALAR_BYTES - 10) + "\n")
    assert not problems


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"])
def test_raw_control_character_names_the_key(char: str) -> None:
    _, problems = tree(f"title: ok\nsections:\n  - title: 工作{char}动态\n")
    assert len(problems) == 1
    err = problems.errors[0]
    assert isinstance(err, SchemaError)
    assert (err.line, err.column, err.key_path) == (3, 14, "sections[0].title")
    assert f"U+{ord(char):04X}" in err.message and "控制字符" in err.message


def test_escaped_control_character_in_double_quotes_names_the_key() -> None:
    _, problems = tree('a: ok\nb: "x\\x01y"\n')
    assert [(e.line, e.key_path) for e in problems.errors] == [(2, "b")]
    assert "U+0001" in problems.errors[0].message


def test_control_character_in_block_scalar() -> None:
    _, problems = tree("body: |\n  第一段\n\n  第二段\x0c\n")
    assert [(e.line, e.key_path) for e in problems.errors] == [(4, "body")]


def test_control_character_in_a_key() -> None:
    _, problems = tree("ti\x01tle: x\n")
    assert len(problems) == 1 and problems.errors[0].line == 1


def test_control_character_in_a_comment_is_harmless() -> None:
    root, problems = tree("a: 1  # 注释\x01\n")
    assert not problems and root.get("a") is not None


def test_tab_and_newline_are_allowed_and_cr_is_normalised() -> None:
    root, problems = tree("a: \"x\\ty\"\r\nb: |\r\n  one\r\n  two\r\nc: \"p\\rq\"\r\n")
    assert not problems
    a, b, c = root.get("a"), root.get("b"), root.get("c")
    assert isinstance(a, ScalarNode) and a.raw == "x\ty"
    assert isinstance(b, ScalarNode) and b.raw == "one\ntwo\n"
    assert isinstance(c, ScalarNode) and c.raw == "p\nq"


def test_non_scalar_key_is_an_error() -> None:
    _, problems = tree("? [a, b]\n: x\nc: 1\n")
    assert len(problems) == 1 and problems.errors[0].line == 1


def test_bad_explicit_int_is_reported() -> None:
    _, problems = tree("a: !!int abc\n")
    assert len(problems) == 1 and "整数" in problems.errors[0].message


def test_huge_integer_is_reported_not_crashing() -> None:
    _, problems = tree("a: " + "9" * 5000 + "\n")
    assert len(problems) == 1 and problems.errors[0].key_path == "a"


def test_control_character_breaking_the_structure_is_named() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        tree("masthead:\n  title: x\n \x01issuer: y\n")
    assert (info.value.line, info.value.column) == (3, 2)
    assert "U+0001" in info.value.message


def test_control_character_in_a_key_is_shown_as_a_box_in_the_key_path() -> None:
    _, problems = tree('masthead:\n  title: x\n\x01 issuer: y\n"a\\x02": 1\n')
    assert [(e.line, e.key_path) for e in problems.errors] == [(3, "□ issuer"), (4, "a□")]


def test_oversized_file_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compose, "MAX_TEXT_CHARS", 100)
    with pytest.raises(YamlSyntaxError) as info:
        tree("a: " + "x" * 200 + "\n")
    assert "文件太大" in info.value.message


def test_alias_expansion_bound_counts_only_aliased_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compose, "MAX_ALIAS_NODES", 5)
    root, problems = tree("big: [" + ", ".join(["x"] * 50) + "]\n")  # no aliases: no limit
    assert not problems and isinstance(root.get("big"), SequenceNode)
    with pytest.raises(YamlSyntaxError):
        tree("a: &a [1, 2, 3]\nb: *a\nc: *a\n")

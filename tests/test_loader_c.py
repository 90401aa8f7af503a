"""libyaml's composer where it gives the pure-Python loader's nodes: the same trees,
problems, warnings and errors, and the pure-Python loader wherever it might not."""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import pytest
import yaml

from bulletin_docs.errors import BulletinError, Problems
from bulletin_docs.issuefile import compose

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*/issue.yaml"))

pytestmark = pytest.mark.skipif(
    not hasattr(yaml, "CSafeLoader"), reason="PyYAML 没有 libyaml（CSafeLoader）"
)

#: Texts libyaml composes (a C path the comparison below covers).
TAKEN = [
    "a: 1\nb:\n  - x\n  - {c: 'y'}\n",
    "t: |\n  一行\n  二行\n\n",
    "t: |-\n  一行\n  二行\n",
    "t: |+\n  一行\n\n\n",
    "t: |2\n   缩进的一行\n  下一行\n",
    "t: 值 #注释\nu: 值  # 注释\n",
    "t: '单引号''内'\nu: \"双\\n引号\\t\"\n",
    "t: 𠮷字\n",
    "t: [a, b, {c: d}]\nu: {}\nv: []\n",
    "a: 1\na: 2\n",
    "t: 2024-02-30\nv: 0x10\nw: ~\ny: 1.5\nz: no\n",
    '正文: "**加粗**"\n',
    "a:\n  b:\n    c: 1\n",
    "- a\n- b\n",
    "a: 1\n[b]: 2\n",
    "标题: 通知\n日期: 2020年1月\n",
    "正文: 一段 **加粗** 文字\n",
    "t: 注意!\nu: 5 * 3\nv: 为什么?\nw: a?b=1&c=2\n",
    "表格: |\n  项目\t一季度\n  产值\t12\n",
]

#: Texts left to the pure-Python loader (what libyaml would read otherwise, or might).
DECLINED = [
    "t: 第一行\n  第二行\n",
    "t: >\n  a\n  b\n",
    "t: &a 文字\n",
    "t: &a x\nu: *a\n",
    "u: *a\n",
    "t: !注意 文字\n",
    "u: !!python/object:os.system x\nv: !!int 12\nw: !!int 一二\nx: !local y\n",
    "k: !\n",
    "? a\n",
    "k: {a: }\n",
    "k: [a: ]\n",
    "k:\nz: 1\n",
    "k: |#1\n",
    "k: |-#文\nz: 1\n",
    't: "多\n  行"\n',
    "t: a\tb\n",
    "t: |\t# 注释\n  x\n",
    "t:\t1\n",
    "t: |\n  x\n\t\n",
    "%YAML 1.1\n---\nt: 1\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "",
    "# 只有注释\n",
    "a: 1\n---\nb: 2\n",
    "t: \ufeff值\n",
    "t: 值\u2028续\n",
    "a: " + "[" * 1100 + "]" * 1100 + "\n",
    "a:" + "".join("\n" + "  " * i + "k:" for i in range(1, 45)) + " 1\n",
]


def _outcome(text: str) -> tuple[object, ...]:
    problems = Problems()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            tree = compose.compose_tree(text, file="issue.yaml", problems=problems)
        except BulletinError as exc:
            tree = (type(exc).__name__, str(exc))
    return (
        tree,
        [str(e) for e in problems.errors],
        [str(w.message) for w in caught],
    )


def _pure(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[object, ...]:
    with monkeypatch.context() as m:
        m.setattr(compose, "_c_composed", lambda _text: None)
        return _outcome(text)


@pytest.mark.parametrize("text", TAKEN)
def test_libyaml_composes_it_as_the_pure_python_loader(monkeypatch, text):
    assert compose._c_composed(text) is not None
    assert _outcome(text) == _pure(monkeypatch, text)


@pytest.mark.parametrize("text", DECLINED)
def test_the_pure_python_loader_reads_the_rest(monkeypatch, text):
    assert compose._c_composed(text) is None
    assert _outcome(text) == _pure(monkeypatch, text)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_the_examples_through_libyaml_give_the_same_nodes(monkeypatch, path):
    text = path.read_text(encoding="utf-8")
    assert compose._c_composed(text) is not None
    assert _outcome(text) == _pure(monkeypatch, text)


def test_generated_issues_give_the_same_nodes(monkeypatch, tmp_path):
    from issuegen import make_issue

    for seed in range(3):
        text = make_issue(tmp_path / str(seed), 12, photos=False, seed=seed).read_text("utf-8")
        assert _outcome(text) == _pure(monkeypatch, text)


#: Pieces of random texts: YAML's indicators, CJK text, spaces, tabs and line breaks.
PIECES = [
    *("a", "b", "中", "文", " ", "  ", "\n", "\n  ", "\n- ", ": ", ":", "-", "- ", "[", "]"),
    *("{", "}", ",", "'", '"', "#", " #", "|", "|-", ">", "?", "? ", "~", "1", "0x1", "\\"),
    *("!", "@", "`", "=", "<<", "...", "---", "\r", "\t", "*", "&", "%", "…", "“", "：", "\u3000"),
]


def test_random_texts_libyaml_composes_give_the_same_outcome(monkeypatch):
    """Where _c_composed takes a random text, everything the loader reports is the same."""
    rng = random.Random(16)
    taken = 0
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14)))
        text = ("k: " if rng.random() < 0.5 else "") + text + ("\nz: 1\n" * rng.randint(0, 1))
        if compose._c_composed(text) is not None:
            taken += 1
            assert _outcome(text) == _pure(monkeypatch, text), text
    assert taken > 300

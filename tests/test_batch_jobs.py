"""``build -j N``: issues built in worker processes give the outputs, results, progress lines
and error reports of ``-j 1``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bulletin_docs.batch import _chains, _Options, build_many
from bulletin_docs.cli import main
from bulletin_docs.errors import SchemaError
from bulletin_docs.layout import DEFAULT
from conftest import MINIMAL_YAML
from issuegen import make_issue


def _batch(root: Path) -> list[Path]:
    """Four issues (one broken: masthead.title missing), each in its own folder under root."""
    paths = [make_issue(root / f"g{n}", 2 + n, seed=n) for n in range(3)]
    broken = root / "broken" / "issue.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text(MINIMAL_YAML.replace("  title: 挂职简报\n", "", 1), encoding="utf-8")
    paths.insert(2, broken)
    return paths


def _outputs(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.suffix in (".docx", ".pdf", ".ofd")
    }


@pytest.mark.filterwarnings("ignore::bulletin_docs.BulletinWarning")
def test_two_processes_build_what_one_builds(tmp_path: Path, capsys) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    paths = _batch(one)
    shutil.copytree(one, two)
    runs = {}
    for root, jobs in ((one, "1"), (two, "2")):
        args = [str(root / p.relative_to(one)) for p in paths]
        assert main(["build", "-j", jobs, "--pdf", "--ofd", *args]) == 1
        out, err = capsys.readouterr()
        timeless = re.sub(r"（\d+ 毫秒）|用时 [\d.]+ 秒", "", out.replace(str(root), "ROOT"))
        runs[jobs] = (timeless, err.replace(str(root), "ROOT"))
    assert runs["1"] == runs["2"]
    assert "× ROOT/broken/issue.yaml：生成失败" in runs["2"][0]
    assert "masthead.title" in runs["2"][1]
    built = _outputs(one)
    assert len(built) == 9 and built == _outputs(two)


def test_api_jobs_results_in_order_with_errors_whole(tmp_path: Path) -> None:
    paths = _batch(tmp_path)
    seen = []
    results = build_many(paths, jobs=2, on_result=seen.append)
    assert [r.path for r in results] == paths == [r.path for r in seen]
    assert [r.ok for r in results] == [True, True, False, True]
    error = results[2].error
    assert isinstance(error, SchemaError)  # pickled back with its class and position
    assert (error.key_path, error.line) == ("masthead.title", 2)
    assert all(r.outputs == (r.path.with_suffix(".docx"),) for r in results if r.ok)
    with pytest.raises(ValueError):
        build_many(paths, jobs=0)


def test_issues_writing_the_same_file_share_a_worker(tmp_path: Path) -> None:
    options = _Options(None, None, True, False, None, "native", None, None, DEFAULT, False)
    items = [tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "a.yml", tmp_path / "b.yaml"]
    assert _chains(items, options) == [[0, 2], [1, 3]]


def test_cli_jobs_must_be_a_positive_number(capsys) -> None:
    assert main(["build", "-j", "0", "a.yaml"]) == 2
    assert "-j 后面应为不小于 1 的整数" in capsys.readouterr().err

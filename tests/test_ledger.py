"""The ledger: issues in order, and each numbering problem named with both files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_docs.cli import main
from bulletin_docs.volume import read_volume_ledger
from conftest import MINIMAL_YAML


def write(
    folder: Path,
    name: str,
    number: int,
    *,
    year: int = 2020,
    total: int | None = None,
    date: str | None = None,
    title: str = "挂职简报",
    issuer: str = "吴中区年轻干部双向挂职工作小组",
) -> Path:
    issue = f"number: {number}\n    year: {year}"
    if total is not None:
        issue += f"\n    total: {total}"
    text = (
        MINIMAL_YAML.replace("number: 1\n    year: 2020", issue)
        .replace("title: 挂职简报", f"title: {title}")
        .replace("issuer: 吴中区年轻干部双向挂职工作小组", f"issuer: {issuer}")
        .replace("date: 2020-04", f"date: {date or f'{year}-{number:02d}'}")
    )
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(folder: Path) -> tuple[str, ...]:
    return read_volume_ledger([folder]).problems


def test_in_order_and_clean(tmp_path: Path) -> None:
    paths = [write(tmp_path, f"{name}.yaml", n, total=24 + n)
             for name, n in (("c", 3), ("a", 1), ("b", 2))]
    ledger = read_volume_ledger([tmp_path])
    assert [i.path for i in ledger.issues] == [paths[1], paths[2], paths[0]]
    assert ledger.problems == ()


def test_a_missing_number_names_both_files(tmp_path: Path) -> None:
    write(tmp_path, "01.yaml", 1)
    two = write(tmp_path, "02.yaml", 2)
    four = write(tmp_path, "04.yaml", 4)
    (found,) = problems(tmp_path)
    assert found.startswith("期号不连续") and str(two) in found and str(four) in found
    assert "缺2020年第3期" in found


def test_a_repeated_number_names_both_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", 2)
    b = write(tmp_path, "b.yaml", 2)
    write(tmp_path, "c.yaml", 1)
    (found,) = problems(tmp_path)
    assert found == f"期号重复：{a} 与 {b} 都是2020年第2期。"


def test_a_total_that_jumps_names_both_files(tmp_path: Path) -> None:
    write(tmp_path, "1.yaml", 1, total=25)
    two = write(tmp_path, "2.yaml", 2, total=26)
    three = write(tmp_path, "3.yaml", 3, total=28)
    (found,) = problems(tmp_path)
    assert found == f"总期号不接续：{two} 是总第26期，其后的 {three} 是总第28期（应为总第27期）。"


def test_totals_run_on_across_years(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", 12, year=2019, total=24)
    write(tmp_path, "b.yaml", 1, year=2020, total=25)
    assert problems(tmp_path) == ()


def test_a_different_title_or_issuer_names_both_files(tmp_path: Path) -> None:
    first = write(tmp_path, "1.yaml", 1)
    odd = write(tmp_path, "2.yaml", 2, title="挂职快报")
    write(tmp_path, "3.yaml", 3)
    other = write(tmp_path, "4.yaml", 4, issuer="区委组织部")
    assert problems(tmp_path) == (
        f"报头名称不一致：{odd} 是「挂职快报」，其余各期（如 {first}）是「挂职简报」。",
        f"编印单位不一致：{other} 是「区委组织部」，"
        f"其余各期（如 {first}）是「吴中区年轻干部双向挂职工作小组」。",
    )


def test_dates_out_of_order(tmp_path: Path) -> None:
    one = write(tmp_path, "1.yaml", 1, date="2020-05-10")
    two = write(tmp_path, "2.yaml", 2, date="2020-04-10")
    (found,) = problems(tmp_path)
    assert found.startswith("日期顺序不对") and str(one) in found and str(two) in found


def test_a_total_missing_in_one_issue(tmp_path: Path) -> None:
    have = write(tmp_path, "1.yaml", 1, total=25)
    lacks = write(tmp_path, "2.yaml", 2)
    (found,) = problems(tmp_path)
    assert found == f"总期号缺失：{lacks} 没有总期号，其余各期（如 {have}）有。"


def test_cli_ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = write(tmp_path, "1.yaml", 1, total=25)
    write(tmp_path, "3.yaml", 3, total=27)
    assert main(["ledger", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"2020年第1期（总第25期）　2020年1月　{one}"
    assert out[2] == "共 2 期。"
    assert out[3].startswith("提示：期号不连续")
    assert main(["ledger", "--strict", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines()[3].startswith("错误：期号不连续")


def test_cli_ledger_reports_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "1.yaml", 1)
    bad = tmp_path / "2.yaml"
    bad.write_text("masthead: [\n", encoding="utf-8")
    assert main(["ledger", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and str(bad) in err

"""Tests for bulletin_docs.output: atomic replacement, untouched files on failure, modes, errors,
files replaced together."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bulletin_docs.errors import OutputError
from bulletin_docs.output import atomic_output, write_atomic, write_bytes_atomic, write_together


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_write_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")
    write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert _leftovers(tmp_path) == []


def test_failure_leaves_earlier_file_byte_for_byte(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"earlier good build")

    def writer(fh) -> None:
        fh.write(b"half a docx")
        raise RuntimeError("render failed late")

    with pytest.raises(RuntimeError):
        write_atomic(target, writer)
    assert target.read_bytes() == b"earlier good build"
    assert _leftovers(tmp_path) == []


def test_missing_folder_is_a_chinese_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info:
        write_bytes_atomic(tmp_path / "nope" / "out.docx", b"x")
    assert "输出文件夹不存在" in str(info.value)


def test_directory_as_target_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out.docx").mkdir()
    with pytest.raises(OutputError) as info:
        write_bytes_atomic(tmp_path / "out.docx", b"x")
    assert "文件夹" in str(info.value)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_new_file_gets_ordinary_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = write_bytes_atomic(tmp_path / "out.pdf", b"%PDF")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_bytes_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_read_only_folder_is_a_chinese_output_error(tmp_path: Path, monkeypatch) -> None:
    """What a read-only folder does to the temporary file (on any platform, as any user:
    root may write into a folder of mode 0555, so the refusal is made here)."""
    folder = tmp_path / "ro"
    folder.mkdir()

    def refused(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("bulletin_docs.output.tempfile.mkstemp", refused)
    with pytest.raises(OutputError) as info, atomic_output(folder / "out.docx"):
        pass
    assert str(info.value).endswith(f"无法在 {folder} 中写入临时文件：Permission denied")
    assert list(folder.iterdir()) == []


def test_locked_target_is_a_chinese_output_error(tmp_path: Path, monkeypatch) -> None:
    """On Windows a .docx open in Word cannot be replaced: os.replace raises PermissionError."""
    target = tmp_path / "out.docx"
    target.write_bytes(b"open in Word")

    def locked(src, dst):  # what Windows does while Word holds the file
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr("bulletin_docs.output.os.replace", locked)
    with pytest.raises(OutputError) as info:
        write_bytes_atomic(target, b"new build")
    assert "正被其他程序" in str(info.value) and "关闭后重试" in str(info.value)
    assert target.read_bytes() == b"open in Word"
    assert _leftovers(tmp_path) == []


def test_cli_reports_missing_output_folder_without_traceback(
    issue_file, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bulletin_docs.cli import main

    issue = issue_file()
    assert main(["build", str(issue), "-o", str(tmp_path / "nope" / "out.docx")]) == 1
    err = capsys.readouterr().err
    assert "输出文件夹不存在" in err and "Traceback" not in err


def test_write_together_replaces_every_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.docx", tmp_path / "a.pdf"
    a.write_bytes(b"old docx")
    assert write_together([(a, b"new docx"), (b, b"%PDF new")]) == [a, b]
    assert (a.read_bytes(), b.read_bytes()) == (b"new docx", b"%PDF new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "a.pdf"]


def test_write_together_says_what_it_could_not_put_back(tmp_path: Path, monkeypatch) -> None:
    """The second file is locked and the first cannot be put back either: the message says
    where the first one's old content is kept, and that copy is there."""
    a, b = tmp_path / "a.docx", tmp_path / "a.pdf"
    a.write_bytes(b"old docx")
    b.write_bytes(b"old pdf")
    real = os.replace
    moves: list[tuple[Path, Path]] = []

    def replace(src, dst) -> None:
        moves.append((Path(src), Path(dst)))
        if Path(dst) == b or len(moves) > 2:  # the PDF, and then the restore of the .docx
            raise PermissionError(13, "The process cannot access the file")
        real(src, dst)

    monkeypatch.setattr("bulletin_docs.output.os.replace", replace)
    with pytest.raises(OutputError) as info:
        write_together([(a, b"new docx"), (b, b"new pdf")])
    backup = moves[-1][0]
    message = str(info.value)
    assert f"无法覆盖 {b}" in message and f"{a} 未能恢复，原来的文件保存在 {backup}" in message
    assert backup.read_bytes() == b"old docx" and b.read_bytes() == b"old pdf"
    assert _leftovers(tmp_path) == []

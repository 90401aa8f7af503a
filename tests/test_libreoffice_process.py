"""soffice's process group: started and killed whole on a timeout, on POSIX and on Windows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest

from bulletin_docs.errors import RenderError
from bulletin_docs.libreoffice import convert, process


class FakePopen:
    """A process that never finishes before its timeout; records how it was started."""

    started: ClassVar[list[FakePopen]] = []

    def __init__(self, cmd: list[str], **kwargs: Any) -> None:
        self.cmd = cmd
        self.kwargs = kwargs
        self.pid = 4242
        self.returncode: int | None = None
        self.killed = False
        self.waits = 0
        FakePopen.started.append(self)

    def communicate(self, timeout: float | None = None) -> tuple[bytes, bytes]:
        self.waits += 1
        if self.waits == 1:
            raise subprocess.TimeoutExpired(self.cmd, timeout or 0)
        self.returncode = -9
        return b"", b""

    def kill(self) -> None:
        self.killed = True


@pytest.fixture
def fake_popen(monkeypatch) -> list[FakePopen]:
    FakePopen.started = []
    monkeypatch.setattr(process.subprocess, "Popen", FakePopen)
    return FakePopen.started


@pytest.fixture
def no_killpg(monkeypatch) -> None:
    def killpg(pid: int, sig: int) -> None:  # Windows has no os.killpg
        raise AssertionError("os.killpg on Windows")

    monkeypatch.setattr(process.os, "killpg", killpg, raising=False)


def _taskkill(monkeypatch, returncode: int | None) -> list[list[str]]:
    """subprocess.run replaced: taskkill ends with ``returncode`` (None: it is not there)."""
    calls: list[list[str]] = []

    def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        calls.append(cmd)
        if returncode is None:
            raise FileNotFoundError(2, "No such file", cmd[0])
        return subprocess.CompletedProcess(cmd, returncode)

    monkeypatch.setattr(process.subprocess, "run", run)
    return calls


def test_windows_starts_a_process_group_and_ends_the_tree_with_taskkill(
    monkeypatch, fake_popen, no_killpg
) -> None:
    calls = _taskkill(monkeypatch, 0)
    with pytest.raises(process.Timeout):
        process.run_in_group(["soffice"], {}, 0.1, windows=True)
    (proc,) = fake_popen
    assert proc.kwargs["creationflags"] == process.CREATE_NEW_PROCESS_GROUP == 0x200
    assert "start_new_session" not in proc.kwargs
    assert calls == [["taskkill", "/T", "/F", "/PID", "4242"]]
    assert not proc.killed and proc.waits == 2  # reaped after the kill


@pytest.mark.parametrize("returncode", [128, None], ids=["taskkill fails", "no taskkill"])
def test_windows_kills_the_process_itself_when_taskkill_cannot(
    monkeypatch, fake_popen, no_killpg, returncode
) -> None:
    calls = _taskkill(monkeypatch, returncode)
    with pytest.raises(process.Timeout):
        process.run_in_group(["soffice"], {}, 0.1, windows=True)
    (proc,) = fake_popen
    assert len(calls) == 1 and proc.killed


def test_the_platform_decides_by_default(monkeypatch, fake_popen, no_killpg) -> None:
    _taskkill(monkeypatch, 0)
    monkeypatch.setattr(process.os, "name", "nt")
    assert process.is_windows()
    with pytest.raises(process.Timeout):
        process.run_in_group(["soffice"], {}, 0.1)
    assert "creationflags" in fake_popen[0].kwargs


def test_posix_starts_a_session_and_kills_the_group(monkeypatch, fake_popen) -> None:
    killed: list[tuple[int, int]] = []
    monkeypatch.setattr(process.os, "killpg", lambda pid, sig: killed.append((pid, sig)))
    calls = _taskkill(monkeypatch, 0)
    with pytest.raises(process.Timeout):
        process.run_in_group(["soffice"], {}, 0.1, windows=False)
    (proc,) = fake_popen
    assert proc.kwargs["start_new_session"] is True and "creationflags" not in proc.kwargs
    assert killed == [(4242, signal.SIGKILL)]
    assert calls == [] and not proc.killed


def _alive(pid: int) -> bool:
    """Whether ``pid`` is running (a zombie waiting to be reaped is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="进程组与 /proc：只在 Linux 上实际运行"
)
def test_a_real_timeout_kills_the_grandchild_too(tmp_path) -> None:
    """As soffice leaves soffice.bin running: the shell's background sleep dies with it."""
    pidfile = tmp_path / "pid"
    cmd = ["sh", "-c", f"sleep 60 & echo $! > {pidfile}; wait"]
    t0 = time.monotonic()
    with pytest.raises(process.Timeout):
        process.run_in_group(cmd, dict(os.environ), 1.0)
    assert time.monotonic() - t0 < 10
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def test_a_real_command_returns_its_code_and_output() -> None:
    code, out, err = process.run_in_group(
        [sys.executable, "-c", "import sys; print('出'); sys.exit(3)"], dict(os.environ), 30
    )
    assert code == 3 and out.decode("utf-8").strip() == "出" and err == b""


def test_conversion_timeout_and_start_failure_are_chinese_render_errors(
    monkeypatch, tmp_path
) -> None:
    docx = tmp_path / "in.docx"
    docx.write_bytes(b"PK not really")
    out = tmp_path / "out.pdf"
    out.write_bytes(b"earlier")
    monkeypatch.setattr(convert, "find_soffice", lambda: "soffice")

    def timeout(cmd: list[str], env: dict[str, str], seconds: float) -> tuple[int, bytes, bytes]:
        raise process.Timeout(seconds)

    def cannot_start(
        cmd: list[str], env: dict[str, str], seconds: float
    ) -> tuple[int, bytes, bytes]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(convert, "run_in_group", timeout)
    with pytest.raises(RenderError) as info:
        convert.convert_to_pdf(docx, out, timeout=2.5)
    assert str(info.value) == f"{docx}：LibreOffice 转换超时（超过 2.5 秒）"  # the file once
    monkeypatch.setattr(convert, "run_in_group", cannot_start)
    with pytest.raises(RenderError) as info:
        convert.convert_to_pdf(docx, out)
    assert "无法启动 LibreOffice：Permission denied" in str(info.value)
    assert out.read_bytes() == b"earlier"

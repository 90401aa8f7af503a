"""LibreOffice on Windows and macOS: the finder's branches, fontconfig only on Linux, the tree kill.

The platform, environment, registry and file system are supplied, so every branch runs here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Any

import pytest

from bulletin_docs.cli import main
from bulletin_docs.errors import RenderError
from bulletin_docs.libreoffice import convert, finder, process

WIN_DEFAULT = r"C:\Program Files\LibreOffice\program\soffice.exe"
WIN_X86 = r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"
MAC_APP = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


def _find(
    platform: str,
    files: set[str],
    environ: dict[str, str] | None = None,
    registry: dict[tuple[str, str], str] | None = None,
    on_path: dict[str, str] | None = None,
    globs: dict[str, list[str]] | None = None,
) -> str:
    """find_soffice on a fake machine: ``files`` exist, ``registry`` holds default values."""
    pure = PureWindowsPath if platform == "win32" else PurePosixPath
    existing = {pure(f) for f in files}
    home = pure(r"C:\Users\张三" if platform == "win32" else "/Users/zhang")

    def glob(folder: PurePath, pattern: str) -> list[PurePath]:
        return [pure(p) for p in (globs or {}).get(str(folder), [])]

    return finder.find_soffice(
        platform=platform,
        environ=environ or {},
        home=home,
        which=lambda name, path: (on_path or {}).get(name),
        registry=lambda hive, key: (registry or {}).get((hive, key)),
        is_file=lambda p: pure(p) in existing,
        glob=glob,
    )


def test_windows_program_files() -> None:
    assert _find("win32", {WIN_DEFAULT, WIN_X86}) == WIN_DEFAULT


def test_windows_32_bit_libreoffice_in_the_x86_folder() -> None:
    assert _find("win32", {WIN_X86}) == WIN_X86


def test_windows_program_files_on_another_drive() -> None:
    exe = r"D:\程序\LibreOffice\program\soffice.exe"
    assert _find("win32", {exe}, environ={"ProgramFiles": r"D:\程序"}) == exe


def test_windows_registry_install_path_comes_first() -> None:
    exe = r"E:\Office Suites\LibreOffice 7.6\program\soffice.exe"
    key = ("HKEY_LOCAL_MACHINE", r"SOFTWARE\LibreOffice\UNO\InstallPath")
    found = _find(
        "win32", {exe, WIN_DEFAULT}, registry={key: r"E:\Office Suites\LibreOffice 7.6\program"}
    )
    assert found == exe
    wow = ("HKEY_LOCAL_MACHINE", r"SOFTWARE\WOW6432Node\LibreOffice\UNO\InstallPath")
    assert _find("win32", {exe}, registry={wow: r"E:\Office Suites\LibreOffice 7.6\program"}) == exe


def test_path_comes_before_the_installers_places() -> None:
    on_path = {"soffice": r"C:\tools\soffice.exe"}
    assert _find("win32", {WIN_DEFAULT}, on_path=on_path) == r"C:\tools\soffice.exe"
    assert _find("linux", set(), on_path={"libreoffice": "/usr/bin/libreoffice"}) == (
        "/usr/bin/libreoffice"
    )


def test_macos_app_bundle_system_wide_and_for_one_user() -> None:
    assert _find("darwin", {MAC_APP}) == MAC_APP
    mine = "/Users/zhang/Applications/LibreOffice.app/Contents/MacOS/soffice"
    assert _find("darwin", {mine}) == mine


def test_linux_official_packages_in_opt() -> None:
    exe = "/opt/libreoffice7.6/program/soffice"
    globs = {"/opt": ["/opt/libreoffice7.6"]}
    assert _find("linux", {exe}, globs=globs) == exe


@pytest.mark.parametrize(
    ("platform", "given", "exe"),
    [
        ("win32", WIN_DEFAULT, WIN_DEFAULT),
        ("win32", r'"C:\Program Files\LibreOffice"', WIN_DEFAULT),  # quoted, the folder
        ("win32", r"C:\Program Files\LibreOffice\program", WIN_DEFAULT),
        ("darwin", "/Applications/LibreOffice.app", MAC_APP),
        ("linux", "/opt/lo/program/soffice", "/opt/lo/program/soffice"),
    ],
)
def test_the_environment_variable_overrides_everything(platform, given, exe) -> None:
    env = {finder.SOFFICE_ENV: given}
    on_path = {"soffice": "/usr/bin/soffice"}
    assert _find(platform, {exe, WIN_X86}, environ=env, on_path=on_path) == exe


def test_an_override_that_is_not_there_is_a_chinese_error() -> None:
    env = {finder.SOFFICE_ENV: r"C:\LO\soffice.exe"}
    with pytest.raises(RenderError) as info:
        _find("win32", {WIN_DEFAULT}, environ=env)
    assert finder.SOFFICE_ENV in str(info.value) and r"C:\LO\soffice.exe" in str(info.value)


def test_nothing_installed_says_how_to_point_at_it() -> None:
    for platform in ("win32", "darwin", "linux"):
        with pytest.raises(RenderError) as info:
            _find(platform, set())
        assert "找不到 LibreOffice" in str(info.value) and "--soffice" in str(info.value)


def test_the_registry_is_read_through_winreg(monkeypatch) -> None:
    """read_registry with a stand-in for Windows' winreg module."""
    values = {r"SOFTWARE\LibreOffice\UNO\InstallPath": r"C:\LibreOffice 办公\program"}

    class Key:
        def __init__(self, name: str) -> None:
            if name not in values:
                raise FileNotFoundError(2, "The system cannot find the file specified")
            self.name = name

        def __enter__(self) -> Key:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    winreg = types.SimpleNamespace(
        HKEY_LOCAL_MACHINE=object(),
        HKEY_CURRENT_USER=object(),
        OpenKey=lambda hive, name: Key(name),
        QueryValueEx=lambda key, value: (values[key.name], 1),
    )
    monkeypatch.setitem(sys.modules, "winreg", winreg)
    hive, key = finder.REGISTRY_KEYS[0]
    assert finder.read_registry(hive, key) == r"C:\LibreOffice 办公\program"
    assert finder.read_registry(*finder.REGISTRY_KEYS[1]) is None
    monkeypatch.setitem(sys.modules, "winreg", None)  # not Windows: no winreg
    assert finder.read_registry(hive, key) is None


def test_the_soffice_option_reaches_the_finder(monkeypatch, tmp_path, capsys) -> None:
    """`inspect x.docx --soffice PATH` converts with that program (here one that fails)."""
    from docx import Document

    monkeypatch.delenv(finder.SOFFICE_ENV, raising=False)
    fake = tmp_path / "假的 soffice"
    fake.write_text("#!/bin/sh\necho 假的转换失败 >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    docx = tmp_path / "简报 一.docx"
    Document().save(str(docx))
    assert main(["inspect", str(docx), "--soffice", str(fake)]) == 1
    err = capsys.readouterr().err
    assert "LibreOffice 未能把 .docx 转换为 PDF：假的转换失败" in err
    assert finder.SOFFICE_ENV not in os.environ  # only for that run
    assert main(["inspect", str(docx), "--soffice", str(tmp_path / "无")]) == 1
    assert "--soffice" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("platform", "fontconfig"), [("linux", True), ("freebsd14", True), ("win32", False),
                                 ("darwin", False)]
)
def test_font_aliases_only_where_libreoffice_uses_fontconfig(
    platform, fontconfig, tmp_path
) -> None:
    env = convert.soffice_env({"PATH": "/bin"}, tmp_path, platform=platform)
    assert ("FONTCONFIG_FILE" in env) == fontconfig == (tmp_path / "fonts.conf").is_file()
    assert env["HOME"] == str(tmp_path) and env["PATH"] == "/bin"


class HeldPipes:
    """soffice.exe killed, soffice.bin alive and holding the pipes: reading never ends."""

    def __init__(self) -> None:
        self.pid = 77
        self.stdout = self.stderr = None
        self.calls: list[str] = []

    def communicate(self, timeout: float | None = None) -> tuple[bytes, bytes]:
        self.calls.append("communicate")
        raise subprocess.TimeoutExpired("soffice", timeout or 0)

    def kill(self) -> None:
        self.calls.append("kill")

    def wait(self, timeout: float | None = None) -> int:
        self.calls.append("wait")
        return 1


def test_windows_timeout_returns_even_when_a_grandchild_holds_the_pipes(monkeypatch) -> None:
    proc = HeldPipes()
    monkeypatch.setattr(process.subprocess, "Popen", lambda cmd, **kw: proc)
    taskkill: list[dict[str, Any]] = []

    def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        taskkill.append(kwargs)
        return subprocess.CompletedProcess(cmd, 128)  # "process not found": the tree is gone

    monkeypatch.setattr(process.subprocess, "run", run)
    monkeypatch.setattr(process, "REAP_TIMEOUT", 0.01)
    with pytest.raises(process.Timeout):
        process.run_in_group(["soffice.exe"], {}, 0.01, windows=True)
    assert proc.calls == ["communicate", "kill", "communicate", "wait"]
    assert taskkill[0]["creationflags"] == process.CREATE_NO_WINDOW


def test_the_newest_install_in_opt_comes_first(tmp_path) -> None:
    for version in ("7.6", "24.2", "7.10"):
        (tmp_path / f"libreoffice{version}").mkdir()
    found = finder._glob(tmp_path, "libreoffice*")
    assert [p.name for p in found] == ["libreoffice24.2", "libreoffice7.10", "libreoffice7.6"]

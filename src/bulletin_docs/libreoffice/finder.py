"""The platform, its environment and file system into the soffice to run, where installers put it.

Order: ``BULLETIN_DOCS_SOFFICE`` (which ``--soffice PATH`` sets for one command), then PATH
(``soffice``, ``libreoffice``), then the installers' places: on Windows the registry's
``SOFTWARE\\LibreOffice\\UNO\\InstallPath`` (64- and 32-bit views, machine and user) and
``Program Files`` / ``Program Files (x86)``; on macOS the app bundle in ``/Applications`` or
``~/Applications``; elsewhere the official packages' ``/opt/libreoffice*`` (newest first)
and ``/usr/lib/libreoffice``. Every
lookup is a parameter, so that tests walk the Windows and macOS branches on any machine.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any

from ..errors import RenderError

#: Environment variable naming the soffice executable (or LibreOffice's folder) to use.
SOFFICE_ENV = "BULLETIN_DOCS_SOFFICE"

#: Registry keys whose default value is LibreOffice's ``program`` folder, best first.
REGISTRY_KEYS: tuple[tuple[str, str], ...] = (
    ("HKEY_LOCAL_MACHINE", r"SOFTWARE\LibreOffice\UNO\InstallPath"),
    ("HKEY_LOCAL_MACHINE", r"SOFTWARE\WOW6432Node\LibreOffice\UNO\InstallPath"),
    ("HKEY_CURRENT_USER", r"SOFTWARE\LibreOffice\UNO\InstallPath"),
)

#: ``which(name, path)``: like ``shutil.which(name, path=path)``; ``path`` is the PATH to search.
Which = Callable[[str, str | None], str | None]
#: ``registry(hive, key)``: the key's default value, None when it is not there.
Registry = Callable[[str, str], str | None]
#: ``is_file(path)``: whether an executable file is there.
IsFile = Callable[[PurePath], bool]
#: ``glob(folder, pattern)``: the paths in ``folder`` matching ``pattern``.
Glob = Callable[[PurePath, str], list[PurePath]]


def read_registry(hive: str, key: str) -> str | None:
    """The default value of ``hive\\key`` in the Windows registry (None elsewhere or if absent)."""
    try:  # imported by name: type checkers on other platforms know no winreg functions
        winreg: Any = importlib.import_module("winreg")
    except ImportError:
        return None
    try:
        with winreg.OpenKey(getattr(winreg, hive), key) as handle:
            value, _kind = winreg.QueryValueEx(handle, "")
    except OSError:
        return None
    return value if isinstance(value, str) and value else None


def _is_file(path: PurePath) -> bool:
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def _version(path: PurePath) -> tuple[int, ...]:
    """``/opt/libreoffice24.2`` → (24, 2): installs sorted by version, not by name."""
    return tuple(int(n) for n in re.findall(r"\d+", path.name))


def _glob(folder: PurePath, pattern: str) -> list[PurePath]:
    try:
        return sorted(Path(folder).glob(pattern), key=_version, reverse=True)  # newest first
    except (OSError, ValueError):
        return []


def _executable(path: PurePath, windows: bool, is_file: IsFile) -> PurePath | None:
    """``path`` itself, or soffice inside it when it names LibreOffice's (program) folder."""
    name = "soffice.exe" if windows else "soffice"
    for candidate in (path, path / name, path / "program" / name):
        if is_file(candidate):
            return candidate
    if not windows:
        bundle = path / "Contents" / "MacOS" / "soffice"  # LibreOffice.app named on macOS
        if is_file(bundle):
            return bundle
    return None


def install_places(
    platform: str,
    environ: Mapping[str, str],
    home: PurePath,
    registry: Registry,
    glob: Glob,
) -> Iterator[PurePath]:
    """Where LibreOffice's installers put soffice on ``platform``, best first."""
    if platform == "win32":
        for hive, key in REGISTRY_KEYS:
            program = registry(hive, key)
            if program:
                yield PureWindowsPath(program) / "soffice.exe"
        for var, default in (
            ("ProgramFiles", r"C:\Program Files"),
            ("ProgramW6432", r"C:\Program Files"),
            ("ProgramFiles(x86)", r"C:\Program Files (x86)"),
        ):
            base = PureWindowsPath(environ.get(var) or default)
            yield base / "LibreOffice" / "program" / "soffice.exe"
        return
    if platform == "darwin":
        for apps in (PurePosixPath("/Applications"), home / "Applications"):
            yield apps / "LibreOffice.app" / "Contents" / "MacOS" / "soffice"
        return
    for folder in (PurePosixPath("/opt"), PurePosixPath("/usr/local")):
        for install in glob(folder, "libreoffice*"):
            yield install / "program" / "soffice"
    yield PurePosixPath("/usr/lib/libreoffice/program/soffice")


def find_soffice(
    *,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: PurePath | None = None,
    which: Which | None = None,
    registry: Registry | None = None,
    is_file: IsFile | None = None,
    glob: Glob | None = None,
) -> str:
    """The soffice executable to run; a Chinese RenderError saying what to do when there is none.

    ``platform``, ``environ`` and ``home`` default to this system's; ``which``, ``registry``,
    ``is_file`` and ``glob`` to the real lookups.
    """
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    is_file = _is_file if is_file is None else is_file
    windows = platform == "win32"
    override = environ.get(SOFFICE_ENV, "").strip().strip('"')
    if override:
        given: PurePath = PureWindowsPath(override) if windows else PurePosixPath(override)
        exe = _executable(given, windows, is_file)
        if exe is None:
            raise RenderError(
                f"环境变量 {SOFFICE_ENV}（或 --soffice）指定的 LibreOffice 不存在：{override}；"
                "请写 soffice 程序的完整路径，"
                + (r"如 C:\Program Files\LibreOffice\program\soffice.exe。" if windows else
                   "如 /Applications/LibreOffice.app/Contents/MacOS/soffice。")
            )
        return str(exe)
    for name in ("soffice", "libreoffice"):
        path = environ.get("PATH")
        found = which(name, path) if which is not None else shutil.which(name, path=path)
        if found:
            return found
    if home is None:
        home = Path.home()
    places = install_places(
        platform, environ, home, registry or read_registry, glob or _glob
    )
    for place in places:
        if is_file(place):
            return str(place)
    raise RenderError(
        "找不到 LibreOffice（soffice）：请安装 LibreOffice（https://zh-cn.libreoffice.org/）后重试；"
        f"装在别处时，用 --soffice 路径 或环境变量 {SOFFICE_ENV} 指明 soffice 程序"
    )

"""Every command as a subprocess on GBK, GB18030, cp1252 and ASCII streams and with LANG=C.

As a clerk's batch file redirects the output into a log (Windows encodes it as GBK): no
traceback, the documented exit codes, readable replacements, and the same files as with UTF-8.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bulletin_docs.streams import ERRORS, replacement
from conftest import MINIMAL_YAML, ROOT, needs_soffice

FOLDER = "简报 2024"
ISSUE = "第1期 𠮷.yaml"  # Chinese, a space, and a character GBK lacks
BROKEN = "坏的 𠮷.yaml"

#: name → the environment a clerk's machine gives; the last disables Python's UTF-8 fallback
#: for the C locale, so that stdio, argv and file names are all ASCII.
SETTINGS: dict[str, dict[str, str]] = {
    "utf-8": {"PYTHONIOENCODING": "utf-8"},
    "gbk": {"PYTHONIOENCODING": "gbk"},
    "gb18030": {"PYTHONIOENCODING": "gb18030"},
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "LANG=C": {"LANG": "C", "LC_ALL": "C"},
    "LANG=C ascii": {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}


def _env(setting: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LC_", "PYTHON")) and k not in ("LANG", "LANGUAGE")
    }
    env["PYTHONPATH"] = str(ROOT / "src")
    env["SOURCE_DATE_EPOCH"] = "1577836800"
    env.update(SETTINGS[setting])
    return env


def _session(setting: str, work: Path) -> dict[str, tuple[int, bytes, bytes]]:
    """Run build, check, new, fonts, inspect, an input error and a usage error in ``work``."""
    folder = work / FOLDER
    folder.mkdir(parents=True)
    (folder / ISSUE).write_text(MINIMAL_YAML, encoding="utf-8")
    (folder / BROKEN).write_text("masthead:\n  title: 挂职简报\n", encoding="utf-8")
    issue = f"{FOLDER}/{ISSUE}"
    commands = {
        "build": ["build", "--pdf", issue],
        "check": ["check", issue],
        "new": ["new", issue, "--date", "2020-05-20"],
        "fonts": ["fonts", issue],
        "inspect": ["inspect", f"{FOLDER}/第1期 𠮷.pdf"],
        "input error": ["build", f"{FOLDER}/{BROKEN}"],
        "missing file": ["check", f"{FOLDER}/没有这个 𠮷.yaml"],
        "usage error": ["build", "--pdf", "出错 𠮷.txt", issue],
    }

    def run(name: str) -> tuple[int, bytes, bytes]:
        proc = subprocess.run(
            [sys.executable, "-m", "bulletin_docs", *commands[name]],
            cwd=work,
            env=_env(setting),
            capture_output=True,
            timeout=180,
            check=False,
        )
        return proc.returncode, proc.stdout, proc.stderr

    out = {"build": run("build")}  # the others read what it wrote
    with ThreadPoolExecutor(max_workers=4) as pool:
        rest = [n for n in commands if n != "build"]
        out.update(zip(rest, pool.map(run, rest), strict=True))
    return out


def _files(work: Path) -> dict[str, bytes]:
    return {
        os.fsdecode(p.relative_to(work)): p.read_bytes()
        for p in sorted(work.rglob("*"))
        if p.is_file()
    }


EXIT = {
    "build": 0, "check": 0, "new": 0, "fonts": 0, "inspect": 0,
    "input error": 1, "missing file": 1, "usage error": 2,
}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> tuple[dict[str, tuple[int, bytes, bytes]], dict[str, bytes]]:
    work = tmp_path_factory.mktemp("utf8")
    return _session("utf-8", work), _files(work)


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s != "utf-8"])
def test_commands_on_every_console_encoding(setting, baseline, tmp_path) -> None:
    base_runs, base_files = baseline
    runs = _session(setting, tmp_path)
    for name, (code, out, err) in runs.items():
        assert code == EXIT[name] == base_runs[name][0], (name, err)
        assert b"Traceback" not in out + err and b"Error:" not in err, (name, err)
    assert _files(tmp_path) == base_files  # same names, same bytes
    encoding = SETTINGS[setting].get("PYTHONIOENCODING")
    if encoding is None:
        return
    build_out = runs["build"][1].decode(encoding)  # strict: the stream's own encoding
    error_out = runs["input error"][2].decode(encoding)
    if encoding in ("gbk", "gb18030"):
        assert build_out.startswith(f"√ {FOLDER}/第1期 ")
        assert "错误：" in error_out
    else:
        assert build_out.startswith("OK \\u7b80\\u62a5 2024/")
        assert error_out.startswith("\\u9519\\u8bef:")  # 错误：
    if encoding == "gb18030":
        assert "𠮷" in build_out  # GB18030 has every character
    else:
        assert "\\U00020bb7.yaml" in build_out and "\\U00020bb7.yaml" in error_out


@needs_soffice
@pytest.mark.parametrize("setting", ["gbk", "LANG=C ascii"])
def test_inspecting_a_docx_through_libreoffice(setting, baseline, tmp_path) -> None:
    """soffice and fc-match get Chinese names and print UTF-8, whatever the locale."""
    docx = tmp_path / "第1期 𠮷.docx"
    docx.write_bytes(baseline[1][f"{FOLDER}/第1期 𠮷.docx"])
    proc = subprocess.run(
        [sys.executable, "-m", "bulletin_docs", "inspect", docx.name],
        cwd=tmp_path,
        env=_env(setting),
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
    # GBK: 𠮷 escaped; C locale: the file name's own bytes, written back as they came
    name = docx.name.encode("gbk", ERRORS) if setting == "gbk" else docx.name.encode("utf-8")
    assert b"LibreOffice" in proc.stdout and name in proc.stdout


def test_replacements_prefer_symbols_the_encoding_has() -> None:
    assert replacement("✓", "gbk") == "√" and replacement("✗", "gbk") == "×"
    assert replacement("✓", "cp1252") == "OK" and replacement("✗", "cp1252") == "×"
    assert replacement("✗", "ascii") == "X" and replacement("→", "ascii") == "->"
    assert replacement("𠮷", "gbk") == "\\U00020bb7"
    assert replacement("\udce5", "ascii") == b"\xe5"  # a file name's byte, written back
    assert "√ 完成 → 𠮷".encode("gbk", ERRORS) == "√ 完成 → \\U00020bb7".encode("gbk")
    assert "✓ 𠮷\udce5".encode("ascii", ERRORS) == b"OK \\U00020bb7\xe5"


def test_a_reader_that_goes_away_is_no_traceback(monkeypatch) -> None:
    """`bulletin-docs schema | more` with the reader gone: exit 1, no BrokenPipeError."""
    from bulletin_docs.cli import main

    read, write = os.pipe()
    os.close(read)
    with open(write, "w", buffering=1, encoding="gbk") as stream:
        monkeypatch.setattr(sys, "stdout", stream)
        assert main(["schema"]) == 1
        stream.flush()  # now the null device


def test_font_file_names_from_fc_list_are_file_system_names(monkeypatch) -> None:
    """fc-list prints bytes; a Chinese (or undecodable) file name must not stop the lookup."""
    from bulletin_docs.pdf import fonts

    listed = b"/usr/share/fonts/\xe5\xae\x8b\xe4\xbd\x93 \xff.ttf\n/usr/share/fonts/a.ttc\n"

    class FcList:  # subprocess.Popen as _fc_list_files uses it
        def __init__(self, cmd: list[str], **kwargs: object) -> None:
            assert "text" not in kwargs and "encoding" not in kwargs

        def __enter__(self) -> FcList:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def communicate(self, timeout: float | None = None) -> tuple[bytes, bytes]:
            return listed, b""

    monkeypatch.setattr(fonts.shutil, "which", lambda name: "/usr/bin/fc-list")
    monkeypatch.setattr(fonts.subprocess, "Popen", FcList)
    monkeypatch.setattr(fonts, "_listing", [])
    monkeypatch.setattr(fonts, "_listed", [False])
    first, second = fonts._fc_list_files()
    assert os.fsencode(first) == listed.split(b"\n")[0] and second.name == "a.ttc"

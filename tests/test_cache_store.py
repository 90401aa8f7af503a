"""The persistent cache's folder and entries: where, checked reads, atomic writes, bound."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bulletin_docs.cache import location, store
from bulletin_docs.cache.store import MAGIC, Store
from bulletin_docs.cli import main
from conftest import ROOT


def test_platform_folders() -> None:
    home = Path("/home/clerk")
    win = location.platform_cache_dir("win32", {"LOCALAPPDATA": r"C:\Users\c\AppData\Local"}, home)
    assert win == Path(r"C:\Users\c\AppData\Local") / "bulletin-docs" / "Cache"
    assert location.platform_cache_dir("win32", {}, home) == (
        home / "AppData" / "Local" / "bulletin-docs" / "Cache"
    )
    assert location.platform_cache_dir("darwin", {}, home) == (
        home / "Library" / "Caches" / "bulletin-docs"
    )
    assert location.platform_cache_dir("linux", {}, home) == home / ".cache" / "bulletin-docs"
    xdg = {"XDG_CACHE_HOME": "/var/cache/clerk"}
    assert location.platform_cache_dir("linux", xdg, home) == Path("/var/cache/clerk/bulletin-docs")
    # a relative XDG_CACHE_HOME is invalid by the specification: ignored
    relative = {"XDG_CACHE_HOME": "cache"}
    assert location.platform_cache_dir("linux", relative, home) == home / ".cache" / "bulletin-docs"


def test_environment_chooses_the_folder_and_turns_the_cache_off(tmp_path: Path) -> None:
    assert location.cache_dir({"BULLETIN_DOCS_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert location.cache_enabled({})
    assert location.cache_enabled({"BULLETIN_DOCS_NO_CACHE": "0"})
    assert not location.cache_enabled({"BULLETIN_DOCS_NO_CACHE": "1"})
    assert not location.cache_enabled({"BULLETIN_DOCS_NO_CACHE": "yes"})


def test_the_suite_never_uses_the_users_cache() -> None:
    assert location.cache_dir() != location.platform_cache_dir()
    active = store.active_store()
    assert active is not None and active.root == Path(os.environ["BULLETIN_DOCS_CACHE_DIR"])


def test_off_by_environment_or_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_DOCS_NO_CACHE", "1")
    assert store.active_store() is None
    assert store.get("photo", ("x",)) is None
    monkeypatch.delenv("BULLETIN_DOCS_NO_CACHE")
    store.configure(False)
    assert store.active_store() is None
    store.configure(None)
    assert store.active_store() is not None


def test_round_trip_and_the_entry_format(tmp_path: Path) -> None:
    s = Store(tmp_path)
    assert s.get("photo", ("a", 1)) is None
    s.put("photo", ("a", 1), b"payload")
    assert s.get("photo", ("a", 1)) == b"payload"
    assert s.get("photo", ("a", 2)) is None  # another key
    assert s.get("font", ("a", 1)) is None  # another kind
    (entry,) = s.entries()
    data = entry.path.read_bytes()
    assert entry.kind == "photo" and entry.path.parent == tmp_path / "photo"
    assert data.startswith(MAGIC) and data.endswith(b"payload")
    assert data[len(MAGIC) + 32 : len(MAGIC) + 64] == hashlib.sha256(b"payload").digest()
    assert entry.path.stat().st_mode & 0o777 == 0o600  # the user's own


def _entry(s: Store) -> Path:
    (entry,) = s.entries()
    return entry.path


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty", "foreign", "other-key"])
def test_a_damaged_entry_is_a_miss_and_is_rewritten(tmp_path: Path, damage: str) -> None:
    s = Store(tmp_path)
    s.put("template", ("k",), b"0123456789" * 100)
    path = _entry(s)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[:-10])
    elif damage == "flipped":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "foreign":
        path.write_bytes(b"PK\x03\x04 something else entirely")
    else:  # a whole, valid entry of another key under this key's name
        other = Store(tmp_path / "other")
        other.put("template", ("other key",), b"0123456789" * 100)
        path.write_bytes(_entry(other).read_bytes())
    assert s.get("template", ("k",)) is None
    s.put("template", ("k",), b"0123456789" * 100)
    assert s.get("template", ("k",)) == b"0123456789" * 100


def test_size_is_bounded_least_recently_used_dropped(tmp_path: Path) -> None:
    s = Store(tmp_path, max_bytes=5000)
    for i in range(12):
        s.put("photo", (i,), bytes(1000))
        os.utime(s._path("photo", store.key_digest("photo", (i,))), (1000 + i, 1000 + i))
        total = sum(e.size for e in s.entries())
        assert total <= 5000
    kept = {i for i in range(12) if s.get("photo", (i,)) is not None}
    assert kept == {8, 9, 10, 11}  # 4 entries of 1072 bytes fit, the newest
    # reading an entry makes it recent: the next write drops another one
    for i in (8, 9, 10, 11):
        os.utime(s._path("photo", store.key_digest("photo", (i,))), (2000 + i, 2000 + i))
    assert s.get("photo", (8,)) is not None
    s.put("photo", (99,), bytes(1000))
    assert s.get("photo", (8,)) is not None and s.get("photo", (9,)) is None


def test_stale_temporary_files_go_fresh_ones_stay(tmp_path: Path) -> None:
    s = Store(tmp_path)
    (tmp_path / "photo").mkdir()
    stale = tmp_path / "photo" / ".x.bdc.1.tmp"
    fresh = tmp_path / "photo" / ".y.bdc.2.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    os.utime(stale, (1, 1))
    s.put("photo", ("k",), b"data")
    assert not stale.exists() and fresh.exists()


def test_unwritable_folder_is_only_slower(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    s = Store(blocker / "cache")  # cannot be created: a file is in the way
    with caplog.at_level(logging.DEBUG, logger="bulletin_docs.cache"):
        s.put("photo", ("k",), b"data")
        assert s.get("photo", ("k",)) is None
        assert s.entries() == []
        assert s.clear() == 0
    assert any("缓存写入失败" in r.getMessage() for r in caplog.records)
    assert all(r.levelno == logging.DEBUG for r in caplog.records)


def test_clear_removes_entries_only(tmp_path: Path) -> None:
    s = Store(tmp_path)
    s.put("photo", ("a",), b"1")
    s.put("font", ("b",), b"2")
    mine = tmp_path / "notes.txt"
    mine.write_text("the user's own file")
    (tmp_path / "photo" / "keep.jpg").write_bytes(b"not ours")
    assert s.clear() == 2
    assert s.entries() == []
    assert mine.exists() and (tmp_path / "photo" / "keep.jpg").exists()


def test_cache_command_shows_and_clears(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BULLETIN_DOCS_CACHE_DIR", str(tmp_path))
    s = Store(tmp_path)
    s.put("photo", ("a",), bytes(3000))
    s.put("template", ("b",), bytes(100))
    assert main(["cache"]) == 0
    out = capsys.readouterr().out
    assert f"缓存文件夹：{tmp_path}" in out
    assert "共 2 项" in out and "处理好的照片：1 项" in out and "编译好的模板：1 项" in out
    assert main(["cache", "--clear"]) == 0
    assert "删除 2 项" in capsys.readouterr().out
    assert s.entries() == []
    assert main(["cache"]) == 0
    assert "共 0 项" in capsys.readouterr().out
    monkeypatch.setenv("BULLETIN_DOCS_NO_CACHE", "1")
    assert main(["cache"]) == 0
    assert "缓存已关闭" in capsys.readouterr().out


def test_imports_stay_lazy() -> None:
    """``import bulletin_docs`` does not load the cache; ``cache`` loads no renderer."""
    code = (
        "import sys, bulletin_docs\n"
        "assert 'bulletin_docs.cache' not in sys.modules\n"
        "from bulletin_docs.cli import main\n"
        "assert main(['cache']) == 0\n"
        "heavy = [m for m in ('reportlab', 'docx', 'docxtpl', 'jinja2', 'PIL', 'fontTools', 'yaml')"
        " if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "缓存文件夹" in done.stdout

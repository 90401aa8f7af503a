"""Builds with the persistent cache: the same bytes cold, warm and without it; damage survived."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bulletin_docs.cache.store import MAGIC, Store
from conftest import EXAMPLE, ROOT, needs_cjk_font

#: Kinds a build of the example fills (with TrueType CJK faces installed).
KINDS = {
    "font", "font-glyphs", "font-subset", "photo", "photo-checked", "template",
    "template-normalised", "template-patched", "template-variables",
}


def _build(out: Path, cache: Path, *extra: str, env: dict[str, str] | None = None) -> Path:
    """``bulletin-docs build EXAMPLE`` in a fresh process (every per-process cache cold)."""
    out.mkdir(parents=True, exist_ok=True)
    full_env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), BULLETIN_DOCS_CACHE_DIR=str(cache))
    full_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "bulletin_docs", "build", str(EXAMPLE),
         "-o", str(out / "issue.docx"), "--pdf", str(out / "issue.pdf"), *extra],
        env=full_env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "缓存" not in done.stderr  # the cache never speaks above debug level
    return out


def _read_back(out: Path) -> tuple[bytes, bytes]:
    """The build's .docx and PDF bytes, after checking both are what they should be."""
    import pdfplumber

    docx, pdf = (out / "issue.docx").read_bytes(), (out / "issue.pdf").read_bytes()
    with zipfile.ZipFile(out / "issue.docx") as z:
        assert "挂职简报" in z.read("word/document.xml").decode("utf-8")
        assert any(n.startswith("word/media/") for n in z.namelist())
    with pdfplumber.open(out / "issue.pdf") as doc:
        assert len(doc.pages) > 1
        assert "挂职简报" in (doc.pages[0].extract_text() or "")
        assert doc.pages[-1].images or any(p.images for p in doc.pages)
    return docx, pdf


def _entries(cache: Path) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for e in Store(cache).entries():
        out.setdefault(e.kind, []).append(e.path)
    return out


def _valid(path: Path) -> bool:
    data = path.read_bytes()
    head = len(MAGIC)
    checksum = hashlib.sha256(data[head + 64 :]).digest()
    return data.startswith(MAGIC) and data[head + 32 : head + 64] == checksum


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """The example built with the cache off (BULLETIN_DOCS_NO_CACHE): nothing written."""
    base = tmp_path_factory.mktemp("nocache")
    cache = base / "cache"
    out = _build(base / "out", cache, env={"BULLETIN_DOCS_NO_CACHE": "1"})
    assert not cache.exists()
    return _read_back(out)


@needs_cjk_font
def test_cold_warm_and_no_cache_give_the_same_bytes(
    tmp_path: Path, reference: tuple[bytes, bytes]
) -> None:
    cache = tmp_path / "cache"
    cold = _read_back(_build(tmp_path / "cold", cache))
    assert _entries(cache).keys() >= KINDS
    from bulletin_docs.commands.cache import _KINDS

    assert _entries(cache).keys() <= _KINDS.keys()  # `bulletin-docs cache` names every kind
    written = {p: p.stat().st_mtime_ns for ps in _entries(cache).values() for p in ps}
    warm = _read_back(_build(tmp_path / "warm", cache))
    assert set(written) == {p for ps in _entries(cache).values() for p in ps}  # all hits
    off = _build(tmp_path / "off", tmp_path / "unused", "--no-cache")
    assert not (tmp_path / "unused").exists()
    assert cold == warm == _read_back(off) == reference


def _damage(kind: str, path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        i = max(len(MAGIC) + 64, len(data) - 100)  # in the payload
        path.write_bytes(data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :])
    else:  # "foreign": whole and checksummed, but not what this kind holds
        payload = FOREIGN[kind]
        header = data[: len(MAGIC) + 32] + hashlib.sha256(payload).digest()
        path.write_bytes(header + payload)


#: Whole, checksummed entries that are not what their kind holds.
FOREIGN = {
    "font": pickle.dumps(os.system),  # a class the font entries may not name
    "font-glyphs": pickle.dumps(({}, {}, {})),  # whole, but no glyph table in it
    "photo": b"\x00" * 64,
    "template": b"not marshalled code",
    "cff-metrics": b"not a font",
    "cff-subset": b"not a font",
    "font-subset": b"\x04\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00 not a font",
    "template-variables": b"not marshalled code: not names either",
    "template-patched": b"not the patched XML of this part",
    "template-normalised": b"PK\x03\x04 not a .docx package",
    "photo-checked": b"not ok",
}


@needs_cjk_font
def test_damaged_entries_of_every_kind_are_survived_and_rewritten(
    tmp_path: Path, reference: tuple[bytes, bytes]
) -> None:
    """Every entry damaged (truncated, a byte flipped, or whole but foreign, in turn)."""
    cache = tmp_path / "cache"
    _build(tmp_path / "fill", cache)
    entries = _entries(cache)
    assert entries.keys() >= KINDS
    ways = ("truncated", "flipped", "foreign")
    turn = 0
    for kind, paths in sorted(entries.items()):
        for path in paths:
            how = ways[turn % len(ways)]
            turn += 1
            _damage(kind, path, how)
            assert how == "foreign" or not _valid(path)
    assert _read_back(_build(tmp_path / "again", cache)) == reference
    foreign = set(FOREIGN.values())
    for paths in _entries(cache).values():
        for path in paths:
            data = path.read_bytes()
            assert _valid(path)
            assert data[len(MAGIC) + 64 :] not in foreign  # rewritten


@needs_cjk_font
def test_two_builds_at_once_share_one_cache_folder(
    tmp_path: Path, reference: tuple[bytes, bytes]
) -> None:
    cache = tmp_path / "cache"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), BULLETIN_DOCS_CACHE_DIR=str(cache))
    procs = []
    for name in ("a", "b"):
        out = tmp_path / name
        out.mkdir()
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "bulletin_docs", "build", str(EXAMPLE),
             "-o", str(out / "issue.docx"), "--pdf", str(out / "issue.pdf")],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ))
    for p in procs:
        _stdout, stderr = p.communicate(timeout=300)
        assert p.returncode == 0, stderr
    assert _read_back(tmp_path / "a") == _read_back(tmp_path / "b") == reference
    entries = _entries(cache)
    assert entries.keys() >= KINDS
    assert all(_valid(p) for ps in entries.values() for p in ps)
    assert not [p for p in cache.rglob("*.tmp")]  # no temporary file left behind
    assert _read_back(_build(tmp_path / "after", cache)) == reference


def test_a_read_only_cache_folder_only_makes_the_build_slower(
    tmp_path: Path, reference: tuple[bytes, bytes]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    out = _build(tmp_path / "out", blocker / "cache")
    assert _read_back(out) == reference

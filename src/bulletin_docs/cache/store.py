"""Cache keys and payload bytes into entry files, and back: atomic, checked, the folder bounded.

An entry is one file ``<folder>/<kind>/<sha256 of the key>.bdc``: a magic line, the key's
SHA-256, the payload's SHA-256, the payload. Reading checks all three, so a truncated,
corrupt or foreign file (another key, another format) is a miss and is written again by
the caller. Every key also carries the package version and the Python version. Writes go
to a temporary file in the same folder, then ``os.replace``: a reader sees a whole entry
or none, and two builds at once cannot mix their bytes. Past :data:`MAX_BYTES` the least
recently used entries are dropped. Any OS error (a read-only or missing folder, a full
disk) only makes the build slower: it is logged at debug level on ``bulletin_docs.cache``.

The folder is trusted as ``__pycache__`` is: the checksums catch damage, not someone who
can write the user's own files (font entries are pickles, template entries marshalled code).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .._version import __version__
from .location import cache_dir, cache_enabled

#: Total size the entries may take; past it the least recently used are dropped.
MAX_BYTES = 256 * 1024 * 1024
#: First bytes of every entry file (the entry format's version is in it).
MAGIC = b"BDCACHE1"
SUFFIX = ".bdc"
#: A temporary file older than this is a crashed writer's and is removed when pruning.
_STALE_TMP_SECONDS = 3600.0
_HEADER = len(MAGIC) + 64

log = logging.getLogger("bulletin_docs.cache")

#: The process-wide switch set by ``--no-cache`` (None: the environment decides).
_switch: list[bool | None] = [None]


def configure(enabled: bool | None) -> None:
    """Turn the cache on or off for this process (None: as ``BULLETIN_DOCS_NO_CACHE`` says)."""
    _switch[0] = enabled


@dataclass(frozen=True)
class Entry:
    """One entry file: its kind (the folder it is in), path, size in bytes and last use."""

    kind: str
    path: Path
    size: int
    mtime: float


@functools.cache
def source_fingerprint(module: str) -> str:
    """A digest of the source of ``bulletin_docs.<module>``, the code that makes a kind of entry.

    Part of a key, so an entry made by other code (a development tree between two
    versions) is a miss; "" when the source cannot be read (the version still keys it).
    """
    spec = importlib.util.find_spec(f"bulletin_docs.{module}")
    try:
        data = Path(spec.origin).read_bytes() if spec is not None and spec.origin else b""
    except OSError:
        data = b""
    return hashlib.sha256(data).hexdigest()[:16] if data else ""


def key_digest(kind: str, key: tuple[object, ...]) -> bytes:
    """The SHA-256 of an entry's key: its kind and parts, the package and Python versions."""
    parts = (kind, __version__, sys.version, *key)
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).digest()


class Store:
    """The entries under ``root``, at most ``max_bytes`` of them."""

    def __init__(self, root: Path, max_bytes: int = MAX_BYTES) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def _path(self, kind: str, digest: bytes) -> Path:
        return self.root / kind / (digest.hex() + SUFFIX)

    def get(self, kind: str, key: tuple[object, ...]) -> bytes | None:
        """The payload stored for ``key``, or None (absent, unreadable, damaged or foreign)."""
        digest = key_digest(kind, key)
        path = self._path(kind, digest)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.debug("缓存读取失败（%s）：%s", path, exc)
            return None
        payload = data[_HEADER:]
        if (
            data[: len(MAGIC)] != MAGIC
            or data[len(MAGIC) : len(MAGIC) + 32] != digest
            or data[len(MAGIC) + 32 : _HEADER] != hashlib.sha256(payload).digest()
        ):
            log.debug("缓存条目已损坏或不属于本版本，忽略：%s", path)
            return None
        with contextlib.suppress(OSError):  # recently used: dropped last when over the bound
            os.utime(path)
        return payload

    def put(self, kind: str, key: tuple[object, ...], payload: bytes) -> None:
        """Store ``payload`` for ``key`` atomically, then keep the folder within its bound."""
        digest = key_digest(kind, key)
        path = self._path(kind, digest)
        tmp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + digest + hashlib.sha256(payload).digest())
                fh.write(payload)
            os.replace(tmp, path)
            tmp = None
        except OSError as exc:
            log.debug("缓存写入失败（%s）：%s", path, exc)
            return
        finally:
            if tmp is not None:
                _remove(Path(tmp))
        self.prune()

    def entries(self) -> list[Entry]:
        """Every entry file, oldest use first."""
        found = [e for e in self._scan() if e.path.name.endswith(SUFFIX)]
        return sorted(found, key=lambda e: (e.mtime, str(e.path)))

    def _scan(self) -> Iterator[Entry]:
        """Every file in the kind folders (entries and temporary files)."""
        try:
            kinds = [d for d in os.scandir(self.root) if d.is_dir(follow_symlinks=False)]
        except OSError:
            return
        for kind in kinds:
            try:
                files = list(os.scandir(kind.path))
            except OSError:
                continue
            for f in files:
                if not f.name.endswith((SUFFIX, ".tmp")):
                    continue
                try:
                    st = f.stat(follow_symlinks=False)
                except OSError:
                    continue
                yield Entry(kind.name, Path(f.path), st.st_size, st.st_mtime)

    def prune(self) -> None:
        """Drop the least recently used entries past ``max_bytes``, and stale temporary files."""
        now = time.time()
        entries = []
        for e in self._scan():
            if e.path.name.endswith(".tmp"):
                if now - e.mtime > _STALE_TMP_SECONDS:
                    _remove(e.path)
            else:
                entries.append(e)
        total = sum(e.size for e in entries)
        for e in sorted(entries, key=lambda e: (e.mtime, str(e.path))):
            if total <= self.max_bytes:
                break
            if _remove(e.path):
                total -= e.size

    def clear(self) -> int:
        """Remove every entry (and temporary file); the number of entries removed."""
        removed = 0
        for e in list(self._scan()):
            if _remove(e.path) and e.path.name.endswith(SUFFIX):
                removed += 1
        return removed


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        log.debug("无法删除缓存文件（%s）：%s", path, exc)
        return False
    return True


def active_store() -> Store | None:
    """The process's cache, or None when ``--no-cache`` or the environment turned it off."""
    enabled = _switch[0]
    if enabled is None:
        enabled = cache_enabled()
    return Store(cache_dir()) if enabled else None


def get(kind: str, key: tuple[object, ...]) -> bytes | None:
    """The payload for ``key`` from the active cache (None: a miss, or the cache is off)."""
    store = active_store()
    return store.get(kind, key) if store is not None else None


def put(kind: str, key: tuple[object, ...], payload: bytes) -> None:
    """Keep ``payload`` for ``key`` in the active cache (nothing when it is off)."""
    store = active_store()
    if store is not None:
        store.put(kind, key, payload)

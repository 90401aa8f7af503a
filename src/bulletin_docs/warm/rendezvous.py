"""The cache folder's ``server.txt`` into where the background process listens, and back.

The file holds ``name value`` lines: the process id, the loopback port, the key (hex),
the installation's fingerprint, the start time and the idle limit (plain lines, not JSON:
the client reads it before importing anything it can avoid). It is written atomically,
readable by the user only (``mkstemp`` creates it 0600; on Windows the folder is the
user's own), and read only when it belongs to the user. ``server.starting`` marks a
process being started, so that two builds at once start one process, not two.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable
    from typing import TypeAlias

    Folder: TypeAlias = "str | os.PathLike[str]"

#: The rendezvous file, in the cache folder.
INFO_NAME = "server.txt"
#: Present while a process is being started (holds the starter's pid).
STARTING_NAME = "server.starting"
#: A start mark older than this is a crashed start and is taken over.
STARTING_STALE_SECONDS = 30.0


class ServerInfo:
    """Where one background process listens and who it is (a plain class: dataclasses
    would import ``inspect`` on the command line's fast path)."""

    __slots__ = ("fingerprint", "idle", "key", "pid", "port", "started")

    def __init__(
        self, pid: int, port: int, key: bytes, fingerprint: str, started: float, idle: float
    ) -> None:
        self.pid = pid
        self.port = port
        self.key = key
        self.fingerprint = fingerprint
        self.started = started
        self.idle = idle

    def to_text(self) -> str:
        return (
            f"pid {self.pid}\nport {self.port}\nkey {self.key.hex()}\n"
            f"fingerprint {self.fingerprint}\nstarted {self.started!r}\nidle {self.idle!r}\n"
        )


#: Tries, 50 ms apart, of a replace or removal that Windows refuses while a reader has the
#: file open (Python opens files without FILE_SHARE_DELETE).
_TRIES = 20


def _patiently(action: Callable[..., None], *paths: str) -> None:
    for attempt in range(_TRIES):
        try:
            action(*paths)
            return
        except PermissionError:
            if attempt == _TRIES - 1:
                raise
            time.sleep(0.05)


def info_path(folder: Folder) -> str:
    return os.path.join(os.fspath(folder), INFO_NAME)


def _own_file(fd: int) -> bool:
    """On POSIX, the file belongs to this user and no one else may read it."""
    if sys.platform.startswith("win") or not hasattr(os, "getuid"):
        return True
    st = os.fstat(fd)
    return st.st_uid == os.getuid() and not st.st_mode & 0o077


def read_info(folder: Folder) -> ServerInfo | None:
    """The rendezvous file's contents, or None (absent, damaged, someone else's)."""
    try:
        with open(info_path(folder), "rb") as f:
            if not _own_file(f.fileno()):
                return None
            text = f.read(4096).decode("ascii")
        data = dict(line.split(" ", 1) for line in text.splitlines() if " " in line)
        return ServerInfo(
            pid=int(data["pid"]), port=int(data["port"]), key=bytes.fromhex(data["key"]),
            fingerprint=data["fingerprint"], started=float(data["started"]),
            idle=float(data["idle"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_info(folder: Folder, info: ServerInfo) -> None:
    """Publish ``info`` atomically (a reader sees the old file, the new one, or none)."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=os.fspath(folder), prefix=".server-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(info.to_text())
        _patiently(os.replace, tmp, info_path(folder))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove_info(folder: Folder, pid: int | None = None) -> bool:
    """Remove the rendezvous file (only if it is ``pid``'s, when given); True if removed."""
    if pid is not None:
        info = read_info(folder)
        if info is None or info.pid != pid:
            return False
    try:
        _patiently(os.unlink, info_path(folder))
    except OSError:
        return False
    return True


def claim_start(folder: Folder, now: float | None = None) -> bool:
    """Mark that this process starts the background process; False if another one is.

    A mark older than :data:`STARTING_STALE_SECONDS` (no longer :func:`starting`) is a
    start that crashed: it is replaced.
    """
    path = os.path.join(os.fspath(folder), STARTING_NAME)
    for _attempt in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            if starting(folder, now):
                return False
            with contextlib.suppress(OSError):
                os.unlink(path)
            continue
        except OSError:
            return False
        with os.fdopen(fd, "w") as f:
            f.write(str(os.getpid()))
        return True
    return False


def release_start(folder: Folder) -> None:
    with contextlib.suppress(OSError):
        os.unlink(os.path.join(os.fspath(folder), STARTING_NAME))


def starting(folder: Folder, now: float | None = None) -> bool:
    """A process is being started (a fresh start mark exists)."""
    try:
        path = os.path.join(os.fspath(folder), STARTING_NAME)
        age = (time.time() if now is None else now) - os.stat(path).st_mtime
    except OSError:
        return False
    return age < STARTING_STALE_SECONDS

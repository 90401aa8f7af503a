"""A ``bulletin-docs build`` command line into a build by the warm background process, if any.

:func:`delegate` hands the arguments, the working folder and the environment to a running
process of this same installation and prints what it printed; None means "build here"
(no process, another installation or environment, busy, gone). :func:`start` starts one
in the background after a build made here, for the next build. Only the standard
library is imported before the answer comes back: that is the point of the exercise.
"""

from __future__ import annotations

import os
import socket
import sys

from . import policy, rendezvous, wire
from .fingerprint import fingerprint

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping, Sequence

    from .rendezvous import Folder

#: Seconds to wait for the connection (a process that is gone: Windows takes about two
#: seconds to refuse a loopback connection; here the build starts sooner).
CONNECT_TIMEOUT = 0.5
#: Seconds to wait for the process to greet (it may be busy with another build).
GREETING_TIMEOUT = 2.0
#: Reasons :func:`delegate` gives for building here, after which a new process may be started.
RESTARTABLE = ("absent", "mismatch", "unreachable", "stale")


class Outcome:
    """What :func:`delegate` did: the exit status (None: build here) and why not."""

    __slots__ = ("reason", "status")

    def __init__(self, status: int | None, reason: str = "") -> None:
        self.status = status
        self.reason = reason

    def __repr__(self) -> str:
        return f"Outcome(status={self.status!r}, reason={self.reason!r})"


def _folder(environ: Mapping[str, str]) -> str:
    from ..cache.location import cache_folder

    return cache_folder(environ)


def delegate(
    argv: Sequence[str],
    environ: Mapping[str, str] | None = None,
    cwd: str | None = None,
) -> Outcome:
    """Run ``bulletin-docs <argv>`` in the background process and print its output.

    Returns the exit status, or ``Outcome(None, reason)`` when the build must run here:
    ``off`` (not allowed), ``absent`` (no process), ``mismatch`` (another installation or
    environment), ``unreachable`` (its port is closed), ``busy`` (it did not answer in
    time), ``stale`` (it saw fonts change), ``broken`` (it failed: the build here shows
    how, as it would have without it).
    """
    environ = os.environ if environ is None else environ
    if not policy.server_allowed(environ):
        return Outcome(None, "off")
    folder = _folder(environ)
    info = rendezvous.read_info(folder)
    if info is None:
        return Outcome(None, "absent")
    mine = fingerprint(environ)
    if info.fingerprint != mine:
        return Outcome(None, "mismatch")
    try:
        conn = socket.create_connection(("127.0.0.1", info.port), timeout=CONNECT_TIMEOUT)
    except OSError:
        return Outcome(None, "unreachable")
    with conn:
        try:
            conn.settimeout(GREETING_TIMEOUT)
            wire.client_handshake(conn, info.key)
            wire.send_frame(conn, {
                "argv": list(argv),
                "cwd": os.getcwd() if cwd is None else cwd,
                "env": dict(environ),
                "fingerprint": mine,
            })
            conn.settimeout(None)  # the build itself takes as long as it takes
            reply = wire.recv_frame(conn)
        except TimeoutError:
            return Outcome(None, "busy")
        except (OSError, wire.WireError):
            return Outcome(None, "broken")
    if reply.get("stale"):
        return Outcome(None, "stale")
    status = reply.get("status")
    output = reply.get("output")
    if not isinstance(status, int) or not isinstance(output, list):
        return Outcome(None, "broken")
    _replay(output)
    return Outcome(status, "served")


def _replay(output: list[object]) -> None:
    """Print the process's output as it printed it: stdout and stderr in their order."""
    for item in output:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)):
            continue
        stream = sys.stderr if item[0] == "err" else sys.stdout
        stream.write(item[1])
    sys.stdout.flush()
    sys.stderr.flush()


def spawn_options(platform: str = sys.platform) -> tuple[int, bool]:
    """``subprocess.Popen``'s ``creationflags`` and ``start_new_session`` that detach the
    process from the clerk's console.

    The process group of :func:`..libreoffice.process.group_options` (Ctrl+C in the
    console does not reach it: a new session on POSIX, a new process group on Windows),
    and on Windows also no console window and detached (closing the console does not end it).
    """
    from ..libreoffice.process import CREATE_NO_WINDOW, DETACHED_PROCESS, group_options

    windows = platform.startswith(("win32", "cygwin"))
    options = group_options(windows)
    flags = int(options.get("creationflags", 0))
    if windows:
        flags |= CREATE_NO_WINDOW | DETACHED_PROCESS
    return flags, bool(options.get("start_new_session", False))


def server_command(folder: Folder, idle: float, warm: Sequence[str]) -> list[str]:
    """The command that starts the background process (``-P``: no folder of the user's on
    ``sys.path`` ahead of the installation, where Python has it)."""
    safe = ["-P"] if sys.version_info >= (3, 11) else []
    return [
        sys.executable, *safe, "-m", "bulletin_docs.warm.server",
        "--dir", os.fspath(folder), "--idle", repr(idle), *(a for p in warm for a in ("--warm", p)),
    ]


def start(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> bool:
    """Start the background process for the next build; True if one was started.

    Nothing happens when it is not allowed, when one is starting already, or when the cache
    folder cannot be written. The issue files of ``argv`` are given to it to warm up on (it
    lays them out once, writing nothing).
    """
    import subprocess

    environ = os.environ if environ is None else environ
    if not policy.server_allowed(environ):
        return False
    folder = _folder(environ)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    if not rendezvous.claim_start(folder):
        return False
    warm = [os.path.abspath(a) for a in argv[1:]
            if a.lower().endswith((".yaml", ".yml")) and os.path.isfile(a)][:1]
    env = dict(environ)
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = policy.absolute_search_path(env["PYTHONPATH"])
    creationflags, new_session = spawn_options()
    try:
        subprocess.Popen(
            server_command(folder, policy.idle_seconds(environ), warm),
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            creationflags=creationflags,
            start_new_session=new_session,
        )
    except OSError:
        rendezvous.release_start(folder)
        return False
    return True


def stop(folder: Folder, timeout: float = 5.0) -> bool:
    """Ask the background process of ``folder`` to exit (its rendezvous file goes); True if
    one was running. It notices within a second and exits after a build in progress."""
    import time

    info = rendezvous.read_info(folder)
    if info is None:
        return False
    rendezvous.remove_info(folder, info.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(info.port):
        time.sleep(0.05)
    return True


def _alive(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return False
    return True

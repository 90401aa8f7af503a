"""A command into its exit code and output, run in a process group killed whole on a timeout.

soffice starts soffice.bin and exits or waits for it: killing soffice alone on a timeout
would leave soffice.bin converting (and holding the throwaway profile). On POSIX the
command gets a session of its own and the whole process group is killed (``os.killpg``);
Windows has no process groups of that kind and no ``os.killpg``: the command starts with
CREATE_NEW_PROCESS_GROUP and ``taskkill /T /F`` ends its tree (``proc.kill()`` if that fails).
A process the kill missed may still hold the output pipes: they are read for a bounded time
only, so that a timeout always returns.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Mapping
from typing import Any

#: subprocess.CREATE_NEW_PROCESS_GROUP, which the subprocess module defines on Windows only;
#: spelled out so that the Windows branch can be exercised (and type-checked) elsewhere too.
CREATE_NEW_PROCESS_GROUP = 0x00000200
#: subprocess.CREATE_NO_WINDOW (Windows only): taskkill opens no console window.
CREATE_NO_WINDOW = 0x08000000
#: subprocess.DETACHED_PROCESS (Windows only): the process outlives the console it came from.
DETACHED_PROCESS = 0x00000008
#: Seconds taskkill may take to end the tree before the process alone is killed.
TASKKILL_TIMEOUT = 30.0
#: Seconds to collect the killed command's output and exit status before giving up on them.
REAP_TIMEOUT = 10.0


def is_windows() -> bool:
    return os.name == "nt"


def group_options(windows: bool) -> dict[str, Any]:
    """Popen keyword arguments that start the command in a process group of its own."""
    if windows:
        return {"creationflags": CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def kill_tree(proc: subprocess.Popen[bytes], windows: bool) -> None:
    """End ``proc`` and every process it started (its group on POSIX, its tree on Windows)."""
    if windows:
        try:
            done = subprocess.run(
                ["taskkill", "/T", "/F", "/PID", str(proc.pid)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TASKKILL_TIMEOUT,
                check=False,
                creationflags=CREATE_NO_WINDOW,
            )
            ended = done.returncode == 0
        except (OSError, ValueError, subprocess.TimeoutExpired):  # ValueError: not on Windows
            ended = False
        if not ended:
            with contextlib.suppress(OSError):
                proc.kill()
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def reap(proc: subprocess.Popen[bytes]) -> None:
    """Collect a killed command; stop reading pipes that a process the kill missed holds open."""
    try:
        proc.communicate(timeout=REAP_TIMEOUT)
    except subprocess.TimeoutExpired:
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=REAP_TIMEOUT)


class Timeout(Exception):
    """The command ran longer than its timeout; its process tree has been killed."""


def run_in_group(
    cmd: list[str],
    env: Mapping[str, str],
    timeout: float,
    *,
    windows: bool | None = None,
) -> tuple[int, bytes, bytes]:
    """Run ``cmd`` in its own process group: (exit code, stdout, stderr).

    On a timeout the whole group is killed and :class:`Timeout` raised; ``OSError`` when
    the command cannot start. ``windows`` defaults to the platform this runs on.
    """
    win = is_windows() if windows is None else windows
    proc = subprocess.Popen(
        cmd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **group_options(win),
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        kill_tree(proc, win)
        reap(proc)
        raise Timeout(timeout) from exc
    return proc.returncode, out, err

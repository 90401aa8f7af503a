"""A preview server running in the test's process, and the waiting its tests need."""

from __future__ import annotations

import contextlib
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from bulletin_docs.preview.server import PreviewServer
from bulletin_docs.preview.session import Session, Snapshot

T = TypeVar("T")
EXAMPLE_DIR = Path(__file__).resolve().parent.parent / "examples" / "guazhi-2020-01"


def copy_example(folder: Path) -> Path:
    """The example issue and its photos copied to ``folder``; its issue.yaml."""
    shutil.copytree(EXAMPLE_DIR, folder)
    return folder / "issue.yaml"


@contextlib.contextmanager
def running(path: Path) -> Iterator[PreviewServer]:
    """A preview of ``path`` serving on a free port of 127.0.0.1, stopped afterwards."""
    server = PreviewServer(Session(path))
    server.start_watching()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.close()
        thread.join(5)


def wait_for(probe: Callable[[], T | None], timeout: float = 10.0, what: str = "") -> T:
    """``probe()``'s first truthy value, polled until ``timeout`` seconds (AssertionError)."""
    end = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what or probe}")
        time.sleep(0.02)


def snapshot_where(
    server: PreviewServer, test: Callable[[Snapshot], bool], timeout: float = 10.0
) -> Snapshot:
    """The session's snapshot once ``test`` holds for it."""

    def probe() -> Snapshot | None:
        snap = server.session.snapshot
        return snap if snap.version and test(snap) else None

    return wait_for(probe, timeout, "a snapshot")


def replace_file(path: Path, text: str) -> None:
    """Save as many editors do: write a new file beside it, then rename it over the old one."""
    tmp = path.with_name(path.name + ".tmp~")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)

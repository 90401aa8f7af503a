"""The issue file and its photos, polled, into refreshes of the session when one is saved."""

from __future__ import annotations

import os
import threading
import time
import zlib
from collections.abc import Iterable
from pathlib import Path

from .session import Session

#: How often the files are looked at.
INTERVAL = 0.02
#: How long a changed file must stay still before it is read (a save in progress goes on).
SETTLE = 0.01
#: A file that disappears is reported missing only after this long: editors save by deleting
#: (or renaming away) the old file and writing the new one.
MISSING_GRACE = 0.5

Signature = tuple[int, int, int, int] | None


def signature(path: Path, content: bool = False) -> Signature:
    """What changes when a file is saved: modification time, size, inode and, with
    ``content``, a CRC of the bytes (two saves of one size within the file system's clock
    tick differ only there). None: the file is missing or unreadable."""
    try:
        st = os.stat(path)
        crc = zlib.crc32(path.read_bytes()) if content else 0
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino, crc)


def signatures(paths: Iterable[Path], issue: Path) -> dict[Path, Signature]:
    """Each file's signature; the issue file's (small, read anyway) with its content."""
    return {p: signature(p, content=p == issue) for p in paths}


class Watcher(threading.Thread):
    """Refreshes ``session`` whenever one of its files changes and then stays still.

    The first refresh happens on start. A file being written (a half-saved file) is read once
    its signature has stopped changing; a file deleted and re-created is read when it is back,
    or reported missing after ``MISSING_GRACE`` seconds.
    """

    def __init__(self, session: Session, interval: float = INTERVAL) -> None:
        super().__init__(name=f"preview-watch {session.path.name}", daemon=True)
        self.session = session
        self.interval = interval
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()

    def run(self) -> None:
        seen = self._refresh(signatures(self.session.watched(), self.session.path))
        while not self._stop_event.wait(self.interval):
            now = signatures(seen, self.session.path)
            if now == seen:
                continue
            still = self._settled(now)
            if still is None:  # stopped while waiting
                return
            seen = self._refresh(still)

    def _settled(self, now: dict[Path, Signature]) -> dict[Path, Signature] | None:
        """The signatures once two looks in a row agree (and the issue file is back, or gone
        for longer than the grace period)."""
        gone_since = None
        while True:
            if self._stop_event.wait(SETTLE):
                return None
            again = signatures(now, self.session.path)
            if again != now:
                now = again
                continue
            if again[self.session.path] is not None:
                return again
            gone_since = gone_since or time.monotonic()
            if time.monotonic() - gone_since >= MISSING_GRACE:
                return again

    def _refresh(self, before: dict[Path, Signature]) -> dict[Path, Signature]:
        """Refresh the session; what the files were before it read them (a save during the
        refresh is seen at the next look). New photos are taken as they are now."""
        self.session.refresh()
        paths = self.session.watched()
        issue = self.session.path
        return {p: before[p] if p in before else signature(p, p == issue) for p in paths}

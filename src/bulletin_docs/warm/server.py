"""``python -m bulletin_docs.warm.server``: builds handed over a loopback socket, run warm.

Started by :func:`.client.start` after a build made in the clerk's own process. It imports
the renderers, lays out the issue it was started for once (writing nothing), listens on
127.0.0.1 and publishes its port and key (:mod:`.rendezvous`). Each request runs
``cli.main`` with the client's arguments, working folder and environment, one at a time,
its output captured and sent back. It exits when idle for its limit, after
:data:`.policy.MAX_AGE_SECONDS`, or as soon as its rendezvous file is gone or replaced
(``bulletin-docs cache --clear``, or a newer process for a changed installation).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import socket
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import policy, rendezvous, wire
from .fingerprint import fingerprint

#: How often the accept loop looks at the clock and the rendezvous file (seconds).
TICK = 0.5
#: Seconds a connected client has to authenticate and send its request.
REQUEST_TIMEOUT = 10.0


class _Capture(io.TextIOBase):
    """A text stream that records what is written to it, tagged ``out`` or ``err``."""

    def __init__(self, tag: str, into: list[list[str]]) -> None:
        super().__init__()
        self._tag = tag
        self._into = into

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            if self._into and self._into[-1][0] == self._tag:
                self._into[-1][1] += text
            else:
                self._into.append([self._tag, text])
        return len(text)


@contextlib.contextmanager
def _as_client(cwd: str, env: dict[str, str]) -> Iterator[list[list[str]]]:
    """The client's working folder, environment and captured streams, for one request."""
    home = os.getcwd()
    saved_env = dict(os.environ)
    saved_streams = sys.stdout, sys.stderr
    output: list[list[str]] = []
    os.chdir(cwd)
    try:
        os.environ.clear()
        os.environ.update(env)
        sys.stdout, sys.stderr = _Capture("out", output), _Capture("err", output)
        yield output
    finally:
        sys.stdout, sys.stderr = saved_streams
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(home)


def font_signature() -> tuple[tuple[str, int], ...]:
    """The font folders' subfolders and their modification times: a font installed or
    removed changes it, and the process (which keeps its font index) steps aside."""
    from ..pdf.fonts import default_font_dirs

    seen = []
    for d in default_font_dirs():
        for folder, _subdirs, _files in os.walk(d, followlinks=True):
            try:
                seen.append((folder, os.stat(folder).st_mtime_ns))
            except OSError:
                continue
    return tuple(sorted(seen))


class Server:
    """One background process: a listening socket, its key and what it was started for."""

    def __init__(self, folder: Path, idle: float) -> None:
        self.folder = folder
        self.idle = idle
        self.key = wire.new_key()
        self.fingerprint = fingerprint()
        self.fonts = font_signature()
        self.started = time.time()
        self.last_used = time.monotonic()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(TICK)
        self.info = rendezvous.ServerInfo(
            pid=os.getpid(), port=self.sock.getsockname()[1], key=self.key,
            fingerprint=self.fingerprint, started=self.started, idle=idle,
        )

    def publish(self) -> None:
        rendezvous.write_info(self.folder, self.info)

    def still_wanted(self) -> bool:
        """Not idle too long, not too old, and the rendezvous file still names this process."""
        if time.monotonic() - self.last_used > self.idle:
            return False
        if time.time() - self.started > policy.MAX_AGE_SECONDS:
            return False
        current = rendezvous.read_info(self.folder)
        return current is not None and current.pid == self.info.pid and current.key == self.key

    def serve(self) -> None:
        """Answer requests until :meth:`still_wanted` says no."""
        while self.still_wanted():
            try:
                conn, _addr = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            with conn:
                keep_going = self.handle(conn)
            if not keep_going:
                break

    def handle(self, conn: socket.socket) -> bool:
        """One client: authenticate, build, reply. False when this process must step aside."""
        conn.settimeout(REQUEST_TIMEOUT)
        try:
            wire.server_handshake(conn, self.key)
            request = wire.recv_frame(conn)
        except (OSError, wire.WireError):
            return True  # not a client of ours: it does not count as use either
        self.last_used = time.monotonic()
        stale = request.get("fingerprint") != self.fingerprint or font_signature() != self.fonts
        reply: dict[str, object] = {"stale": True} if stale else self.run(request)
        with contextlib.suppress(OSError):
            conn.settimeout(REQUEST_TIMEOUT)
            wire.send_frame(conn, reply)
        self.last_used = time.monotonic()
        return not stale and not reply.get("failed")

    def run(self, request: dict[str, object]) -> dict[str, object]:
        """Run one ``bulletin-docs`` command line as the client would have."""
        from ..cli import main

        argv, cwd, env = request.get("argv"), request.get("cwd"), request.get("env")
        if not (isinstance(argv, list) and isinstance(cwd, str) and isinstance(env, dict)):
            return {"stale": True}
        try:
            with _as_client(cwd, {str(k): str(v) for k, v in env.items()}) as output:
                status = main([str(a) for a in argv])
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        except Exception:  # a bug: the client builds in its own process and shows it there
            return {"failed": True}
        return {"status": status, "output": output}


def warm_up(issues: Sequence[str]) -> None:
    """Import the renderers and lay out ``issues`` once, writing nothing (errors ignored:
    the clerk's next build reports them)."""
    from .. import api
    from ..errors import BulletinError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for issue in issues or ():
            try:
                bulletin = api.load(issue)
                api.to_docx_bytes(bulletin)
                api.to_pdf_bytes(bulletin)
            except (BulletinError, OSError):
                continue
        with contextlib.suppress(ImportError):
            import bulletin_docs.batch
            import bulletin_docs.docx.render
            import bulletin_docs.pdf.render  # noqa: F401


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bulletin_docs.warm.server")
    parser.add_argument("--dir", type=Path, required=True, help="缓存文件夹")
    parser.add_argument("--idle", type=float, default=policy.IDLE_SECONDS, help="闲置秒数")
    parser.add_argument("--warm", action="append", default=[], help="预先排版的简报文件")
    args = parser.parse_args(argv)
    policy.serving[0] = True
    try:
        # Warming up is an optimisation: whatever goes wrong there, serve anyway.
        with contextlib.suppress(Exception):
            warm_up(args.warm)
        server = Server(args.dir, args.idle)
        server.publish()
    except OSError:
        return 1
    finally:
        rendezvous.release_start(args.dir)
    try:
        server.serve()
    finally:
        rendezvous.remove_info(args.dir, server.info.pid)
        server.sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

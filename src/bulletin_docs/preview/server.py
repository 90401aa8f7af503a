"""HTTP requests on 127.0.0.1 into the preview's own page, page images and events; nothing else.

No part of a request names a file: the routes are fixed, images are looked up by the digest
of a current page, and the only write is the build button's (the issue's own outputs).
"""

from __future__ import annotations

import json
import re
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import urlsplit

from .session import Session
from .watch import Watcher

HOST = "127.0.0.1"
#: Seconds between keep-alive comments on the event stream (a closed tab is noticed then).
KEEPALIVE = 10.0
_IMAGE = re.compile(r"/page/([0-9a-f]{40})\.jpg")


def page_html() -> bytes:
    return resources.files(__package__).joinpath("page.html").read_bytes()


class PreviewServer(ThreadingHTTPServer):
    """A preview of one issue file: the HTTP server, its session and the file watcher."""

    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, session: Session, port: int = 0) -> None:
        self.session = session
        self.closing = threading.Event()
        super().__init__((HOST, port), _Handler)
        self.watcher = Watcher(session)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start_watching(self) -> None:
        self.watcher.start()

    def close(self) -> None:
        """Stop watching, end the event streams and release the port."""
        self.closing.set()
        self.watcher.stop()
        self.session.close()
        self.server_close()

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser tab closed mid-answer is no error; anything else is reported as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def hosts(self) -> tuple[str, ...]:
        """The Host headers accepted (a page elsewhere cannot reach us by DNS rebinding)."""
        return (f"{HOST}:{self.port}", f"localhost:{self.port}")


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "bulletin-docs-preview"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for the clerk, not for a line per request."""

    def _allowed(self) -> bool:
        if self.headers.get("Host", "") not in self.server.hosts():
            self._send(HTTPStatus.FORBIDDEN, b"forbidden", "text/plain; charset=utf-8")
            return False
        return True

    def _send(self, status: HTTPStatus, body: bytes, ctype: str, cache: str = "no-store") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, data: object, status: HTTPStatus = HTTPStatus.OK) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8")

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, "没有这个页面。".encode(), "text/plain; charset=utf-8")

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self._allowed():
            return
        route = urlsplit(self.path).path
        session = self.server.session
        if route == "/":
            self._send(HTTPStatus.OK, page_html(), "text/html; charset=utf-8")
        elif route == "/state":
            self._json(session.snapshot.as_json())
        elif route == "/events":
            self._events()
        elif route == "/issue.pdf":
            pdf = session.pdf()
            if pdf:
                self._send(HTTPStatus.OK, pdf, "application/pdf")
            else:
                self._not_found()
        elif (m := _IMAGE.fullmatch(route)) and (jpeg := session.image(m.group(1))) is not None:
            self._send(HTTPStatus.OK, jpeg, "image/jpeg", "max-age=31536000, immutable")
        else:
            self._not_found()

    def do_POST(self) -> None:
        if not self._allowed():
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 65536))
        origin = self.headers.get("Origin")
        ours = origin is None or f"{origin}/" in (f"http://{h}/" for h in self.server.hosts())
        json_body = self.headers.get("Content-Type", "").startswith("application/json")
        if urlsplit(self.path).path != "/build":
            self._not_found()
        elif not (ours and json_body):  # a form on another site cannot press the button
            self._send(HTTPStatus.FORBIDDEN, b"forbidden", "text/plain; charset=utf-8")
        else:
            self._json(self.server.session.build().as_json())

    def _events(self) -> None:
        """Server-sent events: the current snapshot, then each newer one as it comes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        session = self.server.session
        version = -1
        try:
            while not self.server.closing.is_set():
                snap = session.snapshot if version < 0 else session.wait(version, KEEPALIVE)
                if snap is None:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    version = snap.version
                    data = json.dumps(snap.as_json(), ensure_ascii=False)
                    self.wfile.write(f"data: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

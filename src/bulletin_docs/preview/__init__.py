"""Live preview: an issue file, watched, into page images served to a browser on 127.0.0.1.

Stages: ``watch.py`` (the files' signatures, polled) → ``session.py`` (load, lay out, draw the
native PDF in one warm process; the last good pages kept) → ``raster.py`` (changed pages into
JPEG images with pypdfium2) and ``status.py`` (the status line) → ``server.py`` (HTTP and
server-sent events, ``page.html`` the page itself).
"""

from __future__ import annotations

"""An issue file, on every refresh, into a snapshot: page images, errors as ``check`` prints
them, warnings and the status line; the last good pages are kept while the file has errors."""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BulletinError, BulletinErrors, BulletinWarning
from ..layout import DEFAULT, LayoutProfile
from ..pdf.fontset import FontSet
from ..pdf.items import Item, Page, Picture
from .raster import PageImage, rasterize
from .status import status_of

PathLike = str | os.PathLike[str]

#: One render at a time in a process: ``warnings.catch_warnings`` and reportlab's settings are
#: process-wide, so two previews in one process take turns.
_RENDER_LOCK = threading.Lock()


@dataclass(frozen=True)
class Problem:
    """One line as ``check`` prints it (``错误：file:line:col：key：message``) and its place."""

    where: str
    text: str


@dataclass(frozen=True)
class PageView:
    """A page as the browser shows it: the key of its image, its size in pixels, its text."""

    key: str
    width: int
    height: int
    text: str


@dataclass(frozen=True)
class Snapshot:
    """What the preview shows after one refresh. ``stale``: the pages are the last good ones
    and ``errors`` say why the file as saved could not be laid out."""

    version: int
    pages: tuple[PageView, ...] = ()
    errors: tuple[Problem, ...] = ()
    #: What ``check`` and ``build`` refuse but the draft preview draws: placeholders left.
    unfilled: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()
    status: str = ""
    stale: bool = False
    seconds: float = 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "pages": [p.__dict__ for p in self.pages],
            "errors": [p.__dict__ for p in self.errors],
            "unfilled": [p.__dict__ for p in self.unfilled],
            "warnings": list(self.warnings),
            "status": self.status,
            "stale": self.stale,
            "ms": round(self.seconds * 1000),
        }


@dataclass(frozen=True)
class BuildOutcome:
    """What the build button did: the files written, or the errors as ``build`` prints them."""

    outputs: tuple[str, ...] = ()
    errors: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "ok": not self.errors,
            "outputs": list(self.outputs),
            "errors": [p.__dict__ for p in self.errors],
            "warnings": list(self.warnings),
        }


def problems(error: BulletinError) -> tuple[Problem, ...]:
    """``error`` as the lines ``cli.print_error`` prints, each with its ``file:line:col``."""
    errors = error.errors if isinstance(error, BulletinErrors) else (error,)
    out = [Problem(e.position.where() if e.file or e.line else "", f"错误：{e}") for e in errors]
    if isinstance(error, BulletinErrors) and error.omitted:
        out.append(Problem("", f"……另有 {error.omitted} 处错误未列出。"))
    return tuple(out)


def page_key(page: Page) -> str:
    """A digest of everything drawn on ``page``: equal keys, equal images (draw.py decides
    nothing), so an unchanged page is neither rasterized nor sent again."""
    h = hashlib.sha1(usedforsecurity=False)
    for item in page.items:
        h.update(_item_bytes(item))
    return h.hexdigest()


def _item_bytes(item: Item) -> bytes:
    if isinstance(item, Picture):
        digest = hashlib.sha1(item.data, usedforsecurity=False).hexdigest()
        return repr((item.x, item.y, item.width, item.height, digest)).encode()
    return repr(item).encode()


@dataclass
class _Good:
    """The last rendering that succeeded."""

    pages: tuple[PageView, ...] = ()
    pdf: bytes = b""
    photos: tuple[Path, ...] = ()
    images: dict[str, PageImage] = field(default_factory=dict)


class Session:
    """One issue file kept laid out in a warm process (fonts, template and photos cached).

    ``refresh()`` re-reads the file; ``wait(version)`` blocks until a newer snapshot;
    ``build()`` writes the .docx and PDF exactly as ``build --pdf`` does.
    """

    def __init__(
        self,
        path: PathLike,
        *,
        fonts: Mapping[str, PathLike] | None = None,
        profile: LayoutProfile = DEFAULT,
    ) -> None:
        self.path = Path(path)
        self.fonts = dict(fonts) if fonts else None
        self.profile = profile
        self._fontset: FontSet | None = None
        self._good = _Good()
        self._changed = threading.Condition()
        self._snapshot = Snapshot(version=0)
        self._closed = False

    @property
    def snapshot(self) -> Snapshot:
        with self._changed:
            return self._snapshot

    def watched(self) -> tuple[Path, ...]:
        """The files whose saving refreshes the preview: the issue file and its photos."""
        return (self.path, *self._good.photos)

    def image(self, key: str) -> bytes | None:
        """The JPEG of a page of the last good rendering, by its key (None: not a current page)."""
        found = self._good.images.get(key)
        return found.jpeg if found is not None else None

    def pdf(self) -> bytes:
        """The last good rendering's PDF (draft colours for unfilled placeholders)."""
        return self._good.pdf

    def wait(self, version: int, timeout: float) -> Snapshot | None:
        """The snapshot once it is newer than ``version``; None after ``timeout`` seconds
        or when the session is closed."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._closed or self._snapshot.version > version, timeout
            )
            return self._snapshot if self._snapshot.version > version else None

    def close(self) -> None:
        """Wake every ``wait`` (the event streams end)."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def refresh(self) -> Snapshot:
        """Read, lay out and draw the issue file as it is now; publish and return the snapshot."""
        started = time.perf_counter()
        with _RENDER_LOCK:
            try:
                snap = self._render(started)
            except BulletinError as exc:
                snap = self._failed(problems(exc), started)
            except Exception as exc:  # a bug must not blank the page: say it, keep the pages
                traceback.print_exc(file=sys.stderr)
                where = str(self.path)
                bug = Problem(where, f"错误：{where}：程序内部错误：{exc!r}")
                snap = self._failed((bug,), started)
        with self._changed:
            self._snapshot = snap
            self._changed.notify_all()
        return snap

    def _next(self) -> int:
        return self._snapshot.version + 1

    def _failed(self, errors: tuple[Problem, ...], started: float) -> Snapshot:
        good = self._good
        return Snapshot(
            version=self._next(),
            pages=good.pages,
            errors=errors,
            status=self._snapshot.status,
            stale=bool(good.pages),
            seconds=time.perf_counter() - started,
        )

    def _render(self, started: float) -> Snapshot:
        from ..api import check_issue
        from ..pdf.coverage import layout_warnings
        from ..pdf.fontset import CID_FONT
        from ..pdf.footer import footer_slice
        from ..pdf.render import draw_pdf, layout_pages, load_fontset
        from ..pdf.typesetter import Typesetter

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", BulletinWarning)
            bulletin, left = check_issue(self.path, profile=self.profile)
            if self._fontset is None:
                self._fontset = load_fontset(self.fonts)
        fs = self._fontset
        layout = layout_pages(bulletin, fs, self.profile, draft=True)
        pdf = draw_pdf(bulletin, layout.pages, fs, self.profile)
        footer = footer_slice(bulletin, Typesetter(fs, self.profile))
        keys = [page_key(p) for p in layout.pages]
        old = self._good.images
        fresh = rasterize(pdf, [n for n, k in enumerate(keys, 1) if k not in old])
        images = {k: fresh[n] if n in fresh else old[k] for n, k in enumerate(keys, 1)}
        pages = tuple(
            PageView(k, images[k].width, images[k].height, images[k].text) for k in keys
        )
        notes = [str(w.message) for w in caught if issubclass(w.category, BulletinWarning)]
        notes += layout_warnings(fs, layout, "PDF", CID_FONT)
        files = tuple(p.file for p in bulletin.photos() if p.file is not None)
        self._good = _Good(pages, pdf, files, images)
        status = status_of(layout, footer.height, self.profile, len(left))
        unfilled = tuple(Problem(e.position.where(), f"错误：{e}") for e in left)
        return Snapshot(
            version=self._next(),
            pages=pages,
            unfilled=unfilled,
            warnings=tuple(dict.fromkeys(notes)),
            status=status.text(),
            seconds=time.perf_counter() - started,
        )

    def build(self) -> BuildOutcome:
        """Write the .docx and PDF beside the issue file, as ``build --pdf``, same refusals."""
        from ..batch import build_many

        with _RENDER_LOCK, warnings.catch_warnings(record=True):
            warnings.simplefilter("always", BulletinWarning)
            (result,) = build_many([self.path], pdf=True, fonts=self.fonts, profile=self.profile)
        if result.error is not None:
            return BuildOutcome(errors=problems(result.error), warnings=result.warnings)
        return BuildOutcome(tuple(str(p) for p in result.outputs), warnings=result.warnings)


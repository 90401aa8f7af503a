"""A Bulletin into a PDF drawn natively with reportlab: fonts resolved, laid out, painted."""

from __future__ import annotations

import datetime as _dt
import io
import os
import threading
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BulletinWarning, FontError
from ..layout import DEFAULT, ROLE_NAMES, ROLES, LayoutProfile
from ..model import Bulletin
from ..output import PDF, write_bytes_atomic
from .coverage import layout_warnings
from .fonts import FontFile, glyph_fallbacks, resolve_fonts
from .fontset import CID_FONT, Face, FontSet, cid_face, load_face
from .items import GlyphRun, Layout, Page
from .typesetter import Typesetter

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

PathLike = str | os.PathLike[str]


def load_fontset(
    fonts: Mapping[str, PathLike] | None = None,
    font_dirs: Sequence[PathLike] | None = None,
) -> FontSet:
    """Every role's face (user's first, then the system's; STSong-Light when none is found)."""
    resolved = resolve_fonts(fonts, font_dirs)
    roles: dict[str, Face] = {}
    for role in ROLES:
        f = resolved[role]
        face = _try_load(f, role) if f is not None else None
        roles[role] = face if face is not None else cid_face()

    def extra() -> tuple[Face, ...]:  # loaded when a character is in no role's face
        return tuple(
            face for f in glyph_fallbacks(font_dirs) if (face := _try_load(f, None)) is not None
        )

    return FontSet(roles, extra)


def _try_load(font: FontFile, role: str | None) -> Face | None:
    """The parsed face, or None for a system font reportlab cannot read (FontError for a user's)."""
    try:
        return load_face(font)
    except Exception as exc:  # reportlab raises TTFError, struct.error, KeyError… on bad fonts
        if font.source == "user":
            label = ROLE_NAMES.get(role or "", "")
            raise FontError(f"无法使用{label}字体文件 {font.path}：{exc}", file=font.path) from exc
        return None


def layout_pages(
    bulletin: Bulletin,
    fonts: FontSet,
    profile: LayoutProfile = DEFAULT,
    *,
    draft: bool = False,
    first_page: int = 1,
) -> Layout:
    """The issue laid out, every item positioned (the stage before drawing).

    Platypus's order: the flow and the 报尾 are set in slices, paginated, then decorated
    with page numbers; the characters no face has come back with the pages. ``draft``:
    the 【请填写……】 placeholders are set in the profile's placeholder colour.
    ``first_page``: the number of the first page (an issue inside a 合订本; odd keeps
    each page's number on its side).
    """
    from .decorate import number_pages
    from .flow import flow
    from .footer import footer_slice
    from .paginate import paginate

    ts = Typesetter(fonts, profile, profile.placeholder_color if draft else None)
    placed = paginate(flow(bulletin, ts), footer_slice(bulletin, ts), profile)
    if first_page != 1:
        placed = [replace(page, number=page.number + first_page - 1) for page in placed]
    pages = tuple(number_pages(placed, ts))
    runs = [item for page in pages for item in page.items if isinstance(item, GlyphRun)]
    return Layout(pages, fonts.missing_glyphs(runs), fonts.borrowed_glyphs(runs))


def _timestamp(day: _dt.date | None):
    """reportlab's timestamp: SOURCE_DATE_EPOCH when set, else ``day`` (midnight UTC)."""
    from reportlab.lib.utils import TimeStamp

    ts = TimeStamp(invariant=1)
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return ts
    if day is None:
        return ts
    t = _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc)
    ts.t = t.timestamp()
    ts.lt = t.timetuple()
    ts.YMDhms = tuple(ts.lt)[:6]
    return ts


_RL_LOCK = threading.Lock()


def pdf_bytes(bulletin: Bulletin, fonts: FontSet, profile: LayoutProfile = DEFAULT) -> bytes:
    """The finished PDF as bytes (identical for identical input)."""
    return draw_pdf(bulletin, layout_pages(bulletin, fonts, profile).pages, fonts, profile)


def draw_pdf(
    bulletin: Bulletin, pages: Sequence[Page], fonts: FontSet, profile: LayoutProfile
) -> bytes:
    """Laid-out ``pages`` drawn into a PDF, its metadata from ``bulletin``."""
    from .draw import draw_pages

    m = bulletin.masthead
    info = PdfInfo(m.title, m.issue.text, m.issuer, m.date.as_date())
    with pdf_canvas(fonts, profile, info) as (canvas, buf):
        draw_pages(canvas, pages, profile)
    return buf.getvalue()


@dataclass(frozen=True)
class PdfInfo:
    """A PDF's metadata: title, subject, author, and the day its timestamp shows."""

    title: str
    subject: str
    author: str
    day: _dt.date | None


@contextmanager
def pdf_canvas(
    fonts: FontSet, profile: LayoutProfile, info: PdfInfo
) -> Iterator[tuple[Canvas, io.BytesIO]]:
    """A reportlab canvas for our pages, and the buffer holding the PDF once the block ends.

    Drawing happens inside the block; the canvas is saved when it ends.
    """
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    # reportlab reads its stream encoding from a process-wide setting: streams only
    # Flate-compressed, not ASCII85 on top (a third faster, a sixth smaller), restored after
    with _RL_LOCK:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            canvas = Canvas(
                buf,
                pagesize=(profile.page_width_pt, profile.page_height_pt),
                initialFontName=fonts.initial_font,
                invariant=1,
                pageCompression=1,
            )
            canvas._doc._timeStamp = _timestamp(info.day)
            canvas.setTitle(info.title)
            canvas.setSubject(info.subject)
            canvas.setAuthor(info.author)
            canvas.setCreator("bulletin-docs")
            yield canvas, buf
            canvas.save()
        finally:
            rl_config.useA85 = saved


def _warn(fonts: FontSet, layout: Layout) -> None:
    for message in layout_warnings(fonts, layout, "PDF", CID_FONT):
        warnings.warn(BulletinWarning(message), stacklevel=3)


def native_pdf_bytes(
    bulletin: Bulletin,
    fonts: Mapping[str, PathLike] | None = None,
    profile: LayoutProfile = DEFAULT,
    *,
    font_dirs: Sequence[PathLike] | None = None,
    draft: bool = False,
) -> bytes:
    """``bulletin`` drawn into a PDF; font fallbacks are warned about (BulletinWarning).

    ``fonts`` maps roles to TrueType files chosen by the user; ``font_dirs`` replaces
    the system's font folders (as $BULLETIN_DOCS_FONT_DIRS does); ``draft`` draws the
    【请填写……】 placeholders in the profile's placeholder colour.
    """
    fontset = load_fontset(fonts, font_dirs)
    layout = layout_pages(bulletin, fontset, profile, draft=draft)
    data = draw_pdf(bulletin, layout.pages, fontset, profile)
    _warn(fontset, layout)
    return data


def render_pdf_native(
    bulletin: Bulletin,
    out: Path,
    fonts: Mapping[str, PathLike] | None = None,
    profile: LayoutProfile = DEFAULT,
    *,
    font_dirs: Sequence[PathLike] | None = None,
) -> Path:
    """Draw ``bulletin`` into the PDF ``out`` (written atomically; an existing ``out`` must be
    a PDF) and return its path. The arguments are :func:`native_pdf_bytes`'s."""
    data = native_pdf_bytes(bulletin, fonts, profile, font_dirs=font_dirs)
    return write_bytes_atomic(out, data, PDF)

"""A Bulletin into an .ofd file drawn from the native PDF's layout (and both from one layout)."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence

from ..errors import BulletinWarning
from ..layout import DEFAULT, LayoutProfile
from ..model import Bulletin
from ..pdf.coverage import layout_warnings
from ..pdf.fontset import CID_FONT, FontSet
from ..pdf.items import Layout
from ..pdf.render import draw_pdf, layout_pages, load_fontset
from .document import READER_FONT, package_parts
from .package import zip_parts

PathLike = str | os.PathLike[str]


def ofd_bytes(
    bulletin: Bulletin, layout: Layout, fonts: FontSet, profile: LayoutProfile = DEFAULT
) -> bytes:
    """The .ofd file of the laid-out issue (identical for identical input)."""
    return zip_parts(package_parts(bulletin, layout, fonts, profile))


def reader_font(medium: str) -> str:
    """The face a reader draws with where no face could be embedded: the PDF's, the OFD's."""
    return CID_FONT if medium == "PDF" else READER_FONT


def _warn(messages: list[str]) -> None:
    for message in messages:
        warnings.warn(BulletinWarning(message), stacklevel=3)


def native_bytes(
    bulletin: Bulletin,
    *,
    pdf: bool = False,
    ofd: bool = False,
    fonts: Mapping[str, PathLike] | None = None,
    profile: LayoutProfile = DEFAULT,
    font_dirs: Sequence[PathLike] | None = None,
    draft: bool = False,
) -> tuple[bytes | None, bytes | None]:
    """Lay ``bulletin`` out once and draw it into a PDF and/or an OFD: (PDF bytes, OFD bytes),
    None for the one not asked for. Each medium's font warnings are raised.

    ``fonts`` maps roles to font files chosen by the user; ``font_dirs`` replaces the
    system's font folders, as for the native PDF; ``draft`` colours the placeholders.
    """
    fontset = load_fontset(fonts, font_dirs)
    layout = layout_pages(bulletin, fontset, profile, draft=draft)
    pdf_data = draw_pdf(bulletin, layout.pages, fontset, profile) if pdf else None
    ofd_data = ofd_bytes(bulletin, layout, fontset, profile) if ofd else None
    for medium, data in (("PDF", pdf_data), ("OFD", ofd_data)):
        if data is not None:
            _warn(layout_warnings(fontset, layout, medium, reader_font(medium)))
    return pdf_data, ofd_data

"""A Bulletin into an .ofd file drawn from the native PDF's layout (and both from one layout)."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import BulletinWarning
from ..layout import DEFAULT, ROLE_NAMES, LayoutProfile
from ..model import Bulletin
from ..output import write_bytes_atomic
from ..pdf.coverage import fallback_lines
from ..pdf.fontset import FontSet
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


def layout_warnings(fonts: FontSet, layout: Layout, medium: str) -> list[str]:
    """The native renderer's warnings for a layout, saying which file (``medium``) they concern:
    roles without an embeddable face, characters drawn from another face, characters no face has.
    """
    out: list[str] = []
    missing_roles = fonts.not_embedded()
    if missing_roles:
        names = "、".join(ROLE_NAMES[r] for r in missing_roles)
        reader_font = "STSong-Light" if medium == "PDF" else READER_FONT
        out.append(
            f"没有找到可嵌入的中文字体（{names}；TrueType 或 OpenType 均可），"
            f"{medium} 改用阅读器自带的 {reader_font}，"
            "字体未嵌入；可用 --font 角色=字体文件 指定。"
        )
    borrowed = fallback_lines(fonts, layout.borrowed)
    if borrowed:
        out.append(f"{medium} 中有字符取自备用字体：" + "；".join(borrowed))
    if layout.missing_glyphs:
        chars = "".join(layout.missing_glyphs)
        out.append(f"以下字符在所有可用字体中都没有字形，{medium} 中可能显示为空框：{chars}")
    return out


def _warn(messages: list[str]) -> None:
    for message in messages:
        warnings.warn(BulletinWarning(message), stacklevel=3)


def render_native(
    bulletin: Bulletin,
    *,
    pdf: Path | None = None,
    ofd: Path | None = None,
    fonts: Mapping[str, PathLike] | None = None,
    profile: LayoutProfile = DEFAULT,
    font_dirs: Sequence[PathLike] | None = None,
) -> list[Path]:
    """Lay ``bulletin`` out once and draw it into the PDF ``pdf`` and/or the OFD ``ofd``
    (each written atomically); return the paths written, PDF first.

    ``fonts`` maps roles to font files chosen by the user; ``font_dirs`` replaces the
    system's font folders, as for the native PDF.
    """
    fontset = load_fontset(fonts, font_dirs)
    layout = layout_pages(bulletin, fontset, profile)
    outputs: list[tuple[Path, bytes, str]] = []
    if pdf is not None:
        outputs.append((pdf, draw_pdf(bulletin, layout.pages, fontset, profile), "PDF"))
    if ofd is not None:
        outputs.append((ofd, ofd_bytes(bulletin, layout, fontset, profile), "OFD"))
    for _path, _data, medium in outputs:
        _warn(layout_warnings(fontset, layout, medium))
    return [write_bytes_atomic(path, data) for path, data, _medium in outputs]


def render_ofd(
    bulletin: Bulletin,
    out: Path,
    fonts: Mapping[str, PathLike] | None = None,
    profile: LayoutProfile = DEFAULT,
    *,
    font_dirs: Sequence[PathLike] | None = None,
) -> Path:
    """Draw ``bulletin`` into the OFD file ``out`` (written atomically) and return its path."""
    return render_native(bulletin, ofd=out, fonts=fonts, profile=profile, font_dirs=font_dirs)[0]

"""The public API: an issue file into a Bulletin, and a Bulletin into .docx, PDF and OFD files."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BulletinError, RenderError
from .layout import DEFAULT, LayoutProfile
from .model import Bulletin

if TYPE_CHECKING:  # pragma: no cover
    from .inspection import InspectTolerances, Report

PathLike = str | os.PathLike[str]


def read_issue_text(path: PathLike) -> str:
    """The text of an issue file (UTF-8, BOM allowed); BulletinError when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BulletinError(f"找不到简报文件：{path}", file=path) from None
    except IsADirectoryError:
        raise BulletinError(f"这是一个文件夹，不是简报文件：{path}", file=path) from None
    except OSError as exc:
        raise BulletinError(f"无法读取简报文件：{exc.strerror}", file=path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BulletinError(
            "文件不是 UTF-8 编码；请在编辑器中以 UTF-8 保存（WPS/记事本：另存为 → 编码 UTF-8）。",
            file=path,
            line=line,
        ) from None


def loads(
    text: str,
    base_dir: PathLike | None = None,
    *,
    file: PathLike | None = None,
    profile: LayoutProfile = DEFAULT,
) -> Bulletin:
    """Read an issue from YAML text; photo paths are relative to ``base_dir`` (default: cwd)."""
    from .issuefile.validate import bulletin_from_yaml

    base = Path(base_dir) if base_dir is not None else Path.cwd()
    return bulletin_from_yaml(
        text, base_dir=base, file=str(file) if file is not None else None, profile=profile
    )


def load(path: PathLike, *, profile: LayoutProfile = DEFAULT) -> Bulletin:
    """Read and validate the issue file at ``path``. Raises BulletinError on bad input."""
    p = Path(path)
    return loads(read_issue_text(p), base_dir=p.parent, file=p, profile=profile)


def render_docx(
    bulletin: Bulletin,
    out_path: PathLike,
    template: PathLike | None = None,
    *,
    profile: LayoutProfile = DEFAULT,
) -> Path:
    """Write the issue as a .docx (atomically) through ``template`` (default: the shipped one)."""
    from .docx.render import render_docx as _render

    return _render(bulletin, Path(out_path), template=template, profile=profile)


def render_pdf(
    bulletin: Bulletin,
    out_path: PathLike,
    engine: str = "native",
    *,
    fonts: Mapping[str, PathLike] | None = None,
    template: PathLike | None = None,
    profile: LayoutProfile = DEFAULT,
    timeout: float = 180.0,
) -> Path:
    """Write the issue as a PDF (atomically).

    ``engine="native"`` draws it with reportlab; ``fonts`` maps roles
    (fangsong, xiaobiaosong, heiti, kaiti, songti) to TrueType files chosen by the
    user. ``engine="libreoffice"`` renders the .docx and converts it with soffice;
    ``profile`` shapes both, LibreOffice's font aliases and .docx fixes included.
    """
    out = Path(out_path)
    if engine == "native":
        from .pdf.render import render_pdf_native

        return render_pdf_native(bulletin, out, fonts=fonts, profile=profile)
    if engine == "libreoffice":
        from .libreoffice.convert import render_pdf_libreoffice

        return render_pdf_libreoffice(
            bulletin, out, template=template, profile=profile, timeout=timeout
        )
    raise RenderError(f"未知的 PDF 引擎：{engine}（可选 native 或 libreoffice）")


def render_ofd(
    bulletin: Bulletin,
    out_path: PathLike,
    *,
    fonts: Mapping[str, PathLike] | None = None,
    profile: LayoutProfile = DEFAULT,
) -> Path:
    """Write the issue as an OFD file (GB/T 33190-2016, atomically): the native PDF's pages,
    from the same layout, with the same fonts (``fonts`` as for ``render_pdf``)."""
    from .ofd.render import render_ofd as _render

    return _render(bulletin, Path(out_path), fonts=fonts, profile=profile)


def inspect(
    path: PathLike,
    *,
    profile: LayoutProfile = DEFAULT,
    tolerances: InspectTolerances | None = None,
    timeout: float = 180.0,
    keep_pdf: PathLike | None = None,
) -> Report:
    """Measure a PDF (or a .docx, through LibreOffice) against the layout profile.

    ``tolerances`` defaults to the inspector's (bulletin_docs.inspection.DEFAULT_TOLERANCES);
    ``keep_pdf`` keeps LibreOffice's rendering of a .docx at that path.
    """
    from .inspection import DEFAULT_TOLERANCES, inspect_file

    return inspect_file(
        Path(path),
        profile=profile,
        tolerances=tolerances or DEFAULT_TOLERANCES,
        timeout=timeout,
        keep_pdf=Path(keep_pdf) if keep_pdf is not None else None,
    )

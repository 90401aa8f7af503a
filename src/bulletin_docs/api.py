"""The public API: an issue file or a mapping into a Bulletin, and a Bulletin into .docx, PDF
and OFD files, file objects or bytes (and back into an issue file's text)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, overload

from .errors import BulletinError, RenderError, SchemaError
from .layout import DEFAULT, LayoutProfile
from .model import Bulletin

if TYPE_CHECKING:  # pragma: no cover
    from .inspection import InspectTolerances, Report

PathLike = str | os.PathLike[str]
#: Where a renderer writes: a path (written atomically) or a writable binary file object.
Target = PathLike | BinaryIO


#: How files that are not issue files begin: (leading bytes, what the clerk is told it is).
_NOT_ISSUE_FILES = (
    (b"%PDF", "这是 PDF 文件"),
    (b"\xd0\xcf\x11\xe0", "这是 Word/WPS 文档（.doc/.wps）"),
)


def _not_an_issue_file(data: bytes) -> str | None:
    """What ``data`` is when it is a document rather than YAML text (None: it may be YAML)."""
    if data.startswith(b"PK\x03\x04"):
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return "这是压缩文件"
        return "这是 Word 文件（.docx）" if "word/document.xml" in names else "这是压缩文件"
    for magic, what in _NOT_ISSUE_FILES:
        if data.startswith(magic):
            return what
    return None


def decode_issue(data: bytes, file: str | Path | None = None) -> str:
    """The text of an issue file's bytes (UTF-8, BOM allowed); BulletinError otherwise."""
    what = _not_an_issue_file(data)
    if what is not None:
        raise BulletinError(
            f"{what}，不是简报文件：请给出 .yaml 简报文件"
            "（要测量生成的 .docx 或 PDF 的版面，请用 bulletin-docs inspect）。",
            file=file,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BulletinError(
            "文件不是 UTF-8 编码；请在编辑器中以 UTF-8 保存（WPS/记事本：另存为 → 编码 UTF-8）。",
            file=file,
            line=line,
        ) from None


def _missing(path: Path) -> BulletinError:
    """Not found: with Notepad's habit (``issue.yaml`` saved as ``issue.yaml.txt``) named."""
    txt = path.with_name(path.name + ".txt")
    if txt.is_file():
        return BulletinError(
            f"找不到简报文件 {path.name}，但有 {txt.name}：记事本保存时加上了 .txt。"
            f"请把 {txt.name} 改名为 {path.name}（先在资源管理器“查看”中勾选“文件扩展名”），"
            "以后保存时“保存类型”选“所有文件”。",
            file=path,
        )
    return BulletinError(f"找不到简报文件：{path}", file=path)


def read_issue_text(path: PathLike) -> str:
    """The text of an issue file (UTF-8, BOM allowed); BulletinError when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _missing(path) from None
    except IsADirectoryError:
        raise BulletinError(f"这是一个文件夹，不是简报文件：{path}", file=path) from None
    except OSError as exc:
        raise BulletinError(f"无法读取简报文件：{exc.strerror}", file=path) from None
    return decode_issue(data, path)


def loads(
    text: str | bytes,
    base_dir: PathLike | None = None,
    *,
    file: PathLike | None = None,
    profile: LayoutProfile = DEFAULT,
) -> Bulletin:
    """Read an issue from YAML text; photo paths are relative to ``base_dir`` (default: cwd).

    ``text`` is a ``str``, or ``bytes`` in UTF-8 (a BOM is allowed).
    """
    from .issuefile.validate import bulletin_from_yaml

    if isinstance(text, (bytes, bytearray)):
        text = decode_issue(bytes(text), None if file is None else str(file))
    elif not isinstance(text, str):
        raise TypeError(
            "loads() 需要 YAML 文本（str）或 UTF-8 编码的字节（bytes），"
            f"收到的是 {type(text).__name__}；读取文件请用 load(路径)。"
        )
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    return bulletin_from_yaml(
        text, base_dir=base, file=str(file) if file is not None else None, profile=profile
    )


def load(path: PathLike, *, profile: LayoutProfile = DEFAULT) -> Bulletin:
    """Read and validate the issue file at ``path``. Raises BulletinError on bad input."""
    p = Path(path)
    return loads(read_issue_text(p), base_dir=p.parent, file=p, profile=profile)


def from_dict(
    data: Mapping[str, object],
    base_dir: PathLike | None = None,
    *,
    profile: LayoutProfile = DEFAULT,
) -> Bulletin:
    """Read an issue from a mapping shaped like the issue file (the README's keys).

    It is checked exactly as a file is: the same Chinese messages and key paths
    (``sections[0].articles[1].title``), without line numbers. Values are Python's:
    text, ``int``, ``bool``, ``None``, ``datetime.date`` for ``masthead.date``, lists and
    dicts. A photo's ``file`` is a path (relative to ``base_dir``, default: cwd),
    ``bytes``, or a binary file object (read once).
    """
    from .issuefile.fromdict import bulletin_from_dict

    base = Path(base_dir) if base_dir is not None else Path.cwd()
    return bulletin_from_dict(data, base_dir=base, profile=profile)


def to_dict(
    bulletin: Bulletin, *, base_dir: PathLike | None = None, profile: LayoutProfile = DEFAULT
) -> dict[str, object]:
    """The issue as the mapping :func:`from_dict` reads (``from_dict(to_dict(b)) == b``).

    Photo files are given relative to ``base_dir`` when it is given (else absolute);
    photos given as bytes stay bytes.
    """
    from .issuefile.dump import issue_dict

    return issue_dict(bulletin, base_dir=base_dir, profile=profile)


def dump_yaml(
    bulletin: Bulletin, *, base_dir: PathLike | None = None, profile: LayoutProfile = DEFAULT
) -> str:
    """The issue file's text, commented for a clerk as ``new`` writes it:
    ``loads(dump_yaml(b, base_dir=d), base_dir=d) == b``.

    Photo paths are written relative to ``base_dir`` (the folder the file will be saved
    in) when it is given, else absolute. A photo given as bytes has no file to name:
    ValueError (save it first, or use :func:`to_dict`).
    """
    from .issuefile.dump import issue_yaml

    return issue_yaml(bulletin, base_dir=base_dir, profile=profile)


def check_issue(
    path: PathLike, *, profile: LayoutProfile = DEFAULT
) -> tuple[Bulletin, list[SchemaError]]:
    """Load the issue file at ``path`` (BulletinError on bad input) and list what is left to
    fill: every 【请填写……】 placeholder and empty section, as errors at their lines.

    ``check`` and ``build`` refuse an issue while the list is not empty.
    """
    from .issuefile.placeholders import placeholder_errors

    p = Path(path)
    text = read_issue_text(p)
    bulletin = loads(text, base_dir=p.parent, file=p, profile=profile)
    return bulletin, placeholder_errors(bulletin, text, str(p))


def to_docx_bytes(
    bulletin: Bulletin,
    template: PathLike | None = None,
    *,
    profile: LayoutProfile = DEFAULT,
    draft: bool = False,
) -> bytes:
    """The issue as a finished .docx, through ``template`` (default: the shipped one).

    ``draft=True`` draws the 【请填写……】 placeholders in the profile's placeholder colour.
    """
    from .docx.render import render_docx_bytes

    return render_docx_bytes(bulletin, template, profile, draft=draft)


@overload
def render_docx(
    bulletin: Bulletin,
    out_path: PathLike,
    template: PathLike | None = None,
    *,
    profile: LayoutProfile = DEFAULT,
    draft: bool = False,
) -> Path: ...
@overload
def render_docx(
    bulletin: Bulletin,
    out_path: BinaryIO,
    template: PathLike | None = None,
    *,
    profile: LayoutProfile = DEFAULT,
    draft: bool = False,
) -> None: ...
def render_docx(
    bulletin: Bulletin,
    out_path: Target,
    template: PathLike | None = None,
    *,
    profile: LayoutProfile = DEFAULT,
    draft: bool = False,
) -> Path | None:
    """Write the issue as a .docx to a path (atomically; an existing ``out_path`` must be a
    .docx; returns the path) or to a writable binary file object (returns None)."""
    from .output import DOCX, write_output

    data = to_docx_bytes(bulletin, template, profile=profile, draft=draft)
    return write_output(out_path, data, DOCX)


def to_pdf_bytes(
    bulletin: Bulletin,
    engine: str = "native",
    *,
    fonts: Mapping[str, PathLike] | None = None,
    template: PathLike | None = None,
    profile: LayoutProfile = DEFAULT,
    timeout: float = 180.0,
    draft: bool = False,
) -> bytes:
    """The issue as a finished PDF.

    ``engine="native"`` draws it with reportlab; ``fonts`` maps roles
    (fangsong, xiaobiaosong, heiti, kaiti, songti) to TrueType files chosen by the
    user. ``engine="libreoffice"`` renders the .docx and converts it with soffice;
    ``profile`` shapes both, LibreOffice's font aliases and .docx fixes included.
    ``draft=True`` draws the 【请填写……】 placeholders in the profile's placeholder colour.
    """
    if engine == "native":
        from .pdf.render import native_pdf_bytes

        return native_pdf_bytes(bulletin, fonts=fonts, profile=profile, draft=draft)
    if engine == "libreoffice":
        from .libreoffice.convert import libreoffice_pdf_bytes

        return libreoffice_pdf_bytes(bulletin, template, profile, timeout, draft=draft)
    raise RenderError(f"未知的 PDF 引擎：{engine}（可选 native 或 libreoffice）")


@overload
def render_pdf(
    bulletin: Bulletin,
    out_path: PathLike,
    engine: str = "native",
    *,
    fonts: Mapping[str, PathLike] | None = None,
    template: PathLike | None = None,
    profile: LayoutProfile = DEFAULT,
    timeout: float = 180.0,
    draft: bool = False,
) -> Path: ...
@overload
def render_pdf(
    bulletin: Bulletin,
    out_path: BinaryIO,
    engine: str = "native",
    *,
    fonts: Mapping[str, PathLike] | None = None,
    template: PathLike | None = None,
    profile: LayoutProfile = DEFAULT,
    timeout: float = 180.0,
    draft: bool = False,
) -> None: ...
def render_pdf(
    bulletin: Bulletin,
    out_path: Target,
    engine: str = "native",
    *,
    fonts: Mapping[str, PathLike] | None = None,
    template: PathLike | None = None,
    profile: LayoutProfile = DEFAULT,
    timeout: float = 180.0,
    draft: bool = False,
) -> Path | None:
    """Write the issue as a PDF to a path (atomically; an existing ``out_path`` must be a
    PDF; returns the path) or to a writable binary file object (returns None).

    The arguments are :func:`to_pdf_bytes`'s.
    """
    from .output import PDF, write_output

    data = to_pdf_bytes(
        bulletin,
        engine,
        fonts=fonts,
        template=template,
        profile=profile,
        timeout=timeout,
        draft=draft,
    )
    return write_output(out_path, data, PDF)


def to_ofd_bytes(
    bulletin: Bulletin,
    *,
    fonts: Mapping[str, PathLike] | None = None,
    profile: LayoutProfile = DEFAULT,
    draft: bool = False,
) -> bytes:
    """The issue as a finished OFD file (GB/T 33190-2016): the native PDF's pages, from the
    same layout, with the same fonts (``fonts`` as for :func:`to_pdf_bytes`)."""
    from .ofd.render import native_bytes

    _, data = native_bytes(bulletin, ofd=True, fonts=fonts, profile=profile, draft=draft)
    assert data is not None
    return data


@overload
def render_ofd(
    bulletin: Bulletin,
    out_path: PathLike,
    *,
    fonts: Mapping[str, PathLike] | None = None,
    profile: LayoutProfile = DEFAULT,
    draft: bool = False,
) -> Path: ...
@overload
def render_ofd(
    bulletin: Bulletin,
    out_path: BinaryIO,
    *,
    fonts: Mapping[str, PathLike] | None = None,
    profile: LayoutProfile = DEFAULT,
    draft: bool = False,
) -> None: ...
def render_ofd(
    bulletin: Bulletin,
    out_path: Target,
    *,
    fonts: Mapping[str, PathLike] | None = None,
    profile: LayoutProfile = DEFAULT,
    draft: bool = False,
) -> Path | None:
    """Write the issue as an OFD file to a path (atomically; an existing ``out_path`` must
    be an OFD; returns the path) or to a writable binary file object (returns None)."""
    from .output import OFD, write_output

    data = to_ofd_bytes(bulletin, fonts=fonts, profile=profile, draft=draft)
    return write_output(out_path, data, OFD)


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


def import_docx(path: PathLike) -> tuple[Bulletin, list[str]]:
    """A Word 简报 (.docx; .doc and .wps through LibreOffice) read back into an issue.

    Returns the issue, its photos in memory (``Photo.data``, original bytes), and the notes
    on what could not be placed, each naming the original's paragraph number. Raises a
    BulletinError (Chinese message) when the file is not a readable Word 简报.
    """
    from .wordimport import import_word

    bulletin, notes = import_word(path)
    return bulletin, [str(n) for n in notes]

"""A Word file's bytes (.docx, or .doc/.wps through LibreOffice) into a python-docx Document.

Refused with a Chinese WordImportError, nothing written: a file that is not a Word document,
a password-protected or corrupt one, a zip bomb, a document of more than MAX_PARAGRAPHS.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from ..errors import BulletinError, RenderError

#: The most a .docx may unpack to, and the most paragraphs it may hold (a 200-page
#: report is no 简报: refused rather than read for minutes).
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_PARAGRAPHS = 3000
#: Formats LibreOffice turns into .docx for us.
CONVERTED = (".doc", ".wps", ".rtf", ".odt")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class WordImportError(BulletinError):
    """The file is not a readable Word document (import exits 1, nothing written)."""


def _check_zip(data: bytes, file: Path | None) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise WordImportError("文件已损坏，不是可以读取的 Word 文档（.docx）", file=file) from None
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise WordImportError("这不是 Word 文档（.docx）：其中没有正文部分", file=file)
        total = 0
        for info in archive.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > MAX_UNPACKED or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                raise WordImportError(
                    "文件解压后异常巨大（可能是恶意构造的压缩包），没有导入", file=file
                )


def _kind(data: bytes, suffix: str, file: Path | None) -> str:
    """"docx" or "convert" (an OLE .doc/.wps, RTF, ODT); WordImportError otherwise."""
    if data.startswith(b"PK\x03\x04"):
        if suffix in (".odt",):
            return "convert"
        return "docx"
    if data.startswith(_OLE):
        if suffix == ".docx" or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in data[:65536 * 4]:
            raise WordImportError(
                "文件设有打开密码（已加密），无法导入：请在 Word 或 WPS 中取消密码后另存再试",
                file=file,
            )
        return "convert"
    if data.startswith(b"{\\rtf"):
        return "convert"
    raise WordImportError(
        "这不是 Word 文档：只能导入 .docx、.doc 和 WPS 的 .wps 文件", file=file
    )


def convert_to_docx(data: bytes, suffix: str, file: Path | None, timeout: float = 120.0) -> bytes:
    """A .doc/.wps (or .rtf/.odt) as .docx bytes, converted by soffice in a throwaway profile."""
    from ..libreoffice.finder import find_soffice
    from ..libreoffice.process import Timeout, run_in_group

    try:
        exe = find_soffice()
    except RenderError as exc:
        raise WordImportError(
            f"导入 {suffix} 文件需要 LibreOffice 先把它转换为 .docx：{exc.message}；"
            "也可以先在 Word 或 WPS 中把它另存为 .docx 再导入",
            file=file,
        ) from None
    with tempfile.TemporaryDirectory(prefix="bulletin-import-", ignore_cleanup_errors=True) as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / f"in{suffix}"
        src.write_bytes(data)
        outdir = tmpdir / "out"
        outdir.mkdir()
        env = dict(os.environ, HOME=str(tmpdir))
        cmd = [
            exe, f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}", "--headless",
            "--norestore", "--nologo", "--convert-to", "docx:MS Word 2007 XML",
            "--outdir", str(outdir), str(src),
        ]
        try:
            returncode, _out, _err = run_in_group(cmd, env, timeout)
        except OSError as exc:
            raise WordImportError(f"无法启动 LibreOffice：{exc.strerror}", file=file) from None
        except Timeout:
            raise WordImportError(
                f"LibreOffice 转换超时（超过 {timeout:g} 秒）", file=file
            ) from None
        produced = outdir / "in.docx"
        if returncode != 0 or not produced.is_file():
            raise WordImportError(
                "LibreOffice 无法读取这个文件（可能已损坏或设有密码）", file=file
            )
        return produced.read_bytes()


def open_word(data: bytes, suffix: str = ".docx", file: Path | None = None) -> Any:
    """The python-docx Document of ``data``; WordImportError when it is not one we can read."""
    import docx

    suffix = suffix.lower()
    if _kind(data, suffix, file) == "convert":
        data = convert_to_docx(data, suffix if suffix in CONVERTED else ".doc", file)
    _check_zip(data, file)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise WordImportError(
            f"文件已损坏，无法作为 Word 文档读取（{type(exc).__name__}）", file=file
        ) from None
    count = sum(1 for _ in document.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
    ))
    if count > MAX_PARAGRAPHS:
        raise WordImportError(
            f"文档太长（{count} 个段落，超过 {MAX_PARAGRAPHS}），不像一期简报，没有导入",
            file=file,
        )
    return document

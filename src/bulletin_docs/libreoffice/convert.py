"""A .docx (or a Bulletin) into a PDF through soffice: font aliases, throwaway profile, timeout."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import RenderError
from ..layout import DEFAULT, LayoutProfile
from ..model import Bulletin
from ..output import PDF, write_bytes_atomic
from .docxfix import for_libreoffice
from .fontconfig import fonts_conf
from .process import Timeout, run_in_group


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        exe = shutil.which(name)
        if exe:
            return exe
    raise RenderError(
        "找不到 LibreOffice（soffice）：请安装 LibreOffice 后重试，"
        "或改用 --pdf-engine native（不需要 LibreOffice）。"
    )


def convert_to_pdf(
    docx: Path, pdf: Path, timeout: float = 180.0, *, profile: LayoutProfile = DEFAULT
) -> Path:
    """Convert ``docx`` to ``pdf`` (written atomically; an existing ``pdf`` must be a PDF)."""
    docx = Path(docx)
    find_soffice()
    if not docx.is_file():
        raise RenderError(f"找不到要转换的 .docx 文件：{docx}", file=docx)
    data = docx_to_pdf_bytes(docx.read_bytes(), timeout, profile=profile, source=docx)
    return write_bytes_atomic(pdf, data, PDF)


def docx_to_pdf_bytes(
    data: bytes,
    timeout: float = 180.0,
    *,
    profile: LayoutProfile = DEFAULT,
    source: Path | None = None,
) -> bytes:
    """The .docx ``data`` converted to PDF bytes with a throwaway LibreOffice profile.

    soffice reads a copy with the .docx fixes (docxfix.py) and finds fonts through a
    fontconfig file with the aliases (fontconfig.py), both from ``profile``. Errors
    name ``source``, the .docx the data is (or will be) written to.
    """
    exe = find_soffice()
    with tempfile.TemporaryDirectory(prefix="bulletin-soffice-") as tmp:
        tmpdir = Path(tmp)
        conf = tmpdir / "fonts.conf"
        conf.write_text(fonts_conf(profile), encoding="utf-8")
        outdir = tmpdir / "out"
        outdir.mkdir()
        src = tmpdir / "in.docx"
        src.write_bytes(for_libreoffice(data, profile))
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(conf)
        env["HOME"] = str(tmpdir)
        env.setdefault("LANG", "zh_CN.UTF-8")
        cmd = [
            exe,
            f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            str(src),
        ]
        try:
            returncode, stdout, stderr = run_in_group(cmd, env, timeout)
        except OSError as exc:
            raise RenderError(f"无法启动 LibreOffice：{exc.strerror}", file=source) from exc
        except Timeout as exc:
            raise RenderError(
                f"LibreOffice 转换超时（超过 {timeout:g} 秒）", file=source
            ) from exc
        produced = outdir / "in.pdf"
        if returncode != 0 or not produced.is_file():
            detail = (stderr or stdout or b"").decode("utf-8", "replace").strip()
            tail = detail.splitlines()[-1] if detail else f"退出码 {returncode}"
            raise RenderError(f"LibreOffice 未能把 .docx 转换为 PDF：{tail}", file=source)
        return produced.read_bytes()


def render_pdf_libreoffice(
    bulletin: Bulletin,
    out: Path,
    template: str | os.PathLike[str] | None = None,
    profile: LayoutProfile = DEFAULT,
    timeout: float = 180.0,
    *,
    draft: bool = False,
) -> Path:
    """The issue as a .docx (through ``template``), converted to a PDF at ``out`` (written
    atomically; an existing ``out`` must be a PDF)."""
    return write_bytes_atomic(
        out, libreoffice_pdf_bytes(bulletin, template, profile, timeout, draft=draft), PDF
    )


def libreoffice_pdf_bytes(
    bulletin: Bulletin,
    template: str | os.PathLike[str] | None = None,
    profile: LayoutProfile = DEFAULT,
    timeout: float = 180.0,
    *,
    draft: bool = False,
) -> bytes:
    """The issue as a .docx (through ``template``), converted to PDF bytes."""
    from ..docx.render import render_docx_bytes

    find_soffice()
    data = render_docx_bytes(
        bulletin, None if template is None else Path(template), profile, draft=draft
    )
    return docx_to_pdf_bytes(data, timeout, profile=profile)

"""A .docx (or a Bulletin) into a PDF through soffice: font aliases, throwaway profile, timeout."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import RenderError
from ..layout import DEFAULT, LayoutProfile
from ..model import Bulletin
from ..output import PDF, write_bytes_atomic
from .docxfix import for_libreoffice
from .finder import find_soffice
from .fontconfig import fonts_conf
from .process import Timeout, run_in_group


def uses_fontconfig(platform: str | None = None) -> bool:
    """Whether LibreOffice finds fonts through fontconfig on ``platform`` (Linux, the BSDs).

    On Windows and macOS it asks the system, which reads no fonts.conf: there the .docx's
    font names meet the installed fonts directly.
    """
    platform = sys.platform if platform is None else platform
    return platform not in ("win32", "cygwin", "darwin")


def _soffice() -> str:
    """find_soffice() for a build: its error also names the engine that needs no LibreOffice."""
    try:
        return find_soffice()
    except RenderError as exc:
        hint = "或改用 --pdf-engine native（不需要 LibreOffice）。"
        raise RenderError(f"{exc.message}；{hint}") from None


def soffice_env(
    environ: Mapping[str, str],
    tmpdir: Path,
    profile: LayoutProfile = DEFAULT,
    platform: str | None = None,
) -> dict[str, str]:
    """soffice's environment: a throwaway home and, with fontconfig, the aliases' fonts.conf."""
    env = dict(environ)
    if uses_fontconfig(platform):
        conf = tmpdir / "fonts.conf"
        conf.write_text(fonts_conf(profile), encoding="utf-8")
        env["FONTCONFIG_FILE"] = str(conf)
    env["HOME"] = str(tmpdir)
    env.setdefault("LANG", "zh_CN.UTF-8")
    return env


def convert_to_pdf(
    docx: Path, pdf: Path, timeout: float = 180.0, *, profile: LayoutProfile = DEFAULT
) -> Path:
    """Convert ``docx`` to ``pdf`` (written atomically; an existing ``pdf`` must be a PDF).

    soffice reads a copy with the .docx fixes (docxfix.py) and, where it uses fontconfig,
    finds fonts through a fontconfig file with the aliases (fontconfig.py), both from ``profile``.
    """
    docx = Path(docx)
    _soffice()
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
    fontconfig file with the aliases (fontconfig.py, where soffice uses fontconfig), both
    from ``profile``. Errors name ``source``, the .docx the data is (or will be) written to.
    """
    exe = _soffice()
    # ignore_cleanup_errors: on Windows a soffice.bin the kill missed may still hold its profile
    with tempfile.TemporaryDirectory(prefix="bulletin-soffice-", ignore_cleanup_errors=True) as tmp:
        tmpdir = Path(tmp)
        outdir = tmpdir / "out"
        outdir.mkdir()
        src = tmpdir / "in.docx"
        src.write_bytes(for_libreoffice(data, profile))
        env = soffice_env(os.environ, tmpdir, profile)
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

    _soffice()
    data = render_docx_bytes(
        bulletin, None if template is None else Path(template), profile, draft=draft
    )
    return docx_to_pdf_bytes(data, timeout, profile=profile)

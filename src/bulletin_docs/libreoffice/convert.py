"""A .docx (or a Bulletin) into a PDF through soffice: font aliases, throwaway profile, timeout."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import RenderError
from ..layout import DEFAULT, LayoutProfile
from ..model import Bulletin
from ..output import write_bytes_atomic
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
    """Convert ``docx`` to ``pdf`` (written atomically) with a throwaway LibreOffice profile.

    soffice reads a copy with the .docx fixes (docxfix.py) and finds fonts through a
    fontconfig file with the aliases (fontconfig.py), both from ``profile``.
    """
    exe = find_soffice()
    docx = Path(docx)
    if not docx.is_file():
        raise RenderError(f"找不到要转换的 .docx 文件：{docx}", file=docx)
    with tempfile.TemporaryDirectory(prefix="bulletin-soffice-") as tmp:
        tmpdir = Path(tmp)
        conf = tmpdir / "fonts.conf"
        conf.write_text(fonts_conf(profile), encoding="utf-8")
        outdir = tmpdir / "out"
        outdir.mkdir()
        src = tmpdir / "in.docx"
        src.write_bytes(for_libreoffice(docx.read_bytes(), profile))
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
            raise RenderError(f"无法启动 LibreOffice：{exc.strerror}", file=docx) from exc
        except Timeout as exc:
            raise RenderError(f"LibreOffice 转换超时（超过 {timeout:g} 秒）", file=docx) from exc
        produced = outdir / "in.pdf"
        if returncode != 0 or not produced.is_file():
            detail = (stderr or stdout or b"").decode("utf-8", "replace").strip()
            tail = detail.splitlines()[-1] if detail else f"退出码 {returncode}"
            raise RenderError(f"LibreOffice 未能把 .docx 转换为 PDF：{tail}", file=docx)
        return write_bytes_atomic(pdf, produced.read_bytes())


def render_pdf_libreoffice(
    bulletin: Bulletin,
    out: Path,
    template: str | os.PathLike[str] | None = None,
    profile: LayoutProfile = DEFAULT,
    timeout: float = 180.0,
) -> Path:
    """The issue as a .docx (through ``template``), converted to a PDF at ``out``."""
    from ..docx.render import render_docx_bytes

    find_soffice()
    data = render_docx_bytes(bulletin, None if template is None else Path(template), profile)
    with tempfile.TemporaryDirectory(prefix="bulletin-docx-") as tmp:
        docx = Path(tmp) / "issue.docx"
        docx.write_bytes(data)
        return convert_to_pdf(docx, Path(out), timeout=timeout, profile=profile)

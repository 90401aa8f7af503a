"""A .docx into a PDF through LibreOffice: CJK font aliases, throwaway profile, timeout."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .docx import lofix
from .errors import RenderError
from .layout import DEFAULT, LayoutProfile
from .model import Bulletin
from .output import write_bytes_atomic

#: Installed TrueType CJK families that can stand in for each role (layout.md, Fonts), best first.
STAND_INS: dict[str, tuple[str, ...]] = {
    "fangsong": (
        "FangSong",
        "cwTeX Q Fangsong",
        "AR PL UMing CN",
        "Droid Sans Fallback",
        "WenQuanYi Zen Hei",
    ),
    "xiaobiaosong": ("AR PL UMing CN", "AR PL SungtiL GB", "WenQuanYi Zen Hei"),
    "heiti": ("SimHei", "WenQuanYi Zen Hei", "Droid Sans Fallback"),
    "kaiti": ("KaiTi", "AR PL UKai CN", "AR PL KaitiM GB", "LXGW WenKai", "WenQuanYi Zen Hei"),
    "songti": ("SimSun", "AR PL UMing CN", "WenQuanYi Zen Hei"),
}
#: Further names offices type for the same roles (Windows English names and variants).
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "fangsong": ("仿宋", "仿宋_GB2312", "FangSong_GB2312", "FangSong"),
    "xiaobiaosong": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S"),
    "heiti": ("黑体", "SimHei"),
    "kaiti": ("楷体", "楷体_GB2312", "KaiTi_GB2312", "KaiTi"),
    "songti": ("宋体", "SimSun", "新宋体"),
}


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        exe = shutil.which(name)
        if exe:
            return exe
    raise RenderError(
        "找不到 LibreOffice（soffice）：请安装 LibreOffice 后重试，"
        "或改用 --pdf-engine native（不需要 LibreOffice）。"
    )


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fonts_conf(profile: LayoutProfile = DEFAULT) -> str:
    """A fontconfig file: the system config plus strong aliases from the .docx font names."""
    out = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        "<fontconfig>",
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    ]
    for role, stand_ins in STAND_INS.items():
        names = list(dict.fromkeys((*profile.docx_font_names.get(role, ()), *EXTRA_NAMES[role])))
        for name in names:
            if name in stand_ins:
                continue
            out.append('  <alias binding="strong">')
            out.append(f"    <family>{_esc(name)}</family>")
            out.append("    <prefer>")
            out.extend(f"      <family>{_esc(f)}</family>" for f in stand_ins)
            out.append("    </prefer>")
            out.append("  </alias>")
    out.append("</fontconfig>")
    return "\n".join(out) + "\n"


def for_libreoffice(data: bytes) -> bytes:
    """The .docx as LibreOffice 7.4 must read it to lay it out as Word does (docx/lofix.py)."""
    return lofix.for_libreoffice(data)


def _run(
    cmd: list[str], env: dict[str, str], timeout: float, docx: Path
) -> tuple[int, bytes, bytes]:
    """Run soffice in its own process group; on timeout kill the whole group (soffice.bin too)."""
    try:
        proc = subprocess.Popen(
            cmd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise RenderError(f"无法启动 LibreOffice：{exc.strerror}", file=docx) from exc
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise RenderError(
            f"LibreOffice 转换超时（超过 {timeout:g} 秒）：{docx}", file=docx
        ) from exc
    return proc.returncode, out, err


def convert_to_pdf(docx: Path, pdf: Path, timeout: float = 180.0) -> Path:
    """Convert ``docx`` to ``pdf`` (written atomically) with a throwaway LibreOffice profile."""
    exe = find_soffice()
    docx = Path(docx)
    if not docx.is_file():
        raise RenderError(f"找不到要转换的 .docx 文件：{docx}", file=docx)
    with tempfile.TemporaryDirectory(prefix="bulletin-soffice-") as tmp:
        tmpdir = Path(tmp)
        conf = tmpdir / "fonts.conf"
        conf.write_text(fonts_conf(), encoding="utf-8")
        outdir = tmpdir / "out"
        outdir.mkdir()
        src = tmpdir / "in.docx"
        src.write_bytes(for_libreoffice(docx.read_bytes()))
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
        returncode, stdout, stderr = _run(cmd, env, timeout, docx)
        produced = outdir / "in.pdf"
        if returncode != 0 or not produced.is_file():
            detail = (stderr or stdout or b"").decode("utf-8", "replace").strip()
            tail = detail.splitlines()[-1] if detail else f"退出码 {returncode}"
            raise RenderError(f"LibreOffice 未能把 .docx 转换为 PDF：{tail}", file=docx)
        return write_bytes_atomic(pdf, produced.read_bytes())


def render_pdf_libreoffice(
    bulletin: Bulletin,
    out: Path,
    template: Path | str | None = None,
    profile: LayoutProfile = DEFAULT,
    timeout: float = 180.0,
) -> Path:
    """The issue as a .docx (through ``template``), converted to a PDF at ``out``."""
    from .docx.render import render_docx_bytes

    find_soffice()
    data = render_docx_bytes(bulletin, template, profile)
    with tempfile.TemporaryDirectory(prefix="bulletin-docx-") as tmp:
        docx = Path(tmp) / "issue.docx"
        docx.write_bytes(data)
        return convert_to_pdf(docx, Path(out), timeout=timeout)

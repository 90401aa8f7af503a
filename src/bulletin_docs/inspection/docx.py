"""A .docx into what the inspector needs: the fonts it asks for, and LibreOffice's PDF of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import RenderError
from ..layout import LayoutProfile

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = ("word/document.xml", "word/styles.xml")


def requested_fonts(docx: Path) -> list[str]:
    """East Asian font names (``w:rFonts w:eastAsia``) in document.xml and styles.xml, in order."""
    names: list[str] = []
    try:
        with zipfile.ZipFile(docx) as z:
            for part in _PARTS:
                if part not in z.namelist():
                    continue
                root = ET.fromstring(z.read(part))
                for el in root.iter(f"{_W}rFonts"):
                    name = el.get(f"{_W}eastAsia")
                    if name and name not in names:
                        names.append(name)
    except (zipfile.BadZipFile, ET.ParseError, OSError) as exc:
        raise RenderError(f"无法读取 .docx：{docx}（{exc}）", file=docx) from None
    return names


def render_with_libreoffice(docx: Path, pdf: Path, timeout: float) -> Path:
    """``docx`` into ``pdf`` via bulletin_docs.libreoffice; a Chinese RenderError if impossible."""
    from ..libreoffice.finder import find_soffice

    try:
        find_soffice()
    except RenderError as exc:
        raise RenderError(
            f"无法把 .docx 转成 PDF 来检查版面：{exc.message}；也可以直接检查 PDF 文件。",
            file=docx,
        ) from None
    from ..libreoffice.convert import convert_to_pdf

    return convert_to_pdf(docx, pdf, timeout=timeout)


def docx_text(docx: Path) -> str:
    """All the text of document.xml (w:t), in order, without whitespace."""
    try:
        with zipfile.ZipFile(docx) as z:
            root = ET.fromstring(z.read("word/document.xml"))
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError) as exc:
        raise RenderError(f"无法读取 .docx：{docx}（{exc}）", file=docx) from None
    return "".join("".join((el.text or "").split()) for el in root.iter(f"{_W}t"))


def resolve_fonts(names: list[str], profile: LayoutProfile) -> dict[str, tuple[str, str]]:
    """Each requested name → (family, PostScript name) fontconfig gives LibreOffice, where known.

    Uses the project's fonts.conf for ``profile`` (bulletin_docs.libreoffice.fontconfig) as the
    conversion does; empty when fc-match (fontconfig) is not installed or LibreOffice does not
    use fontconfig here (Windows, macOS). fc-match speaks UTF-8 whatever the locale.
    """
    from ..libreoffice.convert import uses_fontconfig
    from ..libreoffice.fontconfig import fonts_conf

    exe = shutil.which("fc-match")
    if exe is None or not uses_fontconfig():
        return {}
    out: dict[str, tuple[str, str]] = {}
    with tempfile.TemporaryDirectory(prefix="bulletin-fc-") as tmp:
        conf = Path(tmp) / "fonts.conf"
        conf.write_text(fonts_conf(profile), encoding="utf-8")
        env = dict(os.environ, FONTCONFIG_FILE=str(conf))
        for name in names:
            try:
                proc = subprocess.run([exe, "-f", "%{family[0]}|%{postscriptname}", name],
                                      env=env, capture_output=True, timeout=20)
            except (OSError, UnicodeError, subprocess.TimeoutExpired):  # UnicodeError: LANG=C
                continue
            family, _, ps = proc.stdout.decode("utf-8", "replace").strip().partition("|")
            if proc.returncode == 0 and family:
                out[name] = (family, ps)
    return out

"""``bulletin-docs fonts``: each font role into the file the PDF embeds and the .docx font name."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..layout import DEFAULT, ROLE_NAMES, ROLES

NAME = "fonts"
HELP = "列出每种字体角色：PDF 使用（嵌入）的字体文件，以及 .docx 中写入的字体名"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..cli import font_arg

    parser.add_argument(
        "--font", action="append", type=font_arg, default=[], metavar="ROLE=PATH",
        help=f"指定 PDF 用的 TrueType 字体文件，角色：{', '.join(ROLES)}；可重复",
    )
    parser.add_argument(
        "--font-dir", action="append", type=Path, default=None, metavar="DIR",
        help="只在这些文件夹中查找字体（代替系统字体文件夹）；可重复",
    )


def run(args: argparse.Namespace) -> int:
    from ..pdf.fonts import glyph_fallbacks, resolve_fonts
    from ..pdf.fontset import CID_FONT

    resolved = resolve_fonts(dict(args.font) or None, args.font_dir)
    missing = []
    for role in ROLES:
        f = resolved[role]
        docx = "、".join(DEFAULT.docx_font_names[role])
        print(f"{ROLE_NAMES[role]}（{role}）")
        print(f"  .docx 字体名：{docx}")
        if f is None:
            missing.append(ROLE_NAMES[role])
            print(f"  PDF：未找到 TrueType 字体，改用 {CID_FONT}（不嵌入，由阅读器提供字形）")
        else:
            where = "用户指定" if f.source == "user" else "系统字体"
            face = f"，第 {f.index} 个字体" if f.path.suffix.lower() == ".ttc" else ""
            print(f"  PDF：{f.path}{face}（{f.family}，{where}，嵌入子集）")
    extra = [f for f in glyph_fallbacks(args.font_dir) if f not in resolved.values()]
    if extra:
        print("缺字时另外尝试：" + "；".join(f"{f.path}（{f.family}）" for f in extra))
    if missing:
        print(f"提示：{'、'.join(missing)} 没有可嵌入的字体；可用 --font 角色=字体文件 指定。")
    return 0

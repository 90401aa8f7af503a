"""``bulletin-docs fonts``: font roles into their PDF files and .docx names; borrowed glyphs."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..layout import DEFAULT, ROLE_NAMES, ROLES

NAME = "fonts"
HELP = (
    "列出每种字体角色：PDF 使用（嵌入）的字体文件、.docx 中写入的字体名；"
    "给出简报时另列取自备用字体的字"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..cli import font_arg

    parser.add_argument(
        "issue", nargs="?", type=Path, default=None, metavar="ISSUE.yaml",
        help="（选填）一期简报：列出它的 PDF 中每种角色缺、改用备用字体绘制的字",
    )
    parser.add_argument(
        "--font", action="append", type=font_arg, default=[], metavar="ROLE=PATH",
        help=f"指定 PDF 用的字体文件（TrueType 或 OpenType），角色：{', '.join(ROLES)}；可重复",
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
            print(f"  PDF：未找到可嵌入的中文字体，改用 {CID_FONT}（不嵌入，由阅读器提供字形）")
        else:
            where = "用户指定" if f.source == "user" else "系统字体"
            face = f"，第 {f.index} 个字体" if f.path.suffix.lower() in (".ttc", ".otc") else ""
            kind = "OpenType（CFF），转为 TrueType 后嵌入子集" if f.cff else "嵌入子集"
            print(f"  PDF：{f.path}{face}（{f.family}，{where}，{kind}）")
    extra = [f for f in glyph_fallbacks(args.font_dir) if f not in resolved.values()]
    if extra:
        print("缺字时另外尝试：" + "；".join(f"{f.path}（{f.family}）" for f in extra))
    if args.issue is not None:
        _issue_report(args)
    if missing:
        print(f"提示：{'、'.join(missing)} 没有可嵌入的字体；可用 --font 角色=字体文件 指定。")
    return 0


def _issue_report(args: argparse.Namespace) -> None:
    """Lay the issue out with these fonts; print the characters borrowed, and those no face has."""
    from ..api import load
    from ..pdf.coverage import fallback_lines
    from ..pdf.render import layout_pages, load_fontset

    fonts = load_fontset(dict(args.font) or None, args.font_dir)
    layout = layout_pages(load(args.issue), fonts)
    borrowed = fallback_lines(fonts, layout.borrowed)
    print(f"{args.issue}：")
    for line in borrowed:
        print(f"  {line}")
    if layout.missing_glyphs:
        print(f"  所有字体都没有的字（PDF 中可能显示为空框）：{''.join(layout.missing_glyphs)}")
    if not borrowed and not layout.missing_glyphs:
        print("  每个字都由本角色的字体绘制")

"""``bulletin-docs build``: issue files into .docx (and PDF) files beside them, one process for a batch."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..cli import print_error
from ..errors import BulletinError
from ..layout import ROLES

NAME = "build"
HELP = "把简报文件生成 .docx（加 --pdf 同时生成 PDF）"
_MISSING = object()


def _font_arg(text: str) -> tuple[str, Path]:
    role, sep, path = text.partition("=")
    if not sep or role not in ROLES or not path:
        raise argparse.ArgumentTypeError(
            f"应为 角色=字体文件路径，角色可选：{', '.join(ROLES)}；收到：{text}"
        )
    return role, Path(path)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("issues", nargs="+", type=Path, metavar="ISSUE.yaml", help="简报文件，可给多个")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT.docx", help="输出的 .docx（默认：与 YAML 同名同目录）")
    parser.add_argument("--template", type=Path, metavar="T.docx", help="自定义 .docx 模板")
    parser.add_argument(
        "--pdf", nargs="?", const=_MISSING, default=None, metavar="OUT.pdf",
        help="同时生成 PDF（不给路径时放在 YAML 旁边）",
    )
    parser.add_argument(
        "--pdf-engine", choices=("native", "libreoffice"), default="native",
        help="PDF 引擎：native（默认，reportlab 直接绘制）或 libreoffice（转换 .docx）",
    )
    parser.add_argument(
        "--font", action="append", type=_font_arg, default=[], metavar="ROLE=PATH",
        help=f"指定 PDF 用的 TrueType 字体文件，角色：{', '.join(ROLES)}；可重复",
    )


def run(args: argparse.Namespace) -> int:
    from ..api import load, render_docx, render_pdf

    many = len(args.issues) > 1
    if many and (args.output is not None or (args.pdf not in (None, _MISSING))):
        print("用法错误：一次生成多期时不能指定 -o 或 PDF 路径；输出放在各自 YAML 旁边。")
        return 2
    fonts = dict(args.font) or None
    failed = 0
    started = time.perf_counter()
    for path in args.issues:
        t0 = time.perf_counter()
        try:
            bulletin = load(path)
            docx_out = args.output or path.with_suffix(".docx")
            render_docx(bulletin, docx_out, template=args.template)
            written = [docx_out]
            if args.pdf is not None:
                pdf_out = path.with_suffix(".pdf") if args.pdf is _MISSING else Path(args.pdf)
                render_pdf(
                    bulletin, pdf_out, engine=args.pdf_engine, fonts=fonts, template=args.template
                )
                written.append(pdf_out)
        except BulletinError as exc:
            failed += 1
            print_error(exc)
            if many:
                print(f"✗ {path}：生成失败")
            continue
        ms = (time.perf_counter() - t0) * 1000
        print(f"✓ {path} → {'，'.join(str(w) for w in written)}（{ms:.0f} 毫秒）")
    if many:
        total = time.perf_counter() - started
        ok = len(args.issues) - failed
        print(f"共 {len(args.issues)} 期：成功 {ok}，失败 {failed}，用时 {total:.1f} 秒。")
    return 1 if failed else 0

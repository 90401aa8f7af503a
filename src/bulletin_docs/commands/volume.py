"""``bulletin-docs volume``: issue files and folders into one 合订本 PDF (and .docx)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..cli import font_arg
from ..layout import ROLES

NAME = "volume"
HELP = "把一年（或几年）的简报合成一本合订本 PDF：封面、目录、各期、投稿单位索引"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs", nargs="+", type=Path, metavar="文件或文件夹",
        help="简报文件或存放简报文件的文件夹（含子文件夹），可给多个",
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT.pdf", help="合订本 PDF"
    )
    parser.add_argument("--title", metavar="名称", help="封面上的简报名称（默认：各期的报头名称）")
    parser.add_argument(
        "--docx", type=Path, metavar="OUT.docx", help="同时生成合订本 .docx（目录为静态文字）"
    )
    parser.add_argument("--template", type=Path, metavar="T.docx", help="生成 .docx 用的模板")
    parser.add_argument(
        "--strict", action="store_true", help="期号检查发现问题时不生成合订本（默认只提示）"
    )
    parser.add_argument(
        "--font", action="append", type=font_arg, default=[], metavar="ROLE=PATH",
        help=f"指定 PDF 用的字体文件，角色：{', '.join(ROLES)}；可重复",
    )


def run(args: argparse.Namespace) -> int:
    from ..volume import build_volume

    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    volume = build_volume(
        args.inputs,
        args.output,
        title=args.title,
        docx=args.docx,
        template=args.template,
        fonts=dict(args.font) or None,
        strict=args.strict,
        progress=progress,
    )
    plan = volume.plan
    print(f"合订本共 {len(plan.placed)} 期、{plan.pages} 页：")
    for path in volume.outputs:
        print(f"  {path}")
    return 0

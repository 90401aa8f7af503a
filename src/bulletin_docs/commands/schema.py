"""``bulletin-docs schema``: the shipped JSON Schema of format v1 onto stdout or into a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "schema"
HELP = "输出简报文件（格式 v1）的 JSON Schema，供编辑器提示和校验"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE.json", help="写入文件（默认：输出到屏幕）"
    )


def run(args: argparse.Namespace) -> int:
    from ..issuefile.schema import schema_text

    text = schema_text()
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from ..output import write_bytes_atomic

    write_bytes_atomic(args.output, text.encode("utf-8"))
    print(f"已写入 {args.output}")
    return 0

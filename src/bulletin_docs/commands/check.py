"""``bulletin-docs check``: issue files into a verdict, every error at once, nothing written."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import print_error
from ..errors import BulletinError, BulletinErrors

NAME = "check"
HELP = "只检查简报文件，不生成文件；一次列出所有错误"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("issues", nargs="+", type=Path, metavar="ISSUE.yaml", help="简报文件")


def run(args: argparse.Namespace) -> int:
    from ..api import check_issue

    status = 0
    for path in args.issues:
        try:
            _, left = check_issue(path)
            if left:
                raise BulletinErrors(left)
        except BulletinError as exc:
            print_error(exc)
            status = 1
        else:
            print(f"{path}：检查通过。")
    return status

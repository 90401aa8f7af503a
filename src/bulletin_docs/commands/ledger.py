"""``bulletin-docs ledger``: issue files and folders into a list in order and numbering checks."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "ledger"
HELP = "按期号列出各期简报，检查期号、总期号、日期、报头名称和编印单位是否前后一致"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs", nargs="+", type=Path, metavar="文件或文件夹",
        help="简报文件或存放简报文件的文件夹（含子文件夹），可给多个",
    )
    parser.add_argument("--strict", action="store_true", help="发现问题时以状态 1 退出")


def run(args: argparse.Namespace) -> int:
    from ..volume import read_volume_ledger
    from ..volume.ledger import number_text

    ledger = read_volume_ledger(args.inputs)
    for issue in ledger.issues:
        date = issue.bulletin.masthead.date.text
        print(f"{number_text(issue)}　{date}　{issue.path}")
    print(f"共 {len(ledger.issues)} 期。")
    word = "错误" if args.strict else "提示"
    for problem in ledger.problems:
        print(f"{word}：{problem}")
    if not ledger.problems:
        print("期号检查通过。")
    return 1 if args.strict and ledger.problems else 0

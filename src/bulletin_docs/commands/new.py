"""``bulletin-docs new``: the previous issue file into the next issue's skeleton file."""

from __future__ import annotations

import argparse
import datetime as _dt
from pathlib import Path

NAME = "new"
HELP = "根据上一期生成下一期的骨架文件（期号加一，栏目和报尾照旧，文章待填写）"


def _date_arg(text: str) -> tuple[_dt.date, bool]:
    from ..issuefile.nextissue import parse_date

    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应写成 YYYY-MM-DD 或 YYYY-MM，如 2020-05-15；收到：{text}"
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("previous", type=Path, metavar="PREVIOUS.yaml", help="上一期的简报文件")
    parser.add_argument(
        "-o", "--output", type=Path, metavar="NEXT.yaml",
        help="新文件（默认：上一期旁边的 issue-年份-期号.yaml，如 issue-2020-02.yaml）",
    )
    parser.add_argument(
        "--date", type=_date_arg, metavar="YYYY-MM-DD",
        help="本期日期（默认：今天）；写 YYYY-MM 则只印年月",
    )
    parser.add_argument("--force", action="store_true", help="新文件已存在时覆盖它")


def run(args: argparse.Namespace) -> int:
    from ..api import read_issue_text
    from ..errors import OutputError
    from ..issuefile.nextissue import (
        default_output,
        next_issue_numbers,
        next_issue_text,
        read_previous,
        schema_line,
    )
    from ..output import write_bytes_atomic

    previous_path: Path = args.previous
    text = read_issue_text(previous_path)
    previous = read_previous(text, str(previous_path))
    date, has_day = args.date if args.date else (_dt.date.today(), None)
    output: Path = args.output or default_output(
        previous_path, next_issue_numbers(previous, date)
    )
    if output.exists() and not args.force:
        raise OutputError("文件已存在，没有覆盖（如要覆盖，请加 --force）", file=output)
    body = next_issue_text(
        previous, date, has_day=has_day, schema_comment=schema_line(text, previous_path, output)
    )
    write_bytes_atomic(output, body.encode("utf-8"))
    print(f"已生成 {output}")
    print("请把其中所有“【请填写……】”换成本期内容，再运行：bulletin-docs check " + str(output))
    return 0

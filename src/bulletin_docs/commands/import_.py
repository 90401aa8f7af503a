"""``bulletin-docs import``: a Word 简报 (.docx, .doc, .wps) into an issue file and its photos."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

NAME = "import"
HELP = "把 Word 简报（.docx，或经 LibreOffice 转换的 .doc/.wps）导入为简报文件（YAML）和照片"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("word", type=Path, metavar="OLD.docx", help="要导入的 Word 简报")
    parser.add_argument(
        "-o", "--output", type=Path, metavar="issue.yaml",
        help="写出的简报文件（默认：Word 文件旁边同名的 .yaml）；照片存入它旁边的 photos/",
    )
    parser.add_argument("--force", action="store_true", help="简报文件已存在时覆盖它")


def run(args: argparse.Namespace) -> int:
    from ..errors import OutputError
    from ..output import write_bytes_atomic
    from ..wordimport.result import draft_bulletin, issue_text, read_draft, write_photos

    source: Path = args.word
    output: Path = args.output or source.with_suffix(".yaml")
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise OutputError("简报文件应以 .yaml 结尾", file=output)
    if output.exists() and not args.force:
        raise OutputError("文件已存在，没有覆盖（如要覆盖，请加 --force）", file=output)
    draft = read_draft(source)
    folder = output.parent if str(output.parent) else Path(".")
    clash = [n for n in draft.photos if (folder / n).exists()]
    if clash and not args.force:
        raise OutputError(
            "照片文件已存在，没有覆盖（如要覆盖，请加 --force）", file=folder / clash[0]
        )
    with tempfile.TemporaryDirectory(prefix="bulletin-import-") as tmp:
        write_photos(draft, Path(tmp))
        draft_bulletin(draft, Path(tmp))  # refused here: nothing written yet
    write_photos(draft, folder)
    bulletin = draft_bulletin(draft, folder)
    text = issue_text(bulletin, draft.notes, folder, source)
    write_bytes_atomic(output, text.encode("utf-8"))
    print(f"已导入 {output}（{len(draft.photos)} 张照片）")
    for note in draft.notes:
        print(f"注意：{note}")
    print("请核对后运行：bulletin-docs check " + str(output))
    return 0

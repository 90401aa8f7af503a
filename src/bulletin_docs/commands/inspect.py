"""``bulletin-docs inspect``: a rendered PDF, OFD or .docx into checks against the page spec."""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

NAME = "inspect"
HELP = (
    "测量 PDF、OFD（或经 LibreOffice 渲染的 .docx）的版面，逐项对照版面规范；"
    "--compare 比较两份 PDF"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE",
                        help="要检查的 .pdf、.ofd 或 .docx；与 --compare 一起时为两份 PDF")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果（供脚本使用）")
    parser.add_argument("--compare", action="store_true",
                        help="比较两份 PDF（.docx 先经 LibreOffice 渲染）：页数，"
                             "以及正文行在同一字处断行的比例")
    parser.add_argument("--keep-pdf", type=Path, metavar="OUT.pdf",
                        help="检查 .docx 时，把 LibreOffice 渲染的 PDF 保存到此处")
    parser.add_argument("--timeout", type=float, default=180.0, metavar="秒",
                        help="LibreOffice 转换的超时（默认 180 秒）")


def run(args: argparse.Namespace) -> int:
    from ..inspection import compare_files, inspect_file

    if args.compare:
        if len(args.files) != 2:
            return _usage("--compare 需要正好两个文件（.pdf 或 .docx）。")
        with tempfile.TemporaryDirectory(prefix="bulletin-compare-") as tmp:
            a, b = (_as_pdf(f, Path(tmp) / f"{i}.pdf", args.timeout)
                    for i, f in enumerate(args.files))
            parity = compare_files(a, b)
        parity = replace(parity, a=str(args.files[0]), b=str(args.files[1]))
        print(parity.to_json() if args.json else parity.to_text())
        return 0 if parity.ok else 1
    if args.keep_pdf is not None and len(args.files) != 1:
        return _usage("--keep-pdf 只能用于一个文件。")
    status = 0
    reports = []
    for path in args.files:
        report = inspect_file(path, timeout=args.timeout, keep_pdf=args.keep_pdf)
        reports.append(report)
        if not report.ok:
            status = 1
    if args.json:
        import json

        data = [r.to_dict() for r in reports]
        print(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(r.to_text() for r in reports))
    return status


def _usage(message: str) -> int:
    """A usage error on stderr, as argparse reports its own; exit status 2."""
    print(f"bulletin-docs inspect：用法错误：{message}", file=sys.stderr)
    return 2


def _as_pdf(path: Path, scratch: Path, timeout: float) -> Path:
    """A file given to --compare as a PDF: itself, or LibreOffice's rendering of a .docx."""
    from ..errors import BulletinError
    from ..inspection.docx import render_with_libreoffice

    if not path.is_file():
        raise BulletinError("找不到要比较的文件。", file=path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return render_with_libreoffice(path, scratch, timeout)
    if suffix != ".pdf":
        raise BulletinError("--compare 只比较 .pdf 或 .docx 文件。", file=path)
    return path

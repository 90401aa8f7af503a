"""``bulletin-docs build``: issue files into .docx (and PDF, OFD) files beside them, in one go."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..cli import font_arg, print_error
from ..layout import ROLES

NAME = "build"
HELP = "把简报文件生成 .docx（加 --pdf、--ofd 同时生成 PDF、OFD）"
_MISSING = object()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "issues", nargs="*", type=Path, metavar="ISSUE.yaml", help="简报文件，可给多个"
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="OUT.docx",
        help="输出的 .docx（默认：与 YAML 同名同目录）",
    )
    parser.add_argument("--template", type=Path, metavar="T.docx", help="自定义 .docx 模板")
    parser.add_argument(
        "--draft", action="store_true",
        help="草稿：还有【请填写……】或空栏目时也照样生成，占位文字用醒目的颜色标出",
    )
    parser.add_argument(
        "--pdf", nargs="?", const=_MISSING, default=None, metavar="OUT.pdf",
        help="同时生成 PDF（不给路径时放在 YAML 旁边）",
    )
    parser.add_argument(
        "--ofd", nargs="?", const=_MISSING, default=None, metavar="OUT.ofd",
        help="同时生成 OFD（GB/T 33190 版式文档，与原生 PDF 同一排版；不给路径时放在 YAML 旁边）",
    )
    parser.add_argument(
        "--pdf-engine", choices=("native", "libreoffice"), default="native",
        help="PDF 引擎：native（默认，reportlab 直接绘制）或 libreoffice（转换 .docx）",
    )
    parser.add_argument(
        "-j", "--jobs", type=_jobs, default=1, metavar="N",
        help="同时生成 N 期（每期一个进程，默认 1）；输出与逐期生成相同",
    )
    parser.add_argument(
        "--font", action="append", type=font_arg, default=[], metavar="ROLE=PATH",
        help=f"指定 PDF 用的字体文件（TrueType 或 OpenType），角色：{', '.join(ROLES)}；可重复",
    )
    parser.add_argument(
        "--no-cache", action="store_true",
        help="不读写缓存（字体、照片、模板每次重新处理；也可设环境变量 BULLETIN_DOCS_NO_CACHE=1）",
    )


def _jobs(text: str) -> int:
    """``-j N``: a whole number of processes, at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"-j 后面应为不小于 1 的整数，收到：{text}")
    return int(text)


def _usage_error(message: str) -> None:
    print(f"bulletin-docs build：用法错误：{message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from ..batch import BuildResult, build_many
    from ..cache.store import configure

    configure(False if args.no_cache else None)

    if isinstance(args.pdf, str):
        if Path(args.pdf).suffix.lower() in (".yaml", ".yml"):
            # `build --pdf a.yaml b.yaml`: argparse took a.yaml as the PDF path; it is an input.
            args.issues.insert(0, Path(args.pdf))
            args.pdf = _MISSING
        elif Path(args.pdf).suffix.lower() != ".pdf":
            _usage_error(f"--pdf 后面的输出路径应以 .pdf 结尾：{args.pdf}")
            return 2
    if args.output is not None and args.output.suffix.lower() != ".docx":
        _usage_error(f"-o 后面的输出路径应以 .docx 结尾：{args.output}")
        return 2
    if isinstance(args.ofd, str):
        if Path(args.ofd).suffix.lower() in (".yaml", ".yml"):
            args.issues.insert(0, Path(args.ofd))  # `build --ofd a.yaml`: an input, as for --pdf
            args.ofd = _MISSING
        elif Path(args.ofd).suffix.lower() != ".ofd":
            _usage_error(f"--ofd 后面的输出路径应以 .ofd 结尾：{args.ofd}")
            return 2
    if not args.issues:
        _usage_error("缺少简报文件 ISSUE.yaml")
        return 2
    many = len(args.issues) > 1
    if many and (args.output is not None or args.pdf not in (None, _MISSING)
                 or args.ofd not in (None, _MISSING)):
        _usage_error("一次生成多期时不能指定 -o、PDF 或 OFD 路径；输出放在各自 YAML 旁边。")
        return 2

    def report(result: BuildResult) -> None:
        if result.error is not None:
            print_error(result.error)
            if many:
                print(f"× {result.path}：生成失败")
            return
        ms = result.seconds * 1000
        written = "，".join(str(w) for w in result.outputs)
        print(f"√ {result.path} → {written}（{ms:.0f} 毫秒）")

    pdf: bool | Path = args.pdf is not None
    if args.pdf not in (None, _MISSING):
        pdf = Path(args.pdf)
    ofd: bool | Path = args.ofd is not None
    if args.ofd not in (None, _MISSING):
        ofd = Path(args.ofd)
    started = time.perf_counter()
    results = build_many(
        args.issues,
        pdf=pdf,
        pdf_engine=args.pdf_engine,
        fonts=dict(args.font) or None,
        template=args.template,
        on_result=report,
        output=args.output,
        draft=args.draft,
        ofd=ofd,
        jobs=args.jobs,
    )
    failed = sum(1 for r in results if not r.ok)
    if many:
        total = time.perf_counter() - started
        ok = len(results) - failed
        print(f"共 {len(results)} 期：成功 {ok}，失败 {failed}，用时 {total:.1f} 秒。")
    return 1 if failed else 0

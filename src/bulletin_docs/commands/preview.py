"""``bulletin-docs preview``: an issue file into a live page in the browser, updated on save."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..layout import ROLES

NAME = "preview"
HELP = "在浏览器中实时预览简报：保存文件后页面自动更新（只在本机 127.0.0.1 上）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..cli import font_arg

    parser.add_argument("issue", type=Path, metavar="ISSUE.yaml", help="简报文件")
    parser.add_argument(
        "--port", type=int, default=0, metavar="N",
        help="使用的端口（默认自动选一个空闲的）",
    )
    parser.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    parser.add_argument(
        "--font", action="append", type=font_arg, default=[], metavar="ROLE=PATH",
        help=f"指定 PDF 用的字体文件（同 build），角色：{', '.join(ROLES)}；可重复",
    )


def run(args: argparse.Namespace) -> int:
    from ..errors import BulletinError

    try:
        import pypdfium2  # noqa: F401 (only whether it is installed)
    except ImportError:
        raise BulletinError(
            '预览需要 pypdfium2：请运行 pip install "bulletin-docs[preview]"'
        ) from None
    from ..preview.server import PreviewServer
    from ..preview.session import Session

    if not 0 <= args.port <= 65535:
        print(
            f"bulletin-docs preview：用法错误：端口应在 0–65535 之间：{args.port}", file=sys.stderr
        )
        return 2
    session = Session(args.issue, fonts=dict(args.font) or None)
    try:
        server = PreviewServer(session, args.port)
    except OSError as exc:
        raise BulletinError(
            f"无法在 127.0.0.1:{args.port} 上启动预览：{exc.strerror}"
            "（端口可能已被占用，换一个 --port）"
        ) from None
    server.start_watching()
    print(f"预览 {args.issue}：{server.url}（保存文件后页面自动更新；按 Ctrl+C 停止）", flush=True)
    if not args.no_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("预览已停止。", file=sys.stderr)
    finally:
        server.close()
    return 0

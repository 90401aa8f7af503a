"""The command modules into bulletin-docs's argument parser, its fixed words in Chinese."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from ._version import __version__

#: Subcommands, each a module of bulletin_docs.commands with NAME, HELP,
#: add_arguments(parser) and run(args) -> int. Heavy imports happen inside run().
COMMANDS = (
    "build", "check", "new", "schema", "fonts", "template_check", "inspect", "preview",
    "volume", "ledger", "cache", "import_",
)
#: The subcommands that may run LibreOffice: they take ``--soffice PATH``.
LIBREOFFICE_COMMANDS = ("build", "inspect")


class _Parser(argparse.ArgumentParser):
    """argparse with its fixed English words said in Chinese."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：用法错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser of every subcommand (each module's ``add_arguments``), ``--soffice`` where
    LibreOffice may run."""
    from .libreoffice.finder import SOFFICE_ENV

    parser = _Parser(
        prog="bulletin-docs",
        description="把简报的 YAML 文件排成 Word .docx 和 PDF。",
    )
    parser.add_argument("--version", action="version", version=f"bulletin-docs {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name in COMMANDS:
        module = import_module(f".commands.{name}", __package__)
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        if name in LIBREOFFICE_COMMANDS:
            p.add_argument(
                "--soffice", metavar="PATH",
                help=f"LibreOffice 的 soffice 程序（默认自动查找；也可用环境变量 {SOFFICE_ENV}）",
            )
        p.set_defaults(_run=module.run)
    return parser

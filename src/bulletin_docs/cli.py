"""Command-line arguments into a command run: Chinese errors, exit status 0 ok, 1 input, 2 usage."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from importlib import import_module
from pathlib import Path
from typing import TextIO

from ._version import __version__
from .errors import BulletinError, BulletinErrors, BulletinWarning
from .libreoffice.finder import SOFFICE_ENV
from .streams import never_fail

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


def font_arg(text: str) -> tuple[str, Path]:
    """``--font ROLE=PATH`` (build, fonts) into (role, path); a usage error otherwise."""
    from .layout import ROLES

    role, sep, path = text.partition("=")
    if not sep or role not in ROLES or not path:
        raise argparse.ArgumentTypeError(
            f"应为 角色=字体文件路径，角色可选：{', '.join(ROLES)}；收到：{text}"
        )
    return role, Path(path)


def print_error(error: BulletinError, stream: TextIO | None = None) -> None:
    """Print an input error (or several) as the clerk reads them: one Chinese line each."""
    out = stream or sys.stderr
    errors = error.errors if isinstance(error, BulletinErrors) else (error,)
    for e in errors:
        print(f"错误：{e}", file=out)
    if isinstance(error, BulletinErrors) and error.omitted:
        print(f"……另有 {error.omitted} 处错误未列出。", file=out)


def print_warning(message: warnings.WarningMessage, stream: TextIO | None = None) -> None:
    print(f"提示：{message.message}", file=stream or sys.stderr)


def _drop_stdout() -> None:
    """Point stdout at the null device: the reader is gone, and flushing at exit must not fail."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@contextlib.contextmanager
def soffice_override(path: str | None) -> Iterator[None]:
    """``--soffice PATH``: $BULLETIN_DOCS_SOFFICE, which the LibreOffice finder reads, for a run."""
    if not path:
        yield
        return
    before = os.environ.get(SOFFICE_ENV)
    os.environ[SOFFICE_ENV] = path
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(SOFFICE_ENV, None)
        else:
            os.environ[SOFFICE_ENV] = before


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (the CLI is testable in-process).

    stdout and stderr first get replacements for what their encoding lacks (streams.py):
    a clerk's log redirected as GBK gets √ for ✓, never a UnicodeEncodeError.
    """
    never_fail()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code or 0)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BulletinWarning)
        try:
            with soffice_override(getattr(args, "soffice", None)):
                status = int(args._run(args))
        except BulletinError as exc:
            print_error(exc)
            status = 1
        except KeyboardInterrupt:
            print("已中断。", file=sys.stderr)
            status = 130
        except BrokenPipeError:  # `bulletin-docs inspect x.pdf | more` closed early
            _drop_stdout()
            status = 1
        finally:
            seen: set[str] = set()
            for w in caught:
                if issubclass(w.category, BulletinWarning):
                    text = str(w.message)
                    if text not in seen:
                        seen.add(text)
                        print_warning(w)
                else:
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    return status

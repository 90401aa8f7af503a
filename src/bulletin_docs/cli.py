"""Command-line arguments into a command run: Chinese errors, exit status 0 ok, 1 input, 2 usage."""

from __future__ import annotations

import contextlib
import os
import sys
import warnings

from .streams import never_fail

# Nothing else is imported before a build is handed to the warm background process
# (warm/client.py): typing, pathlib and our error classes come with the first use.
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator, Sequence
    from pathlib import Path
    from typing import TextIO

    from .errors import BulletinError

def font_arg(text: str) -> tuple[str, Path]:
    """``--font ROLE=PATH`` (build, fonts) into (role, path); a usage error otherwise."""
    import argparse
    from pathlib import Path

    from .layout import ROLES

    role, sep, path = text.partition("=")
    if not sep or role not in ROLES or not path:
        raise argparse.ArgumentTypeError(
            f"应为 角色=字体文件路径，角色可选：{', '.join(ROLES)}；收到：{text}"
        )
    return role, Path(path)


def print_error(error: BulletinError, stream: TextIO | None = None) -> None:
    """Print an input error (or several) as the clerk reads them: one Chinese line each."""
    from .errors import BulletinErrors

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
    from .libreoffice.finder import SOFFICE_ENV

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
    a clerk's log redirected as GBK gets √ for ✓, never a UnicodeEncodeError. A ``build``
    goes to the warm background process when one of this installation runs (warm/); when
    none does, it is built here and one is started for the next build.
    """
    never_fail()
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] != ["build"] or "--no-cache" in arguments:
        return _run(arguments)
    from .warm import client

    try:
        outcome = client.delegate(arguments)
    except KeyboardInterrupt:  # the build goes on in the background process; its files
        print("已中断。", file=sys.stderr)  # are written whole or not at all
        return 130
    except BrokenPipeError:  # `bulletin-docs build … | head` closed early
        _drop_stdout()
        return 1
    if outcome.status is not None:
        return outcome.status
    status = _run(arguments)
    if status in (0, 1) and outcome.reason in client.RESTARTABLE:
        client.start(arguments)
    return status


def _run(argv: list[str]) -> int:
    """Parse ``argv`` and run its command in this process."""
    from .errors import BulletinError, BulletinWarning
    from .parser import build_parser

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

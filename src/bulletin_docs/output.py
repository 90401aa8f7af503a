"""Finished bytes into a file on disk, atomically: a temporary file beside it, then os.replace."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _final_mode(target: Path) -> int:
    """The mode the finished file gets: the old file's, or what a plain open() would give.

    ``mkstemp`` creates files readable by their owner only (0600); a clerk's
    .docx should be as readable as any file they save.
    """
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _check_folder(path: Path) -> None:
    folder = path.parent
    if not folder.exists():
        raise OutputError(f"输出文件夹不存在：{folder}", file=path)
    if not folder.is_dir():
        raise OutputError(f"输出位置不是文件夹：{folder}", file=path)
    if path.is_dir():
        raise OutputError(f"输出路径是一个文件夹，不能写成文件：{path}", file=path)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces ``path``, on any error ``path`` is untouched."""
    target = Path(path)
    _check_folder(target)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise OutputError(
            f"无法在 {target.parent} 中写入临时文件：{exc.strerror}", file=target
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, _final_mode(target))
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise OutputError(
                f"无法覆盖 {target}：文件可能正被其他程序（如 Word、WPS）打开，请关闭后重试。",
                file=target,
            ) from exc
        except OSError as exc:
            raise OutputError(f"无法写入 {target}：{exc.strerror}", file=target) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_atomic(path: str | os.PathLike[str], writer: Callable[[BinaryIO], None]) -> Path:
    """Call ``writer(fh)`` and move what it wrote into ``path``; return the path."""
    with atomic_output(path) as fh:
        writer(fh)
    return Path(path)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    return write_atomic(path, lambda fh: fh.write(data))  # type: ignore[arg-type]

"""Finished bytes into files on disk, atomically: temporaries beside them, then os.replace
(or into a caller's writable binary file object).

A target is replaced only when it already holds a file of the kind being written (a
.docx or a PDF); a build's .docx and PDF are replaced together or not at all.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError


@dataclass(frozen=True)
class Kind:
    """A kind of output file: its suffix, its name for the clerk, and how to recognise one."""

    suffix: str
    name: str
    holds: Callable[[Path], bool]


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return "word/document.xml" in zf.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"%PDF"
    except OSError:
        return False


def _is_ofd(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return "OFD.xml" in zf.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


DOCX = Kind(".docx", "Word .docx 文件", _is_docx)
PDF = Kind(".pdf", "PDF 文件", _is_pdf)
OFD = Kind(".ofd", "OFD 文件", _is_ofd)


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


def check_target(
    path: Path, kind: Kind, protected: Mapping[Path, str] | None = None
) -> None:
    """OutputError unless ``path`` may receive a new file of ``kind``.

    It must end in the kind's suffix, must not be one of the ``protected`` files
    (resolved path -> what it is, e.g. 简报文件), and when it exists it must
    already be a file of that kind: nothing else is ever replaced.
    """
    what = (protected or {}).get(path.resolve())
    if what is not None:
        raise OutputError(f"这是{what}，不能作为输出文件（会覆盖它）", file=path)
    if path.suffix.lower() != kind.suffix:
        raise OutputError(f"输出文件应以 {kind.suffix} 结尾", file=path)
    _check_folder(path)
    if (path.exists() or path.is_symlink()) and not (path.is_file() and kind.holds(path)):
        raise OutputError(
            f"这个文件已存在，但不是 {kind.name}；为免覆盖，没有写入。"
            "请换一个输出文件名，或先移走这个文件。",
            file=path,
        )


def _replace(tmp: Path, target: Path) -> None:
    """``os.replace`` with the clerk's reasons for failing."""
    try:
        os.replace(tmp, target)
    except PermissionError as exc:  # Windows, while Word or a PDF viewer holds the file
        raise OutputError(
            f"无法覆盖 {target}：文件可能正被其他程序（如 Word、WPS、PDF 阅读器）打开，"
            "请关闭后重试。",
            file=target,
        ) from exc
    except OSError as exc:
        raise OutputError(f"无法写入 {target}：{exc.strerror}", file=target) from exc


def _temporary(target: Path, tag: str = "tmp") -> tuple[int, Path]:
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".{tag}", dir=target.parent)
    except OSError as exc:
        raise OutputError(
            f"无法在 {target.parent} 中写入临时文件：{exc.strerror}", file=target
        ) from exc
    return fd, Path(name)


@contextlib.contextmanager
def _staged(target: Path) -> Iterator[tuple[BinaryIO, Path]]:
    """A temporary file beside ``target``, synced and given its final mode when the block
    ends, removed when the block fails (after it, moving or removing it is the caller's)."""
    fd, tmp = _temporary(target)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh, tmp
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, _final_mode(target))
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], kind: Kind | None = None) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces ``path``, on any error ``path`` is untouched.

    With a ``kind``, ``path`` must be fit for it (:func:`check_target`).
    """
    target = Path(path)
    if kind is not None:
        check_target(target, kind)
    else:
        _check_folder(target)
    with _staged(target) as (fh, tmp):
        yield fh
    try:
        _replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_atomic(
    path: str | os.PathLike[str], writer: Callable[[BinaryIO], None], kind: Kind | None = None
) -> Path:
    """Call ``writer(fh)`` and move what it wrote into ``path``; return the path."""
    with atomic_output(path, kind) as fh:
        writer(fh)
    return Path(path)


def write_bytes_atomic(
    path: str | os.PathLike[str], data: bytes, kind: Kind | None = None
) -> Path:
    return write_atomic(path, lambda fh: fh.write(data), kind)  # type: ignore[arg-type]


def write_output(
    target: str | os.PathLike[str] | BinaryIO, data: bytes, kind: Kind
) -> Path | None:
    """``data`` into ``target``: a path is written atomically (:func:`write_bytes_atomic`,
    returning it); a writable binary file object (an open file, ``io.BytesIO``, a web
    framework's response) gets every byte at its position, and None is returned."""
    if isinstance(target, (str, os.PathLike)):
        return write_bytes_atomic(target, data, kind)
    write = getattr(target, "write", None)
    if write is None:
        raise TypeError(
            f"输出应为文件路径或以二进制方式打开的文件对象，收到的是 {type(target).__name__}"
        )
    if isinstance(target, io.TextIOBase):
        raise TypeError(
            f"{kind.name}是二进制数据：请以二进制方式打开输出文件（open(路径, \"wb\")）"
        )
    view = memoryview(data)
    while view:  # a raw stream may take part of it per call
        written = write(view)
        view = view[len(view) if written is None else written :]
    return None


def write_together(files: Sequence[tuple[Path, bytes]]) -> list[Path]:
    """Write every (path, data) as one unit: all replaced, or none changed.

    Every file is staged beside its target first; the targets are then replaced in
    order, each but the last backed up first. When one cannot be replaced (on Windows:
    open in Word or a PDF viewer) the earlier ones are put back and the error names it.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files:
            _check_folder(target)
            with _staged(target) as (fh, tmp):
                fh.write(data)
            staged.append((tmp, target))
        _replace_all(staged)
    finally:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    return [target for target, _ in files]


def _replace_all(staged: Sequence[tuple[Path, Path]]) -> None:
    done: list[tuple[Path, Path | None]] = []  # (target, its backup; None: it was new)
    try:
        for i, (tmp, target) in enumerate(staged):
            backup = _backup(target) if i < len(staged) - 1 else None
            try:
                _replace(tmp, target)
            except BaseException:
                if backup is not None:
                    backup.unlink()
                raise
            done.append((target, backup))
    except OutputError as exc:
        kept = _restore(done)
        if kept:
            raise OutputError(f"{exc.message}另外，{kept}", file=exc.file) from exc
        raise
    except BaseException:
        _restore(done)
        raise
    for _, backup in done:
        if backup is not None:
            with contextlib.suppress(FileNotFoundError):
                backup.unlink()


def _backup(target: Path) -> Path | None:
    """A copy of ``target`` beside it (None when there is no such file yet)."""
    if not target.exists():
        return None
    fd, backup = _temporary(target, "bak")
    os.close(fd)
    try:
        shutil.copy2(target, backup)
    except OSError as exc:
        backup.unlink()
        raise OutputError(f"无法读取 {target}：{exc.strerror}", file=target) from exc
    return backup


def _restore(done: Sequence[tuple[Path, Path | None]]) -> str:
    """Put the files replaced so far back as they were (remove those that were new);
    what could not be put back, said for the clerk ("" when all were)."""
    kept = []
    for target, backup in reversed(done):
        try:
            if backup is None:
                target.unlink()
            else:
                os.replace(backup, target)
        except OSError:
            where = f"，原来的文件保存在 {backup}" if backup is not None else ""
            kept.append(f"{target} 未能恢复{where}。")
    return "".join(kept)

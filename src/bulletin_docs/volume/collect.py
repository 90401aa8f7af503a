"""Files and folders named on the command line into loaded issues, or every error at once."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import BulletinError, BulletinErrors
from ..layout import DEFAULT, LayoutProfile
from ..model import Bulletin

PathLike = str | os.PathLike[str]

#: What an issue file is called inside a folder.
ISSUE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadedIssue:
    """One issue file and the issue read from it."""

    path: Path
    bulletin: Bulletin


def find_issue_files(paths: Iterable[PathLike]) -> list[Path]:
    """Every issue file named or found (recursively, hidden folders skipped), each once.

    A folder without any .yaml file, or a path that does not exist, is an error.
    """
    found: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            inside = sorted(
                p for p in item.rglob("*")
                if p.suffix.lower() in ISSUE_SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(item).parts)
            )
            if not inside:
                raise BulletinError(f"文件夹 {item} 里没有简报文件（.yaml）。", file=item)
            found.extend(inside)
        elif item.is_file():
            found.append(item)
        else:
            raise BulletinError(f"找不到简报文件或文件夹：{item}", file=item)
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def load_issues(
    paths: Iterable[Path],
    *,
    profile: LayoutProfile = DEFAULT,
    progress: Callable[[int, int, Path], None] | None = None,
) -> list[LoadedIssue]:
    """Each file read as ``check`` reads it; BulletinErrors with every file's errors if any.

    A 【请填写……】 placeholder left in an issue is an error here as in ``build``.
    """
    from ..api import check_issue

    files = list(paths)
    loaded: list[LoadedIssue] = []
    errors: list[BulletinError] = []
    omitted = 0
    for i, path in enumerate(files, start=1):
        if progress is not None:
            progress(i, len(files), path)
        try:
            bulletin, left = check_issue(path, profile=profile)
        except BulletinErrors as exc:
            errors.extend(exc.errors)
            omitted += exc.omitted
            continue
        except BulletinError as exc:
            errors.append(exc)
            continue
        if left:
            errors.extend(left)
        else:
            loaded.append(LoadedIssue(path, bulletin))
    if errors:
        raise BulletinErrors(errors, omitted=omitted)
    return loaded

"""Issue files and folders into the written 合订本: read, ledgered, laid out, written as one."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import BulletinError, BulletinErrors, BulletinWarning
from ..layout import DEFAULT, LayoutProfile
from ..output import DOCX, PDF, check_target, write_together
from .book import Progress, VolumePlan, build_volume_pdf
from .collect import find_issue_files, load_issues
from .ledger import Ledger, read_ledger

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class Volume:
    """What ``build_volume`` wrote: the files, the ledger it checked, the volume's plan."""

    outputs: tuple[Path, ...]
    ledger: Ledger
    plan: VolumePlan


def read_volume_ledger(
    paths: Iterable[PathLike], *, profile: LayoutProfile = DEFAULT, progress: Progress | None = None
) -> Ledger:
    """Every issue file under ``paths`` read (BulletinErrors naming each bad file) and ledgered."""
    say = progress or (lambda _text: None)
    files = find_issue_files(paths)
    issues = load_issues(files, profile=profile, progress=lambda i, n, p: say(f"读取 {i}/{n}：{p}"))
    return read_ledger(issues)


def build_volume(
    paths: Iterable[PathLike],
    out: PathLike,
    *,
    title: str | None = None,
    docx: PathLike | None = None,
    template: PathLike | None = None,
    fonts: Mapping[str, PathLike] | None = None,
    profile: LayoutProfile = DEFAULT,
    strict: bool = False,
    progress: Progress | None = None,
) -> Volume:
    """Bind every issue file found under ``paths`` into the PDF ``out``; return what was done.

    Any file with errors (placeholders included) stops the volume: BulletinErrors lists
    them all and nothing is written. Ledger problems are BulletinWarnings, errors with
    ``strict``. ``title`` replaces the bulletin's title on the cover. ``docx`` also writes
    the volume as one .docx (through ``template``). The PDF (and .docx) are written
    together, each only over a file of its kind or nothing.
    """
    from ..pdf.render import load_fontset

    target = Path(out)
    ledger = read_volume_ledger(paths, profile=profile, progress=progress)
    if not ledger.issues:
        raise BulletinError("没有找到任何简报文件，合订本未生成。")
    if strict and ledger.problems:
        raise BulletinErrors(BulletinError(f"期号检查：{p}") for p in ledger.problems)
    for problem in ledger.problems:
        warnings.warn(BulletinWarning(f"期号检查：{problem}"), stacklevel=2)
    protected = _protected(ledger)
    check_target(target, PDF, protected)
    docx_target = Path(docx) if docx is not None else None
    if docx_target is not None:  # its suffix keeps it apart from the PDF
        check_target(docx_target, DOCX, protected)
    fontset = load_fontset(fonts)
    plan, pdf = build_volume_pdf(
        ledger.issues, fontset, profile, title=title, progress=progress
    )
    files = [(target, pdf)]
    if docx_target is not None:
        from .docx import volume_docx

        data = volume_docx(plan, profile, template=template, progress=progress)
        files.append((docx_target, data))
    written = write_together(files)
    return Volume(tuple(written), ledger, plan)


def _protected(ledger: Ledger) -> dict[Path, str]:
    """Files a volume must never overwrite: the issue files and their photos."""
    out: dict[Path, str] = {}
    for issue in ledger.issues:
        out[issue.path.resolve()] = "简报文件"
        for photo in issue.bulletin.photos():
            if photo.file is not None:
                out[photo.file.resolve()] = "简报用到的照片"
    return out



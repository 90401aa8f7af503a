"""Many issue files into their .docx (and PDF, OFD) files in one process, one result per issue."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import (
    BulletinError,
    BulletinErrors,
    BulletinWarning,
    OutputError,
    SchemaError,
)
from .layout import DEFAULT, LayoutProfile
from .model import Bulletin
from .output import DOCX, OFD, PDF, check_target, write_together

PathLike = str | os.PathLike[str]

__all__ = ["BuildResult", "build_many"]


@dataclass(frozen=True)
class BuildResult:
    """What building one issue file did: the files written, or the error that stopped it.

    ``outputs`` lists the files written, in order (.docx, PDF, OFD); they are written
    together, so when ``error`` is set nothing was written or changed.
    ``warnings`` holds the texts of the BulletinWarnings raised for this issue.
    """

    path: Path
    outputs: tuple[Path, ...] = ()
    error: BulletinError | None = None
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


def _protected(source: Path, bulletin: Bulletin) -> dict[Path, str]:
    """The files a build must never overwrite: the issue file and every photo it uses."""
    out = {p.file.resolve(): "本期用到的照片" for p in bulletin.photos() if p.file is not None}
    out[source.resolve()] = "简报文件"
    return out


def _check_outputs(
    source: Path, bulletin: Bulletin, docx: Path, pdf: Path | None, ofd: Path | None
) -> None:
    """Refuse outputs of the wrong kind, over files not ours, or over each other."""
    protected = _protected(source, bulletin)
    check_target(docx, DOCX, protected)
    if pdf is not None:
        check_target(pdf, PDF, protected)
        if docx.resolve() == pdf.resolve():
            raise OutputError(f".docx 和 PDF 不能写到同一个文件：{pdf}", file=source)
    if ofd is not None:
        check_target(ofd, OFD, protected)
        if ofd.resolve() in (docx.resolve(), pdf.resolve() if pdf else None):
            raise OutputError(f"OFD 不能与 .docx 或 PDF 写到同一个文件：{ofd}", file=source)


def _draft_warning(path: Path, left: list[SchemaError]) -> BulletinWarning:
    return BulletinWarning(
        f"{path} 是草稿：还有 {len(left)} 处未填写（占位文字已用醒目的颜色标出），"
        "填写完并通过 check 之前不要印发。"
    )


def build_many(
    paths: Iterable[PathLike],
    *,
    pdf: bool | PathLike = False,
    pdf_engine: str = "native",
    fonts: Mapping[str, PathLike] | None = None,
    template: PathLike | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
    output: PathLike | None = None,
    profile: LayoutProfile = DEFAULT,
    draft: bool = False,
    ofd: bool | PathLike = False,
) -> list[BuildResult]:
    """Build each issue file (load → .docx → optional PDF); return a BuildResult per path, in order.

    Outputs go beside each YAML file (``issue.yaml`` → ``issue.docx``, ``issue.pdf``).
    An issue that ``check`` refuses (【请填写……】 placeholders left, empty sections) is
    refused here too, unless ``draft``: then it is built with its placeholders in the
    profile's placeholder colour, and a BulletinWarning says so. An existing output is
    replaced only when it is a file of its kind, never the issue file or one of its
    photos; the .docx and the PDF are replaced together or not at all.
    A BulletinError in one issue is recorded in its result and the next issue is
    built; any other exception is a bug and propagates. ``on_result`` is called
    after each issue (for progress lines). ``output`` (the .docx path) and a path
    given as ``pdf`` are only allowed with a single input. ``fonts``, ``template``
    and the layout ``profile`` are the same for every issue (the profile for both PDF
    engines: LibreOffice's fonts and .docx fixes too); the renderers cache what they
    read from them per process, so a batch reads them once. ``ofd`` (True or a path, like
    ``pdf``) also writes the OFD, drawn from the native PDF's layout (one layout for both).
    """
    items = [Path(p) for p in paths]
    pdf_path = None if isinstance(pdf, bool) else Path(pdf)
    ofd_path = None if isinstance(ofd, bool) else Path(ofd)
    if len(items) != 1 and (output is not None or pdf_path is not None or ofd_path is not None):
        raise ValueError("output and a PDF or OFD path can only be given with exactly one input")
    want_pdf = pdf_path is not None or bool(pdf)
    want_ofd = ofd_path is not None or bool(ofd)

    def build(path: Path) -> tuple[Path, ...]:
        from . import api

        bulletin, left = api.check_issue(path, profile=profile)
        if left and not draft:
            raise BulletinErrors(left)
        docx_out = Path(output) if output is not None else path.with_suffix(".docx")
        pdf_out = (pdf_path or path.with_suffix(".pdf")) if want_pdf else None
        ofd_out = (ofd_path or path.with_suffix(".ofd")) if want_ofd else None
        _check_outputs(path, bulletin, docx_out, pdf_out, ofd_out)
        if left:
            warnings.warn(_draft_warning(path, left), stacklevel=2)
        files = [(docx_out, api.to_docx_bytes(bulletin, template, profile=profile, draft=draft))]
        native_both = pdf_out is not None and ofd_out is not None and pdf_engine == "native"
        if pdf_out is not None and pdf_engine == "libreoffice":
            # The .docx just rendered is what LibreOffice would render: convert it.
            from .libreoffice.convert import docx_to_pdf_bytes

            data = docx_to_pdf_bytes(files[0][1], profile=profile, source=docx_out)
            files.append((pdf_out, data))
        elif pdf_out is not None and not native_both:
            data = api.to_pdf_bytes(
                bulletin, pdf_engine, fonts=fonts, profile=profile, draft=draft
            )
            files.append((pdf_out, data))
        if ofd_out is not None:  # drawn from the native layout; one layout when both are native
            from .ofd.render import native_bytes

            pdf_data, ofd_data = native_bytes(
                bulletin, pdf=native_both, ofd=True, fonts=fonts, profile=profile, draft=draft
            )
            if native_both and pdf_out is not None and pdf_data is not None:
                files.append((pdf_out, pdf_data))
            if ofd_data is not None:
                files.append((ofd_out, ofd_data))
        return tuple(write_together(files))

    results: list[BuildResult] = []
    for path in items:
        t0 = time.perf_counter()
        written: tuple[Path, ...] = ()
        error: BulletinError | None = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", BulletinWarning)
            try:
                written = build(path)
            except BulletinError as exc:
                error = exc
        texts: list[str] = []
        for w in caught:
            # Hand every warning on to the caller's filters (the CLI prints them once each).
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
            if issubclass(w.category, BulletinWarning):
                texts.append(str(w.message))
        result = BuildResult(
            path=path,
            outputs=written,
            error=error,
            seconds=time.perf_counter() - t0,
            warnings=tuple(dict.fromkeys(texts)),
        )
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results

"""Many issue files into their .docx (and PDF, OFD) files in one process, one result per issue."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import BulletinError, BulletinWarning, OutputError
from .layout import DEFAULT, LayoutProfile

PathLike = str | os.PathLike[str]

__all__ = ["BuildResult", "build_many"]


@dataclass(frozen=True)
class BuildResult:
    """What building one issue file did: the files written, or the error that stopped it.

    ``outputs`` lists the files written, in order (.docx, PDF, OFD); when the PDF
    fails after the .docx was written, both ``outputs`` and ``error`` are set.
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


def _check_outputs(source: Path, docx: Path, pdf: Path | None, ofd: Path | None = None) -> None:
    """Refuse outputs that would overwrite the issue file itself, or each other."""
    src = source.resolve()
    targets = [docx, *([pdf] if pdf is not None else []), *([ofd] if ofd is not None else [])]
    for out in targets:
        if out.resolve() == src:
            raise OutputError(f"输出文件不能是简报文件本身，否则会覆盖它：{out}", file=source)
    if pdf is not None and docx.resolve() == pdf.resolve():
        raise OutputError(f".docx 和 PDF 不能写到同一个文件：{pdf}", file=source)
    if ofd is not None and ofd.resolve() in (docx.resolve(), pdf.resolve() if pdf else None):
        raise OutputError(f"OFD 不能与 .docx 或 PDF 写到同一个文件：{ofd}", file=source)


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
    ofd: bool | PathLike = False,
) -> list[BuildResult]:
    """Build each issue file (load → .docx → optional PDF); return a BuildResult per path, in order.

    Outputs go beside each YAML file (``issue.yaml`` → ``issue.docx``, ``issue.pdf``).
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
    native_both = want_pdf and want_ofd and pdf_engine == "native"
    from .api import load, render_docx, render_ofd, render_pdf

    results: list[BuildResult] = []
    for path in items:
        t0 = time.perf_counter()
        written: list[Path] = []
        error: BulletinError | None = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", BulletinWarning)
            try:
                docx_out = Path(output) if output is not None else path.with_suffix(".docx")
                pdf_out = pdf_path or path.with_suffix(".pdf")
                ofd_out = ofd_path or path.with_suffix(".ofd")
                _check_outputs(
                    path, docx_out, pdf_out if want_pdf else None, ofd_out if want_ofd else None
                )
                bulletin = load(path, profile=profile)
                written.append(
                    render_docx(bulletin, docx_out, template=template, profile=profile)
                )
                if want_pdf and pdf_engine == "libreoffice":
                    # The .docx just written is what LibreOffice would render: convert it.
                    from .libreoffice.convert import convert_to_pdf

                    written.append(convert_to_pdf(docx_out, pdf_out, profile=profile))
                elif native_both:  # one layout, drawn into both files
                    from .ofd.render import render_native

                    written.extend(
                        render_native(
                            bulletin, pdf=pdf_out, ofd=ofd_out, fonts=fonts, profile=profile
                        )
                    )
                elif want_pdf:
                    written.append(
                        render_pdf(
                            bulletin, pdf_out, engine=pdf_engine, fonts=fonts, profile=profile
                        )
                    )
                if want_ofd and not native_both:
                    written.append(render_ofd(bulletin, ofd_out, fonts=fonts, profile=profile))
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
            outputs=tuple(written),
            error=error,
            seconds=time.perf_counter() - t0,
            warnings=tuple(dict.fromkeys(texts)),
        )
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results

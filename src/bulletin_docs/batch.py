"""Many issue files into their .docx (and PDF, OFD) files in one process, one result per issue."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

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


@dataclass(frozen=True)
class _Options:
    """What every issue of a batch is built with (picklable, for the worker processes)."""

    pdf_path: Path | None
    ofd_path: Path | None
    want_pdf: bool
    want_ofd: bool
    output: Path | None
    pdf_engine: str
    fonts: Mapping[str, PathLike] | None
    template: PathLike | None
    profile: LayoutProfile
    draft: bool

    def outputs(self, path: Path) -> tuple[Path, Path | None, Path | None]:
        """The .docx, PDF and OFD paths of the issue file ``path`` (None: not written)."""
        docx = self.output if self.output is not None else path.with_suffix(".docx")
        pdf = (self.pdf_path or path.with_suffix(".pdf")) if self.want_pdf else None
        ofd = (self.ofd_path or path.with_suffix(".ofd")) if self.want_ofd else None
        return docx, pdf, ofd


def _build(path: Path, o: _Options) -> tuple[Path, ...]:
    """Load, check, render and write one issue (its files as one unit); the paths written."""
    from . import api

    profile, draft, fonts = o.profile, o.draft, o.fonts
    if (o.want_pdf and o.pdf_engine == "native") or o.want_ofd:
        from .pdf.fonts import start_font_listing

        start_font_listing()  # fontconfig lists fonts while the issue is loaded and the .docx made
    bulletin, left = api.check_issue(path, profile=profile)
    if left and not draft:
        raise BulletinErrors(left)
    docx_out, pdf_out, ofd_out = o.outputs(path)
    _check_outputs(path, bulletin, docx_out, pdf_out, ofd_out)
    if left:
        warnings.warn(_draft_warning(path, left), stacklevel=1)
    files = [(docx_out, api.to_docx_bytes(bulletin, o.template, profile=profile, draft=draft))]
    native_both = ofd_out is not None and pdf_out is not None and o.pdf_engine == "native"
    if pdf_out is not None and o.pdf_engine == "libreoffice":
        # The .docx just rendered is what LibreOffice would render: convert it.
        from .libreoffice.convert import docx_to_pdf_bytes

        data = docx_to_pdf_bytes(files[0][1], profile=profile, source=docx_out)
        files.append((pdf_out, data))
    elif pdf_out is not None and not native_both:
        data = api.to_pdf_bytes(bulletin, o.pdf_engine, fonts=fonts, profile=profile, draft=draft)
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


#: A warning raised while building, as sent back from a worker: (text, category, file, line).
_Caught = tuple[str, type[Warning], str, int]


def _attempt(path: Path, o: _Options) -> tuple[BuildResult, list[_Caught]]:
    """Build one issue: its result (a BulletinError recorded, not raised) and its warnings."""
    t0 = time.perf_counter()
    written: tuple[Path, ...] = ()
    error: BulletinError | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BulletinWarning)
        try:
            written = _build(path, o)
        except BulletinError as exc:
            error = exc
    seen = [(str(w.message), w.category, w.filename, w.lineno) for w in caught]
    texts = [text for text, category, _, _ in seen if issubclass(category, BulletinWarning)]
    result = BuildResult(
        path=path,
        outputs=written,
        error=error,
        seconds=time.perf_counter() - t0,
        warnings=tuple(dict.fromkeys(texts)),
    )
    return result, seen


def _attempt_all(paths: list[Path], o: _Options) -> list[tuple[BuildResult, list[_Caught]]]:
    """Build ``paths`` in turn (in a worker process: issues that share an output file)."""
    return [_attempt(path, o) for path in paths]


def _chains(items: list[Path], o: _Options) -> list[list[int]]:
    """The items as chains to build in parallel: issues writing the same file (the same
    issue given twice, a.yaml and a.yml) share a chain and keep their order, as in one process."""
    owner: dict[Path, int] = {}
    chains: list[list[int]] = []
    for index, path in enumerate(items):
        targets = [t.resolve() for t in o.outputs(path) if t is not None]
        hit = next((owner[t] for t in targets if t in owner), None)
        if hit is None:
            hit = len(chains)
            chains.append([])
        chains[hit].append(index)
        for t in targets:
            owner.setdefault(t, hit)
    return chains


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
    jobs: int = 1,
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
    after each issue, in the order of ``paths`` (for progress lines). ``output`` (the
    .docx path) and a path given as ``pdf`` are only allowed with a single input.
    ``fonts``, ``template`` and the layout ``profile`` are the same for every issue (the
    profile for both PDF engines: LibreOffice's fonts and .docx fixes too); the renderers
    cache what they read from them per process, so a batch reads them once per process.
    ``ofd`` (True or a path, like ``pdf``) also writes the OFD, drawn from the native
    PDF's layout (one layout for both). ``jobs`` > 1 builds that many issues at a time,
    each in a process of its own (started fresh: safe in a program with threads); the
    results, warnings and files are those of ``jobs=1``.
    """
    items = [Path(p) for p in paths]
    pdf_path = None if isinstance(pdf, bool) else Path(pdf)
    ofd_path = None if isinstance(ofd, bool) else Path(ofd)
    if len(items) != 1 and (output is not None or pdf_path is not None or ofd_path is not None):
        raise ValueError("output and a PDF or OFD path can only be given with exactly one input")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    options = _Options(
        pdf_path=pdf_path,
        ofd_path=ofd_path,
        want_pdf=pdf_path is not None or bool(pdf),
        want_ofd=ofd_path is not None or bool(ofd),
        output=Path(output) if output is not None else None,
        pdf_engine=pdf_engine,
        fonts=dict(fonts) if fonts is not None else None,
        template=template,
        profile=profile,
        draft=draft,
    )
    done: Iterable[tuple[BuildResult, list[_Caught]]]
    if jobs == 1 or len(items) < 2:
        done = (_attempt(path, options) for path in items)
    else:
        done = _in_processes(items, options, jobs)
    results: list[BuildResult] = []
    for result, caught in done:
        for text, category, filename, lineno in caught:
            # Hand every warning on to the caller's filters (the CLI prints them once each).
            warnings.warn_explicit(text, category, filename, lineno)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def _mapping_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return (_as_proxy, (dict(proxy),))


def _as_proxy(data: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(data)


def _in_processes(
    items: list[Path], options: _Options, jobs: int
) -> Iterator[tuple[BuildResult, list[_Caught]]]:
    """Each chain of issues in a worker process; the results in the order of ``items``."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.reduction import ForkingPickler

    # The layout profile's read-only tables travel to the workers as the dicts they wrap.
    ForkingPickler.register(MappingProxyType, _mapping_proxy)
    chains = _chains(items, options)
    ready: dict[int, tuple[BuildResult, list[_Caught]]] = {}
    context = multiprocessing.get_context("spawn")  # no fork: a caller's threads may hold locks
    with ProcessPoolExecutor(max_workers=min(jobs, len(chains)), mp_context=context) as pool:
        futures = [
            (chain, pool.submit(_attempt_all, [items[i] for i in chain], options))
            for chain in chains
        ]
        try:
            for index in range(len(items)):
                while index not in ready:
                    chain, future = next((c, f) for c, f in futures if index in c)
                    ready.update(zip(chain, future.result(), strict=True))
                yield ready.pop(index)
        except BaseException:
            for _, future in futures:
                future.cancel()
            raise

"""A rendered bulletin (PDF, OFD, or .docx via LibreOffice) into a report measured by the spec."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..errors import BulletinError
from ..layout import DEFAULT, LayoutProfile
from .checks_body import body_checks
from .checks_footer import font_checks, footer_checks
from .checks_images import image_checks
from .checks_parts import masthead_checks, page_number_checks
from .checks_text import missing_text_check
from .compare import Parity, compare_files
from .docx import docx_text, render_with_libreoffice, requested_fonts
from .extract import Document
from .measure import Layout, analyse
from .ofdread import read_ofd
from .pdfread import read_pdf
from .report import Check, Report
from .tolerances import DEFAULT_TOLERANCES, InspectTolerances

__all__ = [
    "DEFAULT_TOLERANCES",
    "Check",
    "Document",
    "InspectTolerances",
    "Layout",
    "Parity",
    "Report",
    "compare_files",
    "inspect_document",
    "inspect_file",
    "read_ofd",
    "read_pdf",
]


def inspect_document(
    doc: Document,
    *,
    profile: LayoutProfile = DEFAULT,
    tolerances: InspectTolerances = DEFAULT_TOLERANCES,
    requested: list[str] | None = None,
    source: Path | None = None,
    source_text: str | None = None,
) -> Report:
    """Run every check on a measured PDF."""
    lay = analyse(doc, profile, tolerances)
    report = Report(source or doc.path, doc.path, len(doc.pages))
    if not doc.pages:
        report.checks.append(Check("pages", "页数", "fail", 0, "≥1", None, " 页", "PDF 没有页面。"))
        return report
    report.checks += body_checks(lay)
    report.checks += masthead_checks(lay)
    report.checks += page_number_checks(lay)
    report.checks += footer_checks(lay)
    report.checks += image_checks(lay)
    report.checks += font_checks(lay, requested)
    if source_text is not None:
        report.checks.append(missing_text_check(lay, source_text))
    return report


def inspect_file(
    path: Path,
    *,
    profile: LayoutProfile = DEFAULT,
    tolerances: InspectTolerances = DEFAULT_TOLERANCES,
    timeout: float = 180.0,
    keep_pdf: Path | None = None,
) -> Report:
    """Measure ``path`` (a .pdf, an .ofd, or a .docx rendered first by LibreOffice) against
    ``profile``.

    ``keep_pdf`` keeps LibreOffice's rendering of a .docx at that path; the returned
    Report gives both ``to_text()`` and ``to_json()``.
    """
    path = Path(path)
    if not path.exists():
        raise BulletinError("找不到要检查的文件。", file=path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return inspect_document(read_pdf(path), profile=profile, tolerances=tolerances)
    if suffix == ".ofd":
        return inspect_document(read_ofd(path), profile=profile, tolerances=tolerances)
    if suffix != ".docx":
        raise BulletinError(f"只能检查 .pdf、.ofd 或 .docx 文件：{path}", file=path)
    requested = requested_fonts(path)
    text = docx_text(path)
    with tempfile.TemporaryDirectory(prefix="bulletin-inspect-") as tmp:
        target = keep_pdf or Path(tmp) / (path.stem + ".pdf")
        pdf = render_with_libreoffice(path, Path(target), timeout)
        report = inspect_document(read_pdf(pdf), profile=profile, tolerances=tolerances,
                                  requested=requested, source=path, source_text=text)
    return report

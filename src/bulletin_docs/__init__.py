"""bulletin-docs: a 简报 issue file (YAML, format v1) into a Word .docx, a PDF and an OFD."""

from __future__ import annotations

from ._version import __version__

# Not even typing is imported here: ``bulletin-docs build`` handed to the warm background
# process (warm/) imports this package and little else.
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

    from .api import (
        check_issue,
        dump_yaml,
        from_dict,
        import_docx,
        inspect,
        load,
        loads,
        render_docx,
        render_ofd,
        render_pdf,
        to_dict,
        to_docx_bytes,
        to_ofd_bytes,
        to_pdf_bytes,
    )
    from .batch import BuildResult, build_many
    from .builder import IssueBuilder
    from .errors import BulletinError, BulletinErrors, BulletinWarning
    from .model import Bulletin

#: The public surface (documented in docs/api.md); every other name is private.
__all__ = [
    "BuildResult",
    "Bulletin",
    "BulletinError",
    "BulletinErrors",
    "BulletinWarning",
    "IssueBuilder",
    "__version__",
    "build_many",
    "check_issue",
    "dump_yaml",
    "from_dict",
    "import_docx",
    "inspect",
    "load",
    "loads",
    "render_docx",
    "render_ofd",
    "render_pdf",
    "to_dict",
    "to_docx_bytes",
    "to_ofd_bytes",
    "to_pdf_bytes",
]

# The API is imported on first use so that ``import bulletin_docs`` stays fast:
# python-docx, docxtpl, reportlab and Pillow load only when a renderer runs.
_LAZY = {
    **dict.fromkeys(
        (
            "check_issue", "dump_yaml", "from_dict", "import_docx", "inspect", "load", "loads",
            "render_docx", "render_ofd", "render_pdf", "to_dict", "to_docx_bytes",
            "to_ofd_bytes", "to_pdf_bytes",
        ),
        "api",
    ),
    "Bulletin": "model",
    "BuildResult": "batch",
    "build_many": "batch",
    "IssueBuilder": "builder",
    **dict.fromkeys(("BulletinError", "BulletinErrors", "BulletinWarning"), "errors"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bulletin_docs' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value

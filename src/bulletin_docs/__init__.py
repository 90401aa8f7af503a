"""bulletin-docs: a 简报 issue file (YAML, format v1) into a Word .docx, a PDF and an OFD."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import BulletinError, BulletinErrors

if TYPE_CHECKING:  # pragma: no cover
    from .api import inspect, load, loads, render_docx, render_ofd, render_pdf
    from .batch import build_many
    from .model import Bulletin

__all__ = [
    "Bulletin",
    "BulletinError",
    "BulletinErrors",
    "__version__",
    "build_many",
    "inspect",
    "load",
    "loads",
    "render_docx",
    "render_ofd",
    "render_pdf",
]

# The API is imported on first use so that ``import bulletin_docs`` stays fast:
# python-docx, docxtpl, reportlab and Pillow load only when a renderer runs.
_LAZY = {
    "load": "api",
    "loads": "api",
    "render_docx": "api",
    "render_pdf": "api",
    "render_ofd": "api",
    "inspect": "api",
    "Bulletin": "model",
    "build_many": "batch",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bulletin_docs' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value

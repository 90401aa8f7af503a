"""A Word 简报 (.docx, .doc, .wps) into an issue: ``bulletin-docs import`` and ``import_docx``."""

from __future__ import annotations

from .package import WordImportError
from .recognise import Draft, Note
from .result import import_word

__all__ = ["Draft", "Note", "WordImportError", "import_word"]

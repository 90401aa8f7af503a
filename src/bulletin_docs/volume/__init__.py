"""Issue files into a 合订本 (one PDF, optionally one .docx) and a ledger of their numbering.

Stages: ``collect`` (paths and folders into loaded issues, every error at once), ``ledger``
(the issues in order and what is wrong with their numbering), ``plan`` (each issue laid out
once to learn its pages and where its articles begin), ``frontmatter`` (cover, contents and
the contributors' index laid out with the PDF engine), ``pdf`` (the book drawn on one canvas
with its outline), ``docx`` (the .docx volume), ``build`` (all of it, written together).
"""

from __future__ import annotations

from .build import Volume, build_volume, read_volume_ledger
from .collect import find_issue_files, load_issues
from .ledger import Ledger, read_ledger

__all__ = [
    "Ledger",
    "Volume",
    "build_volume",
    "find_issue_files",
    "load_issues",
    "read_ledger",
    "read_volume_ledger",
]

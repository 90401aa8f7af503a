"""Issue files into a 合订本 (one PDF, optionally one .docx) and a ledger of their numbering.

Stages: ``collect`` (paths and folders into loaded issues, every file's errors at once),
``ledger`` (the issues in order and what breaks their numbering), ``plan`` (a laid-out issue
into where its sections and articles begin), ``frontmatter`` (cover, 目录 and index pages laid
out with the PDF engine), ``contents`` (the lines of the 目录 and of the 投稿单位索引),
``book`` (the PDF: one canvas, each issue laid out once and drawn, outline), ``docx`` (the
.docx volume), ``build`` (all of it, checked and written together).
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

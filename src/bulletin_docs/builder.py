"""Keyword calls into an issue's mapping, checked by from_dict: a Bulletin built in Python code.

Each call adds what an issue file would hold; ``build()`` checks it all with the
same rules and Chinese messages as a file (key paths such as
``sections[1].articles[0].title``) and returns the immutable Bulletin.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Sequence
from typing import IO, Any

from .layout import DEFAULT, LayoutProfile
from .model import Bulletin

PathLike = str | os.PathLike[str]
#: A photo: a file path, its bytes, or a binary file object.
PhotoInput = PathLike | bytes | IO[bytes]


def _given(**values: object) -> dict[str, object]:
    """The keyword values that were given (None: left out, as an absent key)."""
    return {key: value for key, value in values.items() if value is not None}


class SectionBuilder:
    """One 栏目 of an :class:`IssueBuilder`: its articles and photos, in order."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def article(
        self,
        title: str,
        body: str,
        *,
        contents_title: str | None = None,
        unit: str | None = None,
        author: str | Sequence[str] | None = None,
        note: str | None = None,
        photos: Sequence[tuple[PhotoInput, str]] = (),
    ) -> SectionBuilder:
        """Add an article; ``body``: paragraphs separated by a blank line, ``**bold**``;
        ``photos``: (file, caption) pairs. Returns the section, for chained calls."""
        article = _given(
            title=title,
            contents_title=contents_title,
            unit=unit,
            author=list(author) if isinstance(author, (list, tuple)) else author,
            note=note,
            body=body,
        )
        if photos:
            article["photos"] = [{"file": f, "caption": c} for f, c in photos]
        self._data.setdefault("articles", []).append(article)
        return self

    def photo(self, file: PhotoInput, caption: str) -> SectionBuilder:
        """Add a photo to the section's photo rows (two a row, captions below)."""
        self._data.setdefault("photos", []).append({"file": file, "caption": caption})
        return self


class IssueBuilder:
    """An issue built by keyword calls, checked as a file is when :meth:`build` is called.

    ::

        b = IssueBuilder("挂职简报", number=4, year=2020, issuer="挂职工作小组",
                         date=datetime.date(2020, 4, 30), copies=60)
        b.section("工作动态").article("标题", "正文……", author="张顺流")
        b.distribute("报", "张瑛部长，区委组织部。")
        bulletin = b.build()
    """

    def __init__(
        self,
        title: str,
        *,
        number: int,
        issuer: str,
        date: str | _dt.date,
        year: int | None = None,
        total: int | None = None,
        label: str | None = None,
        marking: str | None = None,
        contents: bool | None = None,
        preface: str | None = None,
        copies: int | None = None,
    ) -> None:
        issue = _given(number=number, year=year, total=total, label=label)
        masthead = _given(title=title, issue=issue, issuer=issuer, date=date, marking=marking)
        self._data: dict[str, Any] = {"masthead": masthead}
        self._data.update(_given(contents=contents, preface=preface))
        self._data["sections"] = []
        self._data["distribution"] = []
        self._data.update(_given(copies=copies))

    def section(self, title: str) -> SectionBuilder:
        """Add a 栏目 (printed as 【title】); add its articles and photos to what this returns."""
        data: dict[str, Any] = {"title": title}
        self._data["sections"].append(data)
        return SectionBuilder(data)

    def distribute(self, label: str, to: str | Sequence[str]) -> IssueBuilder:
        """Add a 报尾 row: ``label`` (报、送、发……) and its recipients (text, or a list)."""
        recipients = list(to) if isinstance(to, (list, tuple)) else to
        self._data["distribution"].append({"label": label, "to": recipients})
        return self

    def as_dict(self) -> dict[str, Any]:
        """What has been added, as the mapping :func:`bulletin_docs.from_dict` reads."""
        return self._data

    def build(
        self, base_dir: PathLike | None = None, *, profile: LayoutProfile = DEFAULT
    ) -> Bulletin:
        """The checked Bulletin (BulletinError with every mistake, as for a file); photo
        paths are relative to ``base_dir`` (default: the current folder)."""
        from .api import from_dict

        return from_dict(self._data, base_dir, profile=profile)

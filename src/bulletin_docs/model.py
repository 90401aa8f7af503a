"""The issue model: immutable dataclasses for every key of format v1, and the texts they print."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Position


@dataclass(frozen=True)
class Span:
    """A run of text inside a paragraph; ``bold`` for ``**text**``."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a body, note or preface: its spans in order."""

    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Photo:
    """A photo and its caption: a file (absolute path), or its bytes (``data``, from a script;
    ``file`` is then None). ``position`` points into the YAML and is not part of equality."""

    file: Path | None
    caption: str
    position: Position | None = field(default=None, compare=False)
    data: bytes | None = field(default=None, repr=False)

    @property
    def source(self) -> Path | bytes:
        """What the renderers read the picture from: its bytes, else its file."""
        if self.data is not None:
            return self.data
        assert self.file is not None, "a Photo has a file or data"
        return self.file


@dataclass(frozen=True)
class Heading:
    """A structure heading inside a body (一、 （一） 1. （1）, levels 1–4).

    ``head`` is what prints in the level's face; ``rest`` (a run-in heading's sentence
    after its first 。 or ：) prints as body text. A heading without ``rest`` stands alone.
    """

    level: int
    head: tuple[Span, ...]
    rest: tuple[Span, ...] = ()

    @property
    def spans(self) -> tuple[Span, ...]:
        return self.head + self.rest

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Table:
    """A table inside a body: header cells, body rows, optional 表N title and 注： note."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str | None = None
    note: str | None = None
    #: Where the table starts in the YAML (for the too-wide error); not part of equality.
    position: Position | None = field(default=None, compare=False)

    @property
    def text(self) -> str:
        lines = [self.title or "", "\t".join(self.header)]
        lines += ["\t".join(r) for r in self.rows]
        lines.append(self.note or "")
        return "\n".join(x for x in lines if x)


@dataclass(frozen=True)
class PhotoBlock:
    """One photo, or a row of two, standing between two paragraphs of a body."""

    photos: tuple[Photo, ...]

    @property
    def text(self) -> str:
        return "\n".join(p.caption for p in self.photos)


@dataclass(frozen=True)
class IssueNumber:
    """期号: ``number`` with optional ``year``, ``total`` and ``label``."""

    number: int
    year: int | None = None
    total: int | None = None
    label: str | None = None

    @property
    def text(self) -> str:
        """（2020年第1期） / 第1期 / the label; then （总第25期） when a total is given."""
        if self.label is not None:
            base = self.label
        elif self.year is not None:
            base = f"（{self.year}年第{self.number}期）"
        else:
            base = f"第{self.number}期"
        if self.total is not None:
            base += f"（总第{self.total}期）"
        return base


@dataclass(frozen=True)
class IssueDate:
    """The masthead date: year and month, optionally day, or a literal text."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    literal: str | None = None

    @property
    def text(self) -> str:
        """2020年4月 / 2020年4月15日 / the literal as typed."""
        if self.literal is not None:
            return self.literal
        if self.day is None:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年{self.month}月{self.day}日"

    def as_date(self) -> _dt.date | None:
        """The calendar date (the 1st for a month), or None for a literal we cannot read."""
        if self.year is None or self.month is None:
            return None
        return _dt.date(self.year, self.month, self.day or 1)


@dataclass(frozen=True)
class Masthead:
    title: str
    issue: IssueNumber
    issuer: str
    date: IssueDate
    marking: str | None = None


#: One block of a body (format 1.1): a paragraph, a heading, a table or photos in place.
Block = Paragraph | Heading | Table | PhotoBlock


@dataclass(frozen=True)
class Article:
    title: str
    body: tuple[Block, ...]
    contents_title: str | None = None
    unit: str | None = None
    authors: tuple[str, ...] = ()
    note: tuple[Paragraph, ...] = ()
    photos: tuple[Photo, ...] = ()

    @property
    def contents_line(self) -> str:
        """The line shown in 本期要目 (``contents_title``, default ``title``)."""
        return self.contents_title if self.contents_title is not None else self.title

    @property
    def byline(self) -> str | None:
        """"东山镇陆巷村 张顺流"; several authors are joined with "、"."""
        parts = [p for p in (self.unit, "、".join(self.authors)) if p]
        return " ".join(parts) if parts else None


@dataclass(frozen=True)
class Section:
    title: str
    articles: tuple[Article, ...] = ()
    photos: tuple[Photo, ...] = ()

    @property
    def label(self) -> str:
        """【领导寄语】."""
        return f"【{self.title}】"


@dataclass(frozen=True)
class DistributionRow:
    """One 报尾 row: ``label`` (报/送/发…) and the recipients as printed."""

    label: str
    to: str

    @property
    def text(self) -> str:
        """"报：张瑛部长，区委组织部。"."""
        return f"{self.label}：{self.to}"


@dataclass(frozen=True)
class ContentsEntry:
    """One 【栏目】 of 本期要目 and the contents lines of its articles."""

    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Bulletin:
    """One issue of a 简报, validated."""

    masthead: Masthead
    sections: tuple[Section, ...]
    distribution: tuple[DistributionRow, ...]
    contents: bool = True
    preface: tuple[Paragraph, ...] = ()
    copies: int | None = None
    #: The YAML file this issue was read from (None for text loaded without a file);
    #: not part of equality: the same issue read from another file is equal.
    source: Path | None = field(default=None, compare=False)

    @property
    def contents_entries(self) -> tuple[ContentsEntry, ...]:
        """本期要目, built from the sections (empty when ``contents`` is false)."""
        if not self.contents:
            return ()
        return tuple(
            ContentsEntry(s.label, tuple(a.contents_line for a in s.articles))
            for s in self.sections
        )

    @property
    def copies_text(self) -> str | None:
        """（共印60份）."""
        return f"（共印{self.copies}份）" if self.copies is not None else None

    def photos(self) -> tuple[Photo, ...]:
        """Every photo of the issue, in document order."""
        out: list[Photo] = []
        for s in self.sections:
            for a in s.articles:
                for block in a.body:
                    if isinstance(block, PhotoBlock):
                        out.extend(block.photos)
                out.extend(a.photos)
            out.extend(s.photos)
        return tuple(out)

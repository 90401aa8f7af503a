"""A laid-out issue into its plan: how many pages, and where each section and article begins."""

from __future__ import annotations

from dataclasses import dataclass

from ..layout import LayoutProfile
from ..model import Bulletin
from ..pdf.items import GlyphRun, Layout


@dataclass(frozen=True)
class Mark:
    """Where something begins: the page (1 = the issue's first) and the top of its first line."""

    page: int
    top: float


@dataclass(frozen=True)
class IssuePlan:
    """One issue's pages and marks: ``sections[i]`` for section i, ``articles[i][j]`` for its
    article j (the page its title begins on)."""

    pages: int
    sections: tuple[Mark, ...]
    articles: tuple[tuple[Mark, ...], ...]


def _squeezed(text: str) -> str:
    return "".join(text.split())


def plan_issue(bulletin: Bulletin, layout: Layout, profile: LayoutProfile) -> IssuePlan:
    """Where each article title begins in ``layout``: the runs set in the article title's
    style (black, 2号 小标宋; the red 报头 title never is) taken in order, as many characters
    as the title has. A section begins where its heading does (kept with its first article)."""
    size = profile.article_title_style.size_pt
    color = profile.article_title_style.color
    runs = [
        (page.number, item)
        for page in layout.pages
        for item in page.items
        if isinstance(item, GlyphRun)
        and item.size == size
        and item.color == color
        and item.text.strip()
    ]
    first = layout.pages[0].number
    pos = 0
    sections: list[Mark] = []
    articles: list[tuple[Mark, ...]] = []
    for section in bulletin.sections:
        marks: list[Mark] = []
        for article in section.articles:
            want = len(_squeezed(article.title))
            page, run = runs[pos]
            marks.append(Mark(page - first + 1, run.y - size))
            got = 0
            while got < want:
                got += len(_squeezed(runs[pos][1].text))
                pos += 1
        articles.append(tuple(marks))
        sections.append(marks[0] if marks else _photo_section_mark(section.label, layout, first))
    return IssuePlan(len(layout.pages), tuple(sections), tuple(articles))


def _photo_section_mark(label: str, layout: Layout, first: int) -> Mark:
    """A section of photos only: the last line reading its heading (本期要目 lists it first)."""
    found = Mark(1, 0.0)
    for page in layout.pages:
        for item in page.items:
            if isinstance(item, GlyphRun) and item.text == label:
                found = Mark(page.number - first + 1, item.y - item.size)
    return found

"""Issues in volume order into the 合订本 PDF and its plan: cover, 目录, each issue from an odd
page, the index, page numbers running through, and an outline issue → section → article."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import BulletinWarning
from ..layout import LayoutProfile
from ..pdf.coverage import layout_warnings
from ..pdf.fontset import CID_FONT, FontSet
from ..pdf.items import Page
from ..pdf.render import PdfInfo, layout_pages, pdf_canvas
from ..pdf.typesetter import Typesetter
from .collect import LoadedIssue
from .contents import Placed, contents_entries, index_entries
from .frontmatter import CONTENTS_HEADING, INDEX_HEADING, Entry, cover_page, listing_pages
from .ledger import issue_day, issue_year, number_text
from .plan import IssuePlan, Mark, plan_issue

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

#: The volume page the 目录 begins on (after the cover and its blank back).
CONTENTS_FIRST_PAGE = 3

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Cover:
    """The cover's texts: the bulletin's title, the years, the issues it holds, the issuer."""

    title: str
    years: str
    numbers: str
    issuer: str


@dataclass(frozen=True)
class VolumePlan:
    """Where everything went: each issue from its odd page, the 目录 (from page 3) and the
    index (from ``index_first``) with their entries, and the book's page count."""

    cover: Cover
    placed: tuple[Placed, ...]
    contents: tuple[Entry, ...]
    contents_pages: int
    index: tuple[Entry, ...]
    index_first: int
    pages: int


def _odd(n: int) -> int:
    """``n``, or the page after it when ``n`` is even (a left-hand page)."""
    return n if n % 2 else n + 1


def _most_common(values: Sequence[str]) -> str:
    return Counter(values).most_common(1)[0][0]


def _cover(issues: Sequence[LoadedIssue], title: str | None) -> Cover:
    """The title most issues bear (or ``title``), 2020年 / 2019—2020年, the first and last
    issue, the issuer most issues name."""
    years = sorted({y for i in issues if (y := issue_year(i)) is not None})
    span = "" if not years else f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"
    first, last = issues[0], issues[-1]
    numbers = number_text(first)
    if len(issues) > 1:
        numbers += f"至{number_text(last)}"
    return Cover(
        title or _most_common([i.bulletin.masthead.title for i in issues]),
        span,
        numbers,
        _most_common([i.bulletin.masthead.issuer for i in issues]),
    )


def _unplaced(issue: LoadedIssue) -> Placed:
    """``issue`` with a plan of one page for all (the 目录's lines do not depend on pages)."""
    top = Mark(1, 0.0)
    sections = issue.bulletin.sections
    articles = tuple((top,) * len(s.articles) for s in sections)
    plan = IssuePlan(1, tuple(top for _ in sections), articles)
    return Placed(issue, plan, 1)


def build_volume_pdf(
    issues: Sequence[LoadedIssue],
    fonts: FontSet,
    profile: LayoutProfile,
    *,
    title: str | None = None,
    progress: Progress | None = None,
) -> tuple[VolumePlan, bytes]:
    """The volume of ``issues`` (in volume order) drawn into one PDF, and its plan.

    How many pages the 目录 takes depends only on its lines, so where the first issue
    begins is known at once; each issue is then laid out once, with its volume page
    numbers, and drawn, one at a time. The 目录's pages are drawn as forms filled in at
    the end, when every article's page is known.
    """
    from ..pdf.draw import draw_items, draw_pages

    say = progress or (lambda _text: None)
    ts = Typesetter(fonts, profile)
    cover = _cover(issues, title)
    unplaced = contents_entries([_unplaced(i) for i in issues], profile)
    n_contents = len(listing_pages(CONTENTS_HEADING, unplaced, ts, CONTENTS_FIRST_PAGE))
    info = PdfInfo(
        f"{cover.title}{cover.years}合订本", cover.numbers, cover.issuer, issue_day(issues[-1])
    )
    height = profile.page_height_pt
    placed: list[Placed] = []
    with pdf_canvas(fonts, profile, info) as (canvas, buf):
        drawn = 0

        def draw(page: Page, bookmarks: Sequence[tuple[str, float]] = ()) -> None:
            nonlocal drawn
            for key, top in bookmarks:
                canvas.bookmarkPage(key, fit="XYZ", left=0, top=height - top, zoom=0)
            draw_pages(canvas, [page], profile)
            drawn += 1

        def blanks_to(number: int) -> None:
            while drawn + 1 < number:
                draw(Page(drawn + 1, ()))

        draw(cover_page(cover.title, cover.years, cover.numbers, cover.issuer, ts))
        blanks_to(CONTENTS_FIRST_PAGE)
        canvas.addOutlineEntry(CONTENTS_HEADING.replace("　", ""), "contents", 0)
        for n in range(n_contents):
            if n == 0:
                canvas.bookmarkPage("contents", fit="XYZ", left=0, top=height, zoom=0)
            canvas.doForm(f"contents{n}")
            canvas.showPage()
            drawn += 1
        for k, issue in enumerate(issues, start=1):
            say(f"排版 {k}/{len(issues)}：{issue.path}")
            start = _odd(drawn + 1)
            layout = layout_pages(issue.bulletin, fonts, profile, first_page=start)
            item = Placed(issue, plan_issue(issue.bulletin, layout, profile), start)
            placed.append(item)
            blanks_to(start)
            marks = _outline(canvas, item, f"i{k}")
            for n, page in enumerate(layout.pages, start=1):
                draw(page, marks.get(n, []))
            for message in layout_warnings(fonts, layout, "PDF", CID_FONT):
                warnings.warn(BulletinWarning(f"{issue.path}：{message}"), stacklevel=2)
        index_first = _odd(drawn + 1)
        index = tuple(index_entries(placed, profile))
        blanks_to(index_first)
        canvas.addOutlineEntry(INDEX_HEADING, "index", 0)
        for n, page in enumerate(listing_pages(INDEX_HEADING, index, ts, index_first)):
            draw(page, [("index", 0.0)] if n == 0 else [])
        contents = tuple(contents_entries(placed, profile))
        pages = listing_pages(CONTENTS_HEADING, contents, ts, CONTENTS_FIRST_PAGE)
        if len(pages) != n_contents:
            raise AssertionError("the 目录 took another number of pages with its page numbers")
        for n, page in enumerate(pages):
            canvas.beginForm(f"contents{n}")
            draw_items(canvas, page, profile)
            canvas.endForm()
        canvas.showOutline()
    plan = VolumePlan(cover, tuple(placed), contents, n_contents, index, index_first, drawn)
    return plan, buf.getvalue()


def _outline(canvas: Canvas, item: Placed, key: str) -> dict[int, list[tuple[str, float]]]:
    """The issue's outline entries (issue → section → article) added; the bookmarks they
    point at, by the issue's page (1 = its first): (name, top of the line)."""
    bulletin = item.issue.bulletin
    marks: dict[int, list[tuple[str, float]]] = {1: [(key, 0.0)]}
    canvas.addOutlineEntry(number_text(item.issue), key, 0, closed=True)
    for i, section in enumerate(bulletin.sections):
        skey = f"{key}s{i}"
        canvas.addOutlineEntry(section.label, skey, 1, closed=True)
        smark = item.plan.sections[i]
        marks.setdefault(smark.page, []).append((skey, smark.top))
        for j, article in enumerate(section.articles):
            akey = f"{skey}a{j}"
            canvas.addOutlineEntry("".join(article.title.split("\n")), akey, 2)
            mark = item.plan.articles[i][j]
            marks.setdefault(mark.page, []).append((akey, mark.top))
    return marks

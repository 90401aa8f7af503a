"""Issues in volume order into the 合订本: its plan (where every issue and article begins,
its 目录 and index), then its PDF: cover, 目录, each issue from an odd page, the index, page
numbers running through, and an outline issue → section → article."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

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
from .plan import IssuePlan, plan_issue

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
    """Where everything goes: each issue from its odd page, the 目录 (from page 3) and the
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


def plan_volume(
    issues: Sequence[LoadedIssue],
    fonts: FontSet,
    profile: LayoutProfile,
    *,
    title: str | None = None,
    progress: Progress | None = None,
) -> VolumePlan:
    """The plan of the volume of ``issues`` (in volume order).

    Each issue is laid out once, one at a time, and only its plan kept (its page count and
    where its sections and articles begin); the 目录 comes before the issues, and how many
    pages it takes does not depend on its page numbers.
    """
    say = progress or (lambda _text: None)
    ts = Typesetter(fonts, profile)
    plans: list[IssuePlan] = []
    for k, issue in enumerate(issues, start=1):
        say(f"排版 {k}/{len(issues)}：{issue.path}")
        layout = layout_pages(issue.bulletin, fonts, profile)
        plans.append(plan_issue(issue.bulletin, layout, profile))

    def place(first_issue: int) -> tuple[Placed, ...]:
        out: list[Placed] = []
        start = first_issue
        for issue, plan in zip(issues, plans, strict=True):
            out.append(Placed(issue, plan, start))
            start = _odd(start + plan.pages)
        return tuple(out)

    draft = contents_entries(place(1), profile)
    n_contents = len(listing_pages(CONTENTS_HEADING, draft, ts, CONTENTS_FIRST_PAGE))
    placed = place(_odd(CONTENTS_FIRST_PAGE + n_contents))
    last = placed[-1]
    index_first = _odd(last.start + last.plan.pages)
    index = tuple(index_entries(placed, profile))
    n_index = len(listing_pages(INDEX_HEADING, index, ts, index_first))
    return VolumePlan(
        _cover(issues, title),
        placed,
        tuple(contents_entries(placed, profile)),
        n_contents,
        index,
        index_first,
        index_first + n_index - 1,
    )


def volume_pdf(
    plan: VolumePlan, fonts: FontSet, profile: LayoutProfile, *, progress: Progress | None = None
) -> bytes:
    """The volume drawn into one PDF, each issue laid out again (with its volume page
    numbers) and drawn one at a time; its font warnings name its file."""
    from ..pdf.draw import draw_pages

    say = progress or (lambda _text: None)
    ts = Typesetter(fonts, profile)
    cover = plan.cover
    info = PdfInfo(
        f"{cover.title}{cover.years}合订本",
        cover.numbers,
        cover.issuer,
        issue_day(plan.placed[-1].issue),
    )
    height = profile.page_height_pt
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
        for n, page in enumerate(
            listing_pages(CONTENTS_HEADING, plan.contents, ts, CONTENTS_FIRST_PAGE)
        ):
            draw(page, [("contents", 0.0)] if n == 0 else [])
        for k, item in enumerate(plan.placed, start=1):
            say(f"绘制 {k}/{len(plan.placed)}：{item.issue.path}")
            bulletin = item.issue.bulletin
            layout = layout_pages(bulletin, fonts, profile, first_page=item.start)
            if plan_issue(bulletin, layout, profile) != item.plan:
                raise AssertionError(f"{item.issue.path}: pages moved between two layouts")
            blanks_to(item.start)
            marks: dict[int, list[tuple[str, float]]] = {1: [(f"i{k}", 0.0)]}
            canvas.addOutlineEntry(number_text(item.issue), f"i{k}", 0, closed=True)
            for i, section in enumerate(bulletin.sections):
                skey = f"i{k}s{i}"
                canvas.addOutlineEntry(section.label, skey, 1, closed=True)
                smark = item.plan.sections[i]
                marks.setdefault(smark.page, []).append((skey, smark.top))
                for j, article in enumerate(section.articles):
                    akey = f"{skey}a{j}"
                    canvas.addOutlineEntry("".join(article.title.split("\n")), akey, 2)
                    mark = item.plan.articles[i][j]
                    marks.setdefault(mark.page, []).append((akey, mark.top))
            for n, page in enumerate(layout.pages, start=1):
                draw(page, marks.get(n, []))
            for message in layout_warnings(fonts, layout, "PDF", CID_FONT):
                warnings.warn(BulletinWarning(f"{item.issue.path}：{message}"), stacklevel=2)
        blanks_to(plan.index_first)
        canvas.addOutlineEntry(INDEX_HEADING, "index", 0)
        for n, page in enumerate(listing_pages(INDEX_HEADING, plan.index, ts, plan.index_first)):
            draw(page, [("index", 0.0)] if n == 0 else [])
        canvas.showOutline()
    return buf.getvalue()

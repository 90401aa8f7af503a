"""Issues placed in the volume into the lines of its 目录 and of its 投稿单位索引."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..layout import LayoutProfile
from ..pdf.lines import Piece
from .collect import LoadedIssue
from .frontmatter import Entry
from .ledger import number_text
from .plan import IssuePlan


@dataclass(frozen=True)
class Placed:
    """An issue in the volume: its plan and the volume page of its first page (odd)."""

    issue: LoadedIssue
    plan: IssuePlan
    start: int

    def page_of(self, section: int, article: int) -> int:
        """The volume page where the issue's ``article`` of ``section`` begins."""
        return self.start + self.plan.articles[section][article].page - 1


def contents_entries(placed: Sequence[Placed], profile: LayoutProfile) -> list[Entry]:
    """目录: per issue its 期号 and date, its sections, and each article (title, unit and
    authors) with the volume page where it begins."""
    p = profile
    out: list[Entry] = []
    for k, item in enumerate(placed):
        m = item.issue.bulletin.masthead
        head = f"{number_text(item.issue)}　{m.date.text}"
        out.append(Entry((Piece(head, p.section_style),), 0, item.start, gap=k > 0))
        for i, section in enumerate(item.issue.bulletin.sections):
            out.append(Entry((Piece(section.label, p.contents_section_style),), 1))
            for j, article in enumerate(section.articles):
                pieces = [Piece(_one_line(article.title), p.body_style)]
                if article.byline:
                    pieces.append(Piece(f"　{article.byline}", p.byline_style))
                out.append(Entry(tuple(pieces), 2, item.page_of(i, j)))
    return out


def articles_by_unit(placed: Sequence[Placed]) -> dict[str, list[tuple[str, str, int]]]:
    """Each unit (or, without one, the authors) in order of first appearance, with its
    articles: (期号 without the total, title on one line, volume page)."""
    units: dict[str, list[tuple[str, str, int]]] = {}
    for item in placed:
        short = number_text(item.issue).split("（")[0]
        for i, section in enumerate(item.issue.bulletin.sections):
            for j, article in enumerate(section.articles):
                who = article.unit or "、".join(article.authors)
                if who:
                    units.setdefault(who, []).append(
                        (short, _one_line(article.title), item.page_of(i, j))
                    )
    return units


def index_entries(placed: Sequence[Placed], profile: LayoutProfile) -> list[Entry]:
    """投稿单位索引: each unit with how many articles, then each article: its 期号, title
    and the volume page where it begins."""
    p = profile
    out: list[Entry] = []
    for k, (unit, articles) in enumerate(articles_by_unit(placed).items()):
        out.append(Entry((Piece(f"{unit}（{len(articles)}篇）", p.section_style),), gap=k > 0))
        for short, title, page in articles:
            pieces = (Piece(f"{short}　", p.byline_style), Piece(title, p.body_style))
            out.append(Entry(pieces, 2, page))
    return out


def _one_line(text: str) -> str:
    """A title typed over several lines, on one line (as the outline shows it too)."""
    return "".join(text.split("\n"))

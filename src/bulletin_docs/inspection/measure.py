"""Measured pages into the page's parts: masthead, body lines and paragraphs, page numbers, 报尾."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..layout import LayoutProfile, mm_to_pt
from .extract import Document, Line, Rule
from .tolerances import DEFAULT_TOLERANCES, InspectTolerances

#: How far a measured rule may be from the table rule's thickness (the 报尾's thinnest is 0.71 pt).
TABLE_RULE_TOL_PT = 0.1
#: A rule at least this share of the type width is a full-width rule (red rule, 报尾 rules).
FULL_WIDTH_SHARE = 0.9
#: Body lines must have at least this share of their glyphs in the body font and size.
BODY_SHARE = 0.6


@dataclass(frozen=True)
class Grid:
    """The type area on the page, in pt from the top-left corner."""

    left: float
    right: float
    top: float
    bottom: float

    @classmethod
    def of(cls, p: LayoutProfile) -> Grid:
        return cls(
            mm_to_pt(p.margin_left_mm),
            mm_to_pt(p.page_width_mm - p.margin_right_mm),
            mm_to_pt(p.margin_top_mm),
            mm_to_pt(p.page_height_mm - p.margin_bottom_mm),
        )

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclass
class Layout:
    """What the inspector recognised on the pages."""

    doc: Document
    profile: LayoutProfile
    tolerances: InspectTolerances
    grid: Grid
    body_font: str = ""
    body_size: float = 0.0
    #: Where the body's wrapped lines start (the commonest start); the spec wants grid.left.
    flow_left: float = 0.0
    red_rule: Rule | None = None
    masthead: list[Line] = field(default_factory=list)
    page_numbers: dict[int, Line] = field(default_factory=dict)
    footer_rules: list[Rule] = field(default_factory=list)
    footer_lines: list[Line] = field(default_factory=list)
    #: Lines in the type area other than the masthead and 报尾, by page, top to bottom.
    flow: dict[int, list[Line]] = field(default_factory=dict)
    body: list[Line] = field(default_factory=list)
    #: Body lines grouped into paragraphs (a flush-left line continues the previous one).
    paragraphs: list[list[Line]] = field(default_factory=list)

    @property
    def full_lines(self) -> list[Line]:
        """Body lines that are not the last line of their paragraph."""
        return [ln for para in self.paragraphs for ln in para[:-1]]

    def is_flush(self, line: Line) -> bool:
        return abs(line.left - self.flow_left) <= self.tolerances.position_tol_pt

    def is_indented(self, line: Line) -> bool:
        want = self.flow_left + self.profile.first_line_indent_pt
        return abs(line.left - want) <= self.tolerances.position_tol_pt


def is_table_rule(rule: Rule, profile: LayoutProfile) -> bool:
    """A body table's rule (format 1.1): black, as thin as the profile's table rules."""
    return (
        rule.color == profile.black.upper()
        and abs(rule.thickness - profile.table_rule_pt) <= TABLE_RULE_TOL_PT
    )


def _full_width(rule: Rule, grid: Grid) -> bool:
    return rule.width >= FULL_WIDTH_SHARE * grid.width


def analyse(
    doc: Document, profile: LayoutProfile, tolerances: InspectTolerances = DEFAULT_TOLERANCES
) -> Layout:
    grid = Grid.of(profile)
    lay = Layout(doc, profile, tolerances, grid)
    if not doc.pages:
        return lay
    red = profile.red.upper()
    black = profile.black.upper()
    first = doc.pages[0]
    reds = [r for r in first.rules if r.color == red and _full_width(r, grid)]
    lay.red_rule = reds[0] if reds else None
    if lay.red_rule is not None:
        lay.masthead = [ln for ln in first.lines if ln.baseline < lay.red_rule.y]
    last = doc.pages[-1]
    lay.footer_rules = [
        r for r in last.rules
        if r.color == black and _full_width(r, grid) and r.thickness < 1.5
        and not is_table_rule(r, profile)
    ]
    if lay.footer_rules:
        y0, y1 = lay.footer_rules[0].y, lay.footer_rules[-1].y
        lay.footer_lines = [ln for ln in last.lines if y0 < ln.baseline < y1]
    excluded = {id(ln) for ln in lay.masthead + lay.footer_lines}
    for page in doc.pages:
        below = [ln for ln in page.lines if ln.baseline > grid.bottom + 1.0]
        if below:
            lay.page_numbers[page.number] = below[-1]
        lay.flow[page.number] = [
            ln for ln in page.lines
            if id(ln) not in excluded and ln.baseline <= grid.bottom + 1.0
        ]
    # The body font and size: the commonest among the flowing lines' glyphs.
    counts: Counter[tuple[str, float]] = Counter()
    for lines in lay.flow.values():
        for ln in lines:
            counts.update((g.font, round(g.size, 1)) for g in ln.visible)
    if counts:
        (lay.body_font, lay.body_size), _ = counts.most_common(1)[0]
    tol = tolerances.size_tol_pt + 0.05
    for page in doc.pages:
        for ln in lay.flow[page.number]:
            vis = ln.visible
            ok = sum(1 for g in vis
                     if g.font == lay.body_font and abs(g.size - lay.body_size) < tol)
            ln.is_body = ok >= BODY_SHARE * len(vis)
            if ln.is_body:
                lay.body.append(ln)
    lay.flow_left = _flow_left(lay)
    lay.paragraphs = _paragraphs(lay)
    return lay


def _flow_left(lay: Layout) -> float:
    """Where wrapped body lines start: the commonest start, or one indent left of it.

    With two clusters of starts one indent apart the left one is flush; with one cluster
    (short paragraphs, all indented) the reading nearer the spec's margin wins.
    """
    starts = Counter(round(ln.left * 2) / 2 for ln in lay.body)
    if not starts:
        return lay.grid.left
    s = starts.most_common(1)[0][0]
    indent = lay.profile.first_line_indent_pt
    tol = lay.tolerances.position_tol_pt

    def near(x: float) -> bool:
        return any(abs(x - t) <= tol for t in starts)

    if near(s - indent):
        return s - indent
    if near(s + indent):
        return s
    return s if abs(s - lay.grid.left) <= abs(s - indent - lay.grid.left) else s - indent


def _continues(lay: Layout, prev: Line, line: Line) -> bool:
    """Whether ``line`` carries on the paragraph of ``prev`` (nothing between, flush left)."""
    if not lay.is_flush(line):
        return False
    if prev.page == line.page:
        lines = lay.flow[line.page]
        between = [ln for ln in lines if prev.baseline < ln.baseline < line.baseline]
        page = lay.doc.pages[line.page - 1]
        images = [b for b in page.images if prev.baseline < b[3] and b[1] < line.baseline]
        return not between and not images
    if line.page != prev.page + 1:
        return False
    after = [ln for ln in lay.flow[prev.page] if ln.baseline > prev.baseline]
    before = [ln for ln in lay.flow[line.page] if ln.baseline < line.baseline]
    page = lay.doc.pages[line.page - 1]
    images_before = [b for b in page.images if b[1] < line.baseline and b[3] > lay.grid.top]
    return not after and not before and not images_before


def _paragraphs(lay: Layout) -> list[list[Line]]:
    paras: list[list[Line]] = []
    prev: Line | None = None
    for line in lay.body:
        if prev is not None and paras and _continues(lay, prev, line):
            paras[-1].append(line)
        else:
            paras.append([line])
        prev = line
    return paras

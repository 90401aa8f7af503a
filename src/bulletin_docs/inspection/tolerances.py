"""The inspector's tolerances: how far a measured rendering may stray from the layout profile."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InspectTolerances:
    """Allowed deviations of a rendered PDF (``bulletin-docs inspect``) from the page spec."""

    #: Positions of lines, edges, page numbers and rules (margins, right edge, indents).
    position_tol_pt: float = 1.0
    #: Paper size.
    page_size_tol_pt: float = 1.0
    #: Glyph sizes (body 16 pt, page numbers and 报尾 rows 14 pt).
    size_tol_pt: float = 0.1
    #: Line pitch between consecutive lines of a paragraph.
    pitch_tol_pt: float = 0.1
    #: First baselines of continuation pages may differ from page to page by at most this.
    first_baseline_spread_pt: float = 0.5
    #: The masthead title: top distance (title_top_mm ±) and centring.
    title_top_tol_mm: float = 5.0
    title_centre_tol_pt: float = 2.0
    #: The red rule: gap under the issuer line (rule_gap_mm ±) and thickness (rule_thickness_pt ±).
    rule_gap_tol_mm: float = 1.0
    rule_thickness_tol_pt: float = 0.75
    #: 报尾: the last rule on the type area's bottom edge (±), rule thicknesses (±).
    footer_bottom_tol_mm: float = 1.5
    footer_rule_tol_mm: float = 0.05
    #: Parity: share of body lines that must break at the same character in both renderings.
    parity_min_share: float = 0.95


DEFAULT_TOLERANCES = InspectTolerances()

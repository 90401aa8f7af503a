"""Two renderings of one issue into parity figures: page counts and shared line breaks."""

from __future__ import annotations

import json as _json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..layout import DEFAULT, LayoutProfile
from .align import align
from .measure import Layout, analyse
from .pdfread import read_pdf
from .tolerances import DEFAULT_TOLERANCES, InspectTolerances


@dataclass(frozen=True)
class Breaks:
    """One rendering's body text (no spaces) and the offsets where its body lines end."""

    text: str
    line_ends: frozenset[int]  # every body line
    wrap_ends: frozenset[int]  # lines that are not the last of their paragraph
    pages: int
    first_baseline: float | None


def breaks_of(lay: Layout) -> Breaks:
    parts: list[str] = []
    ends: set[int] = set()
    wraps: set[int] = set()
    pos = 0
    for para in lay.paragraphs:
        for i, ln in enumerate(para):
            t = "".join(g.char for g in ln.visible)
            parts.append(t)
            pos += len(t)
            ends.add(pos)
            if i < len(para) - 1:
                wraps.add(pos)
    firsts = [lines[0].baseline - lay.grid.top for n, lines in lay.flow.items()
              if n > 1 and lines and lines[0].is_body]
    return Breaks("".join(parts), frozenset(ends), frozenset(wraps), len(lay.doc.pages),
                  min(firsts) if firsts else None)


@dataclass(frozen=True)
class Parity:
    a: str
    b: str
    pages_a: int
    pages_b: int
    lines_a: int
    lines_b: int
    same_lines: int
    wraps_a: int
    wraps_b: int
    same_wraps: int
    text_equal: bool
    first_baseline_a: float | None
    first_baseline_b: float | None
    min_share: float
    paras: int = 0
    same_paras: int = 0

    @property
    def line_share(self) -> float:
        """Share of body lines that end at the same character in both (of the larger count)."""
        n = max(self.lines_a, self.lines_b)
        return self.same_lines / n if n else 1.0

    @property
    def wrap_share(self) -> float:
        n = max(self.wraps_a, self.wraps_b)
        return self.same_wraps / n if n else 1.0

    @property
    def ok(self) -> bool:
        return self.pages_a == self.pages_b and self.line_share >= self.min_share

    def to_dict(self) -> dict:
        return asdict(self) | {"line_share": round(self.line_share, 4),
                               "wrap_share": round(self.wrap_share, 4), "ok": self.ok}

    def to_json(self) -> str:
        return _json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        mark = "√" if self.pages_a == self.pages_b else "×"
        out = [
            f"版面一致性：{self.a} 与 {self.b}",
            f"  {mark} 页数：{self.pages_a} 与 {self.pages_b}。",
            f"  {'√' if self.line_share >= self.min_share else '×'} 正文行在同一字处断行："
            f"{self.same_lines}/{max(self.lines_a, self.lines_b)} 行，{self.line_share:.1%}"
            f"（应不少于 {self.min_share:.0%}；正文行 {self.lines_a} 与 {self.lines_b}）。",
            f"  · 段内折行（不含段末）相同：{self.same_wraps}/{max(self.wraps_a, self.wraps_b)}，"
            f"{self.wrap_share:.1%}。",
            f"  · 折行完全相同的段：{self.same_paras}/{self.paras}。",
        ]
        if not self.text_equal:
            out.append("  · 两份正文文字不完全相同（已按文字对齐比较）。")
        if self.first_baseline_a is not None and self.first_baseline_b is not None:
            out.append(f"  · 续页首行基线距版心上边：{self.first_baseline_a:.2f} 与 "
                       f"{self.first_baseline_b:.2f} pt。")
        out.append("结论：一致。" if self.ok else "结论：不一致。")
        return "\n".join(out)


def compare_breaks(a: Breaks, b: Breaks, names: tuple[str, str] = ("A", "B"),
                   min_share: float = DEFAULT_TOLERANCES.parity_min_share) -> Parity:
    al = align(a.text, b.text)
    m = {p: q for p in range(len(a.text) + 1) if (q := al.boundary(p)) is not None}
    same = sum(1 for e in a.line_ends if m.get(e) in b.line_ends)
    same_w = sum(1 for e in a.wrap_ends if m.get(e) in b.wrap_ends)
    ends = sorted(a.line_ends - a.wrap_ends)
    same_p = 0
    for start, end in zip([0, *ends], ends, strict=False):
        ms, me = m.get(start), m.get(end)
        if ms is None or me is None:
            continue
        wa = {m.get(w) for w in a.wrap_ends if start < w < end}
        wb = {w for w in b.wrap_ends if ms < w < me}
        same_p += wa == wb
    return Parity(names[0], names[1], a.pages, b.pages, len(a.line_ends), len(b.line_ends), same,
                  len(a.wrap_ends), len(b.wrap_ends), same_w, a.text == b.text,
                  a.first_baseline, b.first_baseline, min_share, len(ends), same_p)


def compare_files(
    a: Path,
    b: Path,
    *,
    profile: LayoutProfile = DEFAULT,
    tolerances: InspectTolerances = DEFAULT_TOLERANCES,
) -> Parity:
    """Page counts and shared line breaks of two PDFs of the same issue."""
    ba = breaks_of(analyse(read_pdf(Path(a)), profile, tolerances))
    bb = breaks_of(analyse(read_pdf(Path(b)), profile, tolerances))
    return compare_breaks(ba, bb, (str(a), str(b)), tolerances.parity_min_share)

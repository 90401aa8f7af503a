"""Check results into a report: Chinese text for people, JSON for scripts."""

from __future__ import annotations

import json as _json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Status = Literal["pass", "fail", "info"]
_MARK = {"pass": "√ 通过", "fail": "× 不通过", "info": "· 提示"}


@dataclass(frozen=True)
class Check:
    """One measured item: what was measured, against what, and the verdict."""

    id: str
    name: str  # Chinese
    status: Status
    measured: Any = None
    expected: Any = None
    tolerance: Any = None
    unit: str = ""
    detail: str = ""  # Chinese: where it failed, how many lines

    @property
    def ok(self) -> bool:
        return self.status != "fail"

    def line(self) -> str:
        def fmt(v: Any) -> str:
            if isinstance(v, float):
                return f"{v:.2f}"
            if isinstance(v, (list, tuple)):
                return "–".join(fmt(x) for x in v)
            return str(v)

        parts = [f"{_MARK[self.status]}  {self.name}"]
        if self.measured is not None:
            parts.append(f"实测 {fmt(self.measured)}{self.unit}")
        if self.expected is not None:
            tol = f" ±{fmt(self.tolerance)}" if self.tolerance not in (None, "", 0) else ""
            parts.append(f"应为 {fmt(self.expected)}{tol}{self.unit}")
        text = "；".join(parts)
        return f"{text}。{self.detail}" if self.detail else f"{text}。"


@dataclass
class Report:
    """All checks of one file."""

    source: Path
    pdf: Path
    pages: int
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.status == "fail"]

    def get(self, check_id: str) -> Check:
        for c in self.checks:
            if c.id == check_id:
                return c
        raise KeyError(check_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "pdf": str(self.pdf),
            "pages": self.pages,
            "ok": self.ok,
            "checks": [asdict(c) | {"ok": c.ok} for c in self.checks],
        }

    def to_json(self) -> str:
        return _json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        head = f"版面检查：{self.source}（{self.pages} 页）"
        if self.pdf != self.source:
            head += f"，由 LibreOffice 渲染为 {self.pdf.name}"
        lines = [head] + ["  " + c.line() for c in self.checks]
        n = len(self.failures)
        lines.append("结论：全部通过。" if n == 0 else f"结论：{n} 项不通过。")
        return "\n".join(lines)

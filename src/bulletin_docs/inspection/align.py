"""Two nearly equal texts into an alignment: where each character of the first is in the second.

A linear walk that resynchronises after a difference on a short common anchor; it
falls back to difflib (quadratic, exact) when the texts differ too much for the walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

#: How far ahead (characters, in either text) a resynchronisation is looked for.
WINDOW = 48
#: Characters that must agree for a resynchronisation.
ANCHOR = 6
#: Above this share of unmatched characters the walk is redone with difflib.
FALLBACK_SHARE = 0.02


@dataclass(frozen=True)
class Alignment:
    """``pairs[i]`` is the index in ``b`` of ``a[i]``, or -1 when ``b`` lacks it."""

    a: str
    b: str
    pairs: tuple[int, ...]

    def boundary(self, p: int) -> int | None:
        """The offset in ``b`` of the boundary before ``a[p]`` (after ``a[p-1]``), if aligned.

        Next to a character ``b`` lacks, the boundary is taken from the aligned side.
        """
        if p == 0:
            return 0
        if self.pairs[p - 1] >= 0:
            return self.pairs[p - 1] + 1
        if p < len(self.pairs) and self.pairs[p] >= 0:
            return self.pairs[p]
        return None

    def missing(self) -> list[tuple[int, int]]:
        """Runs ``(start, end)`` of ``a`` that ``b`` lacks."""
        runs: list[tuple[int, int]] = []
        start = None
        for i, q in enumerate(self.pairs):
            if q < 0 and start is None:
                start = i
            elif q >= 0 and start is not None:
                runs.append((start, i))
                start = None
        if start is not None:
            runs.append((start, len(self.pairs)))
        return runs


    def extra(self) -> list[str]:
        """Runs of ``b`` that no character of ``a`` is aligned to (page numbers, moved text)."""
        used = [False] * len(self.b)
        for q in self.pairs:
            if q >= 0:
                used[q] = True
        runs: list[str] = []
        cur: list[str] = []
        for ch, u in zip(self.b, used, strict=True):
            if u:
                if cur:
                    runs.append("".join(cur))
                    cur = []
            else:
                cur.append(ch)
        if cur:
            runs.append("".join(cur))
        return runs


def _walk(a: str, b: str) -> list[int]:
    pairs = [-1] * len(a)
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            pairs[i] = j
            i += 1
            j += 1
            continue
        found = None
        for total in range(1, 2 * WINDOW + 1):
            for di in range(max(0, total - WINDOW), min(total, WINDOW) + 1):
                dj = total - di
                anchor = a[i + di:i + di + ANCHOR]
                if anchor and anchor == b[j + dj:j + dj + len(anchor)]:
                    found = (di, dj)
                    break
            if found:
                break
        if found is None:  # no resync near: count both as different and go on
            i += 1
            j += 1
        else:
            i += found[0]
            j += found[1]
    return pairs


def _difflib(a: str, b: str) -> list[int]:
    pairs = [-1] * len(a)
    for i, j, n in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(n):
            pairs[i + k] = j + k
    return pairs


def align(a: str, b: str) -> Alignment:
    if a == b:
        return Alignment(a, b, tuple(range(len(a))))
    pairs = _walk(a, b)
    if pairs.count(-1) > FALLBACK_SHARE * max(len(a), 1):
        pairs = _difflib(a, b)
    return Alignment(a, b, tuple(pairs))

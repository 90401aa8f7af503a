"""The unit IDs of one OFD document: numbered from 1 in the order objects are met."""

from __future__ import annotations


class IdCounter:
    """Hands out the document's IDs; :attr:`last` is its MaxUnitID."""

    def __init__(self) -> None:
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last

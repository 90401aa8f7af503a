"""A 报尾's last line and （共印N份） into one decision: on that line, or on a line of its own."""

from __future__ import annotations

#: Points of slack: a line filled to the last character by measurement still counts as fitting.
FIT_TOLERANCE_PT = 0.01


def copies_fit(line_end_pt: float, copies_pt: float, room_pt: float, size_pt: float) -> bool:
    """Whether （共印N份） goes flush right on the last row's last line.

    ``line_end_pt`` is where that line's text ends and ``room_pt`` where the line may end
    (the right indent taken off), both from the same left edge; ``copies_pt`` is the width
    of （共印N份） and ``size_pt`` the rows' size: at least one character's gap must stay
    between the text and the copies. Both renderers decide here; each measures as it can
    (the native PDF its set line, the .docx the text in ems).
    """
    return line_end_pt + size_pt + copies_pt <= room_pt + FIT_TOLERANCE_PT

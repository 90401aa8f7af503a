"""The profile's kinsoku characters into the .docx's lists: Word's zh-CN set plus ours."""

from __future__ import annotations

from ..layout import LayoutProfile

#: Word's built-in Simplified Chinese 后置标点 (may not start a line), as its Typography
#: options list them. A w:noLineBreaksBefore for zh-CN replaces this set, so ours adds to it.
WORD_ZH_CN_NO_LINE_START = (
    "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞"
    "！＂％＇），．：；？］｀｜｝～￠"
)
#: Word's built-in Simplified Chinese 前置标点 (may not end a line).
WORD_ZH_CN_NO_LINE_END = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥"


def _union(*parts: str) -> str:
    """Characters of ``parts`` in first-seen order, each once."""
    return "".join(dict.fromkeys("".join(parts)))


def no_line_breaks_before(profile: LayoutProfile) -> str:
    """w:noLineBreaksBefore: characters that may not start a line."""
    return _union(WORD_ZH_CN_NO_LINE_START, profile.no_line_start)


def no_line_breaks_after(profile: LayoutProfile) -> str:
    """w:noLineBreaksAfter: characters that may not end a line."""
    return _union(WORD_ZH_CN_NO_LINE_END, profile.no_line_end)

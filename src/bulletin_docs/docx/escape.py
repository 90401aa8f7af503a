"""A clerk's text into the escaped text of a w:t that docxtpl leaves as it is."""

from __future__ import annotations


def xml_text(text: str) -> str:
    """Escape text for a w:t so that docxtpl's post-render rewriting cannot touch it.

    ``& < > " '`` become entities; braces and ``%`` become character references, so a
    value holding ``{{ }}``, ``{% %}`` or docxtpl's own ``{_{`` escapes comes out as typed.
    """
    out = (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
        .replace("%", "&#37;")
    )
    return out

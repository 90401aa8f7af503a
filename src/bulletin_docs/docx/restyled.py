"""A built .docx into the layout profile its template's restyles ask for (what to measure against).

An office may restyle what the code does not own (docs/template-variables.md): the title's
colour is the one such value the inspector measures. The 简报名称 style's colour becomes the
profile's ``red``, so the red rule under the issuer line is held to the same colour.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from ..layout import LayoutProfile
from . import styles as st
from .ooxml import w

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_HEX = re.compile(r"[0-9A-Fa-f]{6}")


def title_colour(docx: bytes | Path) -> str | None:
    """The colour (RRGGBB) the title style of a built .docx asks for; None when it sets none."""
    data = docx.read_bytes() if isinstance(docx, Path) else docx
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/styles.xml"), _PARSER)
    for style in root.iter(w("style")):
        if style.get(w("styleId")) == st.TITLE:
            colour = style.find(f"{w('rPr')}/{w('color')}")
            value = colour.get(w("val"), "") if colour is not None else ""
            return value.upper() if _HEX.fullmatch(value) else None
    return None


def restyled_profile(docx: bytes | Path, profile: LayoutProfile) -> LayoutProfile:
    """``profile`` with the title colour the .docx asks for."""
    colour = title_colour(docx)
    if colour is None or colour == profile.red.upper():
        return profile
    return dataclasses.replace(profile, red=colour)

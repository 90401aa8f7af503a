"""A layout's borrowed glyphs into lines naming, per role, its file and what other faces drew."""

from __future__ import annotations

from collections.abc import Sequence

from ..layout import ROLE_NAMES, ROLES
from .fontset import CID_FONT, Face, FontSet


def face_label(face: Face) -> str:
    """A face as the user knows it: its file (and face number in a collection) and family."""
    if face.file is None:
        return f"{CID_FONT}（不嵌入）"
    f = face.file
    index = f"，第 {f.index} 个字体" if f.path.suffix.lower() in (".ttc", ".otc") else ""
    return f"{f.path}{index}（{f.family}）"


def fallback_lines(fonts: FontSet, borrowed: Sequence[tuple[str, str, str]]) -> list[str]:
    """One line per role that borrowed glyphs: the role's file, then each other face's characters.

    E.g. ``仿宋（…/uming.ttc，第 0 个字体（AR PL UMing CN））缺字，改用：𠮷 用 …/HanaMinB.ttf（…）``
    """
    per_role: dict[str, dict[str, list[str]]] = {}
    for role, ch, name in borrowed:
        label = face_label(fonts.face_named(name))
        per_role.setdefault(role, {}).setdefault(label, []).append(ch)
    out: list[str] = []
    for role in ROLES:
        by_face = per_role.get(role)
        if not by_face:
            continue
        used = "；".join(f"{''.join(cs)} 用 {label}" for label, cs in by_face.items())
        out.append(f"{ROLE_NAMES[role]}（{face_label(fonts.roles[role])}）缺字，改用：{used}")
    return out

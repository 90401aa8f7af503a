"""A laid-out font set into lines naming, per role, its file and the characters other faces drew."""

from __future__ import annotations

from ..layout import ROLE_NAMES, ROLES
from .fontset import CID_FONT, Face, FontSet


def face_label(face: Face) -> str:
    """A face as the user knows it: its file (and face number in a collection) and family."""
    if face.file is None:
        return f"{CID_FONT}（不嵌入）"
    f = face.file
    index = f"，第 {f.index} 个字体" if f.path.suffix.lower() in (".ttc", ".otc") else ""
    return f"{f.path}{index}（{f.family}）"


def fallback_lines(fonts: FontSet) -> list[str]:
    """One line per role that borrowed glyphs: the role's file, then each other face's characters.

    E.g. ``仿宋（…/uming.ttc，第 0 个字体（AR PL UMing CN））缺字，改用：𠮷 用 …/HanaMinB.ttf（…）``
    """
    borrowed = fonts.fallback_chars()
    out: list[str] = []
    for role in ROLES:
        chars = borrowed.get(role)
        if not chars:
            continue
        by_face: dict[str, list[str]] = {}
        for ch, face in chars.items():
            by_face.setdefault(face_label(face), []).append(ch)
        used = "；".join(f"{''.join(cs)} 用 {label}" for label, cs in by_face.items())
        out.append(f"{ROLE_NAMES[role]}（{face_label(fonts.roles[role])}）缺字，改用：{used}")
    return out

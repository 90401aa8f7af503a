"""A layout's font coverage into the clerk's warnings: faces not embedded, borrowed, missing."""

from __future__ import annotations

from collections.abc import Sequence

from ..layout import ROLE_NAMES, ROLES
from .fontset import CID_FONT, Face, FontSet
from .items import Layout


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


def layout_warnings(fonts: FontSet, layout: Layout, medium: str, reader_font: str) -> list[str]:
    """The native renderers' warnings for a layout, saying which file (``medium``: PDF, OFD)
    they concern: roles without an embeddable face (drawn with the reader's ``reader_font``),
    characters drawn from another face, characters no face has."""
    out: list[str] = []
    missing_roles = fonts.not_embedded()
    if missing_roles:
        names = "、".join(ROLE_NAMES[r] for r in missing_roles)
        out.append(
            f"没有找到可嵌入的中文字体（{names}；TrueType 或 OpenType 均可），"
            f"{medium} 改用阅读器自带的 {reader_font}，"
            "字体未嵌入；可用 --font 角色=字体文件 指定。"
        )
    borrowed = fallback_lines(fonts, layout.borrowed)
    if borrowed:
        out.append(f"{medium} 中有字符取自备用字体：" + "；".join(borrowed))
    if layout.missing_glyphs:
        chars = "".join(layout.missing_glyphs)
        out.append(f"以下字符在所有可用字体中都没有字形，{medium} 中可能显示为空框：{chars}")
    return out

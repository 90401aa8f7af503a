"""A cold build loads only the faces it draws with: fallback faces when a character needs them."""

from __future__ import annotations


def test_fallback_faces_load_only_when_a_character_needs_them() -> None:
    from bulletin_docs.layout import ROLES
    from bulletin_docs.pdf.fontset import Face, FontSet

    common = Face("own", True, None, frozenset(map(ord, "简报第一期")))
    rare = Face("rare", True, None, frozenset([0x20BB7]))
    calls: list[int] = []

    def more() -> tuple[Face, ...]:
        calls.append(1)
        return (common, rare)

    fonts = FontSet(dict.fromkeys(ROLES, common), more)
    assert fonts.face_for("fangsong", "简") is common
    assert fonts.face_for("fangsong", "\n") is common
    assert calls == []  # every character so far in a role's face
    assert fonts.face_for("fangsong", "𠮷") is rare
    assert fonts.face_for("kaiti", "𠮷") is rare
    assert fonts.face_for("kaiti", "☃") is common  # in no face: drawn in the role's
    assert calls == [1]
    assert fonts.face_named("rare") is rare

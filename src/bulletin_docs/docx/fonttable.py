"""The profile's font names into word/fontTable.xml: what stands in for a missing face."""

from __future__ import annotations

from dataclasses import dataclass

from ..layout import LayoutProfile
from .ooxml import NS_DECL, XML_HEAD, esc

#: w:charset of a Simplified Chinese face (GB2312) and of a Latin one (ANSI).
CHARSET_GB2312 = "86"
CHARSET_ANSI = "00"


@dataclass(frozen=True)
class Face:
    """What the font table says of a face: the name Word tries when it is missing, and its class.

    ``panose`` is the face's PANOSE-1 as Word itself writes it for that face (None when not
    known: a guessed PANOSE would steer substitution wrong).
    """

    alt: str | None
    panose: str | None
    family: str  # w:family: roman, swiss, modern, script, decorative, auto
    pitch: str  # w:pitch: fixed, variable, default
    charset: str = CHARSET_GB2312


#: Faces the profile names (and the ones they fall back to), as Word's own font tables list them.
#: The Windows-only GB2312 faces fall back to the Windows face of the same style: 方正小标宋简体 to
#: 宋体 (a Song face, not a Latin default), 仿宋_GB2312 to 仿宋, 楷体_GB2312 to 楷体.
KNOWN_FACES: dict[str, Face] = {
    "方正小标宋简体": Face("宋体", None, "auto", "variable"),
    "仿宋_GB2312": Face("仿宋", "02010609030101010101", "modern", "fixed"),
    "仿宋": Face("FangSong", "02010609060101010101", "modern", "fixed"),
    "楷体_GB2312": Face("楷体", None, "modern", "fixed"),
    "楷体": Face("KaiTi", "02010609060101010101", "modern", "fixed"),
    "黑体": Face("SimHei", "02010609060101010101", "modern", "fixed"),
    "宋体": Face("SimSun", "02010600030101010101", "auto", "variable"),
    # CJK Extension B (docx/rare.py names it on runs of such characters); on every Windows
    "SimSun-ExtB": Face(None, "02010609060101010101", "modern", "fixed"),
    "Times New Roman": Face(None, "02020603050405020304", "roman", "variable", CHARSET_ANSI),
}


def _unknown_face(name: str, alt: str | None) -> Face:
    """A face the table does not know (a custom profile's): class guessed from its script."""
    if name.isascii():
        return Face(alt, None, "auto", "variable", CHARSET_ANSI)
    return Face(alt, None, "auto", "default")


def named_faces(profile: LayoutProfile) -> dict[str, Face]:
    """Every face the .docx names or falls back to, in order, with its font-table entry.

    A role's next name in the profile is its face's altName; a face named nowhere else
    keeps the known table's (so that 方正小标宋简体 falls back to 宋体).
    """
    faces: dict[str, Face] = {}

    def add(name: str, alt: str | None) -> None:
        if name in faces:
            return
        known = KNOWN_FACES.get(name)
        if known is None:
            faces[name] = _unknown_face(name, alt)
        elif alt is not None and alt != known.alt:
            faces[name] = Face(alt, known.panose, known.family, known.pitch, known.charset)
        else:
            faces[name] = known

    for names in profile.docx_font_names.values():
        for i, name in enumerate(names):
            add(name, names[i + 1] if i + 1 < len(names) else None)
    add(profile.latin_font_name, None)
    for face in list(faces.values()):  # the fallbacks get entries too
        if face.alt is not None and face.alt in KNOWN_FACES:
            add(face.alt, None)
    return faces


def font_xml(name: str, face: Face) -> str:
    """One w:font element of the font table, children in schema order."""
    out = [f'<w:font w:name="{esc(name)}">']
    if face.alt:
        out.append(f'<w:altName w:val="{esc(face.alt)}"/>')
    if face.panose:
        out.append(f'<w:panose1 w:val="{face.panose}"/>')
    out.append(f'<w:charset w:val="{face.charset}"/>')
    out.append(f'<w:family w:val="{face.family}"/>')
    out.append(f'<w:pitch w:val="{face.pitch}"/>')
    out.append("</w:font>")
    return "".join(out)


def font_table_xml(profile: LayoutProfile) -> bytes:
    """word/fontTable.xml: one w:font per face, children in schema order."""
    out = [f"{XML_HEAD}<w:fonts {NS_DECL}>"]
    out.extend(font_xml(name, face) for name, face in named_faces(profile).items())
    out.append("</w:fonts>")
    return "".join(out).encode("utf-8")

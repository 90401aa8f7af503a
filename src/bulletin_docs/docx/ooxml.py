"""Small WordprocessingML helpers: namespaces, escaping, units, and deterministic zip writing."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Any

from ..layout import TWIPS_PER_PT, LayoutProfile, TextStyle, mm_to_twips

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSMAP = {"w": W_NS, "r": R_NS}
NS_DECL = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

#: Zip entries first in every .docx we write, in this order; the rest follow sorted.
ZIP_FIRST = ("[Content_Types].xml", "_rels/.rels")


def w(tag: str) -> str:
    """Clark name of a w: element or attribute."""
    return f"{{{W_NS}}}{tag}"


def story_parts(doc: Any) -> list[Any]:
    """A python-docx Document's parts that hold text: the document, its headers and footers."""
    parts = [doc.part]
    for rel in doc.part.rels.values():
        if not rel.is_external and rel.target_part.content_type.endswith(
            (".header+xml", ".footer+xml")
        ):
            parts.append(rel.target_part)
    return parts


def own_runs(p: Any) -> list[Any]:
    """The runs of paragraph ``p`` in order, not those of a paragraph nested in a text box."""
    return [r for r in p.iter(w("r")) if next(r.iterancestors(w("p")), None) is p]


def esc_text(text: str) -> str:
    """Text for XML content: ``& < >`` as entities, quotes left as they are.

    What ``xml.sax.saxutils.escape(text)`` gives, without importing saxutils (it pulls
    in urllib.request, http.client, email and ssl: about 20 ms of every cold build).
    """
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def esc(text: str) -> str:
    """Text for XML content and attribute values (quotes too).

    What ``xml.sax.saxutils.escape(text, {'"': "&quot;"})`` gives (see ``esc_text``).
    """
    return esc_text(text).replace('"', "&quot;")


def pt_twips(pt: float) -> int:
    return round(pt * TWIPS_PER_PT)


def half_points(pt: float) -> int:
    return round(pt * 2)


def eighths(mm: float) -> int:
    """A border width in eighths of a point (Word's w:sz of borders)."""
    return max(2, round(mm / 25.4 * 72 * 8))


def char_spacing_twips(profile: LayoutProfile) -> int:
    """Spacing after each 3号 character, in whole twips, rounded toward the exact pitch (−4).

    28 characters at 16 pt − 4 twips take 8848 twips, 4 more than the type area: the
    3号 styles get :func:`grid_overhang_twips` of negative right indent to make room.
    (−5 would fit too, but ends full lines 1 pt short: LibreOffice justifies in whole
    twips and cannot spread 1.2 pt over 28 characters.)
    """
    return profile.word_char_spacing_twips


def grid_overhang_twips(profile: LayoutProfile) -> int:
    """Negative right indent of 3号 paragraphs so that a full line of ``chars_per_line`` fits.

    The overflow of the line plus two characters' spacing. LibreOffice leaves the (negative)
    spacing off the last character of a line, so a full line needs one character's spacing
    more than 28 pitches (measured: 8 fits 28 characters, 6 fits 27); and it leaves it off
    the last character of a text portion too, which a paragraph that opens with a quotation
    mark ("“到农村去…") has: with 8 its first line held one character too few. 12 fits
    both; a 29th character would still need a whole pitch more.
    """
    return profile.word_overhang_twips


def type_width_twips(profile: LayoutProfile) -> int:
    return mm_to_twips(profile.type_width_mm)


def font_name(profile: LayoutProfile, style: TextStyle) -> str:
    return profile.docx_font_names[style.role][0]


def rfonts(name: str, latin: str | None = None) -> str:
    """All four rFonts attributes, so that no theme font can leak in."""
    lat = esc(latin or name)
    n = esc(name)
    return f'<w:rFonts w:ascii="{lat}" w:hAnsi="{lat}" w:eastAsia="{n}" w:cs="{lat}"/>'


def rpr_xml(
    profile: LayoutProfile, style: TextStyle, *, latin: str | None = None, lang: bool = False
) -> str:
    """Run properties of a style: fonts, bold, colour, grid spacing (3号 only), size, language."""
    parts = [rfonts(font_name(profile, style), latin)]
    if style.bold:
        parts.append("<w:b/><w:bCs/>")
    parts.append(f'<w:color w:val="{style.color}"/>')
    if style.size_pt == profile.body_size_pt:
        parts.append(f'<w:spacing w:val="{char_spacing_twips(profile)}"/>')
    parts.append('<w:kern w:val="0"/>')
    hp = half_points(style.size_pt)
    parts.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    if lang:  # Chinese line-breaking and font rules in Word and WPS
        parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


#: Media already compressed: a .docx stores them as they are (deflating them gains nothing).
_STORED_MEDIA = (".jpeg", ".jpg", ".png", ".gif")


def _stored(name: str) -> bool:
    return name.startswith("word/media/") and name.lower().endswith(_STORED_MEDIA)


def write_zip(
    entries: Iterable[tuple[str, bytes]],
    date_time: tuple[int, ...],
    *,
    store_media: bool = False,
) -> bytes:
    """A zip with a fixed entry order, timestamps and attributes: same input, same bytes.

    ``store_media``: JPEG, PNG and GIF images under word/media/ are stored, not deflated.
    """
    items = dict(entries)
    order = [n for n in ZIP_FIRST if n in items]
    order += sorted(n for n in items if n not in ZIP_FIRST)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=date_time[:6])  # type: ignore[arg-type]
            stored = store_media and _stored(name)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            zf.writestr(info, items[name], compresslevel=6)
    return buf.getvalue()


def core_xml(title: str, when: tuple[int, ...], revision: int | None = None) -> bytes:
    """docProps/core.xml: title, creator bulletin-docs, created = modified = ``when``
    (year, month, day, hour, minute, second, UTC).

    Written here rather than through python-docx's core properties, which another
    installed package (docxcompose, imported by docxtpl when present) patches to put
    ``cp:revision`` in the wrong namespace: the .docx then fails the schema.
    """
    iso = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*when[:6])
    rev = "" if revision is None else f"<cp:revision>{revision}</cp:revision>"
    return (
        f"{XML_HEAD}"
        "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(title)}</dc:title><dc:creator>bulletin-docs</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{iso}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{iso}</dcterms:modified>'
        f"{rev}</cp:coreProperties>"
    ).encode()


class _Members:
    """What python-docx's package writer writes, as (member name, bytes), not zipped
    (the interface of its ``PhysPkgWriter``)."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes]] = []

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.items.append((pack_uri.membername, blob))


def package_members(doc: Any) -> list[tuple[str, bytes]]:
    """The members ``doc.save`` writes for a python-docx Document, as (name, bytes), made by
    python-docx's own package writer but not zipped."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    parts = package.parts
    for part in parts:  # as OpcPackage.save does
        part.before_marshal()
    members = _Members()
    PackageWriter._write_content_types_stream(members, parts)
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, parts)  # type: ignore[arg-type]  # its writer interface
    return members.items


def package_zip(
    doc: Any, date_time: tuple[int, ...], replace: dict[str, bytes] | None = None
) -> bytes:
    """A python-docx Document as .docx bytes with the fixed order and timestamps of
    :func:`write_zip`, the parts named in ``replace`` swapped for the given bytes.

    The members are collected (``package_members``) rather than deflated into a zip by
    ``doc.save``, which would only be read back and deflated again in this order. Its
    images are stored as they are (already compressed).
    """
    swapped = replace or {}
    entries = [(name, swapped.get(name) or blob) for name, blob in package_members(doc)]
    return write_zip(entries, date_time, store_media=True)

"""A laid-out issue into the parts of an OFD package: OFD.xml, Document.xml, resources, pages.

The package holds one document, ``Doc_0``: its ``Document.xml`` (page area, MaxUnitID,
the page list), ``PublicRes.xml`` (colour space, fonts), ``DocumentRes.xml`` (images),
``Pages/Page_N/Content.xml`` and the embedded files under ``Res/``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from dataclasses import dataclass

from .._version import __version__
from ..layout import LayoutProfile
from ..model import Bulletin
from ..pdf.fontset import FontSet
from ..pdf.items import GlyphRun, Layout
from .content import page_content
from .fontfile import font_subset
from .ids import IdCounter
from .images import image_file
from .xml import DECLARATION, NS, array, attrs, mm, text

DOC = "Doc_0"
#: The face OFD readers are asked for when no embeddable face was found (as the PDF's
#: STSong-Light, the reader supplies it).
READER_FONT = "宋体"


@dataclass(frozen=True)
class _Font:
    id: int
    face: str  # the registered face's name (GlyphRun.font)
    name: str
    family: str
    file: str | None  # the embedded file's name under Res/, None when not embedded
    chars: str  # every character drawn with it, in the order met


def creation_date(bulletin: Bulletin) -> _dt.date | None:
    """SOURCE_DATE_EPOCH's day (UTC) when set, else the issue's date (the PDF's rule)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date()
    return bulletin.masthead.date.as_date()


def doc_id(bulletin: Bulletin) -> str:
    """A stable DocID: 32 hex digits from the 简报's name, 期号, issuer and date."""
    m = bulletin.masthead
    key = "\n".join((m.title, m.issue.text, m.issuer, m.date.text))
    return hashlib.md5(key.encode("utf-8"), usedforsecurity=False).hexdigest()


def ofd_xml(bulletin: Bulletin) -> str:
    m = bulletin.masthead
    day = creation_date(bulletin)
    date = f"<ofd:CreationDate>{day.isoformat()}</ofd:CreationDate>" if day else ""
    return (
        f'{DECLARATION}<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
        f"<ofd:DocInfo><ofd:DocID>{doc_id(bulletin)}</ofd:DocID>"
        f"<ofd:Title>{text(m.title + m.issue.text)}</ofd:Title>"
        f"<ofd:Author>{text(m.issuer)}</ofd:Author>"
        f"<ofd:Subject>{text(m.issue.text)}</ofd:Subject>{date}"
        f"<ofd:Creator>bulletin-docs</ofd:Creator>"
        f"<ofd:CreatorVersion>{__version__}</ofd:CreatorVersion></ofd:DocInfo>"
        f"<ofd:DocRoot>{DOC}/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>\n"
    )


def _fonts(layout: Layout, fonts: FontSet, ids: IdCounter) -> list[_Font]:
    """A font resource per face the runs use, in the order met."""
    chars: dict[str, dict[str, None]] = {}
    for page in layout.pages:
        for item in page.items:
            if isinstance(item, GlyphRun) and item.text:
                chars.setdefault(item.font, {}).update(dict.fromkeys(item.text))
    out: list[_Font] = []
    for name, drawn in chars.items():
        face = fonts.face_named(name)
        fid = ids.next()
        used = "".join(drawn)
        if face.embedded and face.file is not None:
            family = face.file.family
            out.append(_Font(fid, name, family, family, f"font_{fid}.ttf", used))
        else:
            out.append(_Font(fid, name, READER_FONT, READER_FONT, None, used))
    return out


def package_parts(
    bulletin: Bulletin, layout: Layout, fonts: FontSet, profile: LayoutProfile
) -> dict[str, bytes]:
    """Every file of the .ofd package by its path inside it, in writing order."""
    ids = IdCounter()
    cs_id = ids.next()
    font_list = _fonts(layout, fonts, ids)
    font_ids = {f.face: f.id for f in font_list}
    images: dict[bytes, tuple[int, str, bytes]] = {}

    def image_id(data: bytes) -> int:
        hit = images.get(data)
        if hit is None:
            fmt, file = image_file(data)
            hit = images[data] = (ids.next(), fmt, file)
        return hit[0]

    pages: list[tuple[int, str]] = []
    for page in layout.pages:
        page_id = ids.next()
        pages.append((page_id, page_content(page, ids, font_ids, image_id, profile)))

    parts: dict[str, bytes] = {"OFD.xml": ofd_xml(bulletin).encode("utf-8")}
    box = array((0, 0, mm(profile.page_width_pt), mm(profile.page_height_pt)))
    page_list = "".join(
        f"<ofd:Page{attrs(ID=pid, BaseLoc=f'Pages/Page_{i}/Content.xml')}/>"
        for i, (pid, _xml) in enumerate(pages)
    )
    parts[f"{DOC}/Document.xml"] = (
        f'{DECLARATION}<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f"<ofd:MaxUnitID>{ids.last}</ofd:MaxUnitID>"
        f"<ofd:PageArea><ofd:PhysicalBox>{box}</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
        + ("<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>" if images else "")
        + f"<ofd:DefaultCS>{cs_id}</ofd:DefaultCS></ofd:CommonData>"
        f"<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>\n"
    ).encode("utf-8")
    font_xml = "".join(
        f"<ofd:Font{attrs(ID=f.id, FontName=f.name, FamilyName=f.family)}>"
        + (f"<ofd:FontFile>{f.file}</ofd:FontFile>" if f.file else "")
        + "</ofd:Font>"
        for f in font_list
    )
    parts[f"{DOC}/PublicRes.xml"] = (
        f'{DECLARATION}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
        f'<ofd:ColorSpaces><ofd:ColorSpace{attrs(ID=cs_id, Type="RGB")}/></ofd:ColorSpaces>'
        + (f"<ofd:Fonts>{font_xml}</ofd:Fonts>" if font_list else "")
        + "</ofd:Res>\n"
    ).encode("utf-8")
    if images:
        media = "".join(
            f'<ofd:MultiMedia{attrs(ID=iid, Type="Image", Format=fmt)}>'
            f"<ofd:MediaFile>{_image_name(iid, fmt)}</ofd:MediaFile></ofd:MultiMedia>"
            for iid, fmt, _file in images.values()
        )
        parts[f"{DOC}/DocumentRes.xml"] = (
            f'{DECLARATION}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
            f"<ofd:MultiMedias>{media}</ofd:MultiMedias></ofd:Res>\n"
        ).encode()
    for i, (_pid, xml) in enumerate(pages):
        parts[f"{DOC}/Pages/Page_{i}/Content.xml"] = xml.encode("utf-8")
    for f in font_list:
        if f.file is not None:
            parts[f"{DOC}/Res/{f.file}"] = font_subset(f.face, f.chars)
    for iid, fmt, file in images.values():
        parts[f"{DOC}/Res/{_image_name(iid, fmt)}"] = file
    return parts


def _image_name(image_id: int, fmt: str) -> str:
    return f"image_{image_id}.{'jpg' if fmt == 'JPEG' else 'png'}"

"""One laid-out page into its OFD Content.xml: text, path and image objects in millimetres.

Every item sits where the PDF draws it: a glyph run's characters at the PDF's advances
(the face's widths plus the run's character spacing) as ``DeltaX``, its baseline as the
``TextCode``'s Y; fake bold as the PDF's (filled and stroked, the same line width).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import pairwise

from ..layout import LayoutProfile
from ..pdf.fontset import char_width
from ..pdf.items import GlyphRun, Page, Picture, Rule
from .ids import IdCounter
from .xml import DECLARATION, NS, array, attrs, mm, num, rgb, text

#: A text object's box reaches this many font sizes above the baseline, and its height is
#: this many font sizes (readers may clip to it; the glyphs stay well inside).
_ASCENT = 1.2
_HEIGHT = 1.6


def glyph_offsets(run: GlyphRun) -> list[float]:
    """Each character's distance from the run's start in points, as the PDF advances."""
    out: list[float] = []
    x = 0.0
    for ch in run.text:
        out.append(x)
        x += char_width(run.font, ch, run.size) + run.char_space
    out.append(x)
    return out


def _text_object(run: GlyphRun, oid: int, font_id: int, profile: LayoutProfile) -> str:
    offsets = glyph_offsets(run)
    left, top = mm(run.x), mm(run.y - _ASCENT * run.size)
    # absolute positions rounded once, so DeltaX never accumulates rounding
    xs = [mm(run.x + dx) - left for dx in offsets]
    deltas = [b - a for a, b in pairwise(xs[:-1])]
    width = xs[-1] + mm(run.size)
    box = array((left, top, width, mm(_HEIGHT * run.size)))
    colour = f"<ofd:FillColor{attrs(Value=rgb(run.color))}/>"
    bold = ""
    if run.bold:
        bold = attrs(Stroke="true", LineWidth=num(mm(profile.fake_bold_stroke_em * run.size)))
        colour += f"<ofd:StrokeColor{attrs(Value=rgb(run.color))}/>"
    code = attrs(X="0", Y=num(mm(run.y) - top), DeltaX=array(deltas) if deltas else None)
    return (
        f'<ofd:TextObject{attrs(ID=oid, Boundary=box, Font=font_id, Size=num(mm(run.size)))}'
        f"{bold}>{colour}<ofd:TextCode{code}>{text(run.text)}</ofd:TextCode></ofd:TextObject>"
    )


def _path_object(rule: Rule, oid: int) -> str:
    t = mm(rule.thickness)
    left, width = mm(rule.x0), mm(rule.x1) - mm(rule.x0)
    box = array((left, mm(rule.y) - t, width, 2 * t))
    return (
        f"<ofd:PathObject{attrs(ID=oid, Boundary=box, LineWidth=num(t))}>"
        f"<ofd:StrokeColor{attrs(Value=rgb(rule.color))}/>"
        f"<ofd:AbbreviatedData>M 0 {num(t)} L {num(width)} {num(t)}</ofd:AbbreviatedData>"
        "</ofd:PathObject>"
    )


def _image_object(picture: Picture, oid: int, resource_id: int) -> str:
    w, h = mm(picture.width), mm(picture.height)
    box = array((mm(picture.x), mm(picture.y), w, h))
    ctm = array((w, 0, 0, h, 0, 0))
    return f"<ofd:ImageObject{attrs(ID=oid, Boundary=box, CTM=ctm, ResourceID=resource_id)}/>"


def page_content(
    page: Page,
    ids: IdCounter,
    font_ids: Mapping[str, int],
    image_id: Callable[[bytes], int],
    profile: LayoutProfile,
) -> str:
    """The Content.xml of ``page``: one body layer holding its items in drawing order."""
    layer_id = ids.next()
    objects: list[str] = []
    for item in page.items:
        if isinstance(item, GlyphRun):
            if item.text:
                objects.append(_text_object(item, ids.next(), font_ids[item.font], profile))
        elif isinstance(item, Rule):
            objects.append(_path_object(item, ids.next()))
        else:
            objects.append(_image_object(item, ids.next(), image_id(item.data)))
    body = "".join(objects)
    return (
        f'{DECLARATION}<ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
        f'<ofd:Layer{attrs(ID=layer_id, Type="Body")}>{body}</ofd:Layer>'
        "</ofd:Content></ofd:Page>\n"
    )

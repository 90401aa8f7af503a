"""A rendered document's styles into explicit w:rFonts, colour and East Asian hint on every run."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..chars import is_latin_slot
from .ooxml import w

FONT_ATTRS = ("ascii", "hAnsi", "eastAsia", "cs")
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
#: rPr children that must come before w:rFonts (schema order).
_BEFORE_RFONTS = (w("rStyle"),)


#: rPr children that come after w:color (schema order); w:color goes before the first of them.
_AFTER_COLOR = tuple(
    w(t)
    for t in (
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    )
)


_W_COLOR = w("color")
_W_VAL = w("val")
_W_RFONTS = w("rFonts")
_W_P = w("p")
_W_PPR = w("pPr")
_W_PSTYLE = w("pStyle")
_W_R = w("r")
_W_RPR = w("rPr")
_W_RSTYLE = w("rStyle")
_W_T = w("t")
_W_HINT = w("hint")
#: (attribute, its Clark name) of FONT_ATTRS and of _THEME_ATTRS.
_FONT_KEYS = tuple((a, w(a)) for a in FONT_ATTRS)
_THEME_KEYS = tuple(w(a) for a in _THEME_ATTRS)


def _own_color(rpr: Any) -> str | None:
    if rpr is None:
        return None
    color = rpr.find(_W_COLOR)
    return None if color is None else color.get(_W_VAL)


def _own_fonts(rpr: Any) -> dict[str, str]:
    if rpr is None:
        return {}
    rf = rpr.find(_W_RFONTS)
    if rf is None:
        return {}
    out: dict[str, str] = {}
    for a, clark in _FONT_KEYS:
        v = rf.get(clark)
        if v:
            out[a] = v
    return out


def needs_east_asia_hint(text: str) -> bool:
    """Whether ``text`` has a character Word draws in the Latin (hAnsi) slot unless hinted.

    Characters past Basic Latin and before the CJK blocks (U+2E80): — “ ” ‘ ’ … · ℃ ‰ and
    the like. With ``w:hint="eastAsia"`` Word draws them in the East Asian face, as the
    native PDF does ([MS-OI29500] 2.1.88); without it in the Latin face, and counts them as
    Latin text, with Han/Latin spacing on each side.
    """
    return any(is_latin_slot(c) for c in text)


def _is_rpr(tag: object) -> bool:
    """Whether an element's tag is an rPr (in any namespace)."""
    return isinstance(tag, str) and tag.rpartition("}")[2] == "rPr"


class StyleFonts:
    """Fonts each style resolves to through its basedOn chain and the document defaults."""

    def __init__(self, styles_root: Any) -> None:
        self._styles: dict[str, Any] = {}
        self.default_paragraph: str | None = None
        for s in styles_root.iter(w("style")):
            sid = s.get(w("styleId"))
            if sid:
                self._styles[sid] = s
                if s.get(w("type")) == "paragraph" and s.get(w("default")) in ("1", "true"):
                    self.default_paragraph = sid
        default_rpr = styles_root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        self.defaults = _own_fonts(default_rpr)
        color = _own_color(default_rpr)
        if color:
            self.defaults["color"] = color
        self._cache: dict[str, dict[str, str]] = {}

    def fonts(self, style_id: str | None, _depth: int = 0) -> dict[str, str]:
        if not style_id or style_id not in self._styles or _depth > 20:
            return {}
        if style_id in self._cache:
            return self._cache[style_id]
        s = self._styles[style_id]
        based = s.find(w("basedOn"))
        out = dict(self.fonts(based.get(w("val")), _depth + 1)) if based is not None else {}
        out.update(_own_fonts(s.find(w("rPr"))))
        color = _own_color(s.find(w("rPr")))
        if color:
            out["color"] = color
        self._cache[style_id] = out
        return out


def materialize_run_fonts(root: Any, styles: StyleFonts) -> int:
    """Give every w:r all four rFonts attributes from its own, character and paragraph styles.

    A run whose East Asian face is a Chinese one and whose text has characters Word would
    otherwise put in the Latin slot (:func:`needs_east_asia_hint`) gets ``w:hint="eastAsia"``.
    """
    count = 0
    by_pstyle: dict[str | None, dict[str, str]] = {}
    for p in root.iter(_W_P):
        ppr = p.find(_W_PPR)
        pstyle = None
        if ppr is not None:
            ps = ppr.find(_W_PSTYLE)
            if ps is not None:
                pstyle = ps.get(_W_VAL)
        para_fonts = by_pstyle.get(pstyle)
        if para_fonts is None:
            para_fonts = dict(styles.defaults)
            para_fonts.update(styles.fonts(styles.default_paragraph))
            para_fonts.update(styles.fonts(pstyle))
            by_pstyle[pstyle] = para_fonts
        for r in p.iter(_W_R):
            parent = r.getparent()
            if parent is not None and _is_rpr(parent.tag):
                continue
            rpr = r.find(_W_RPR)
            fonts = dict(para_fonts)
            if rpr is not None:
                rs = rpr.find(_W_RSTYLE)
                if rs is not None:
                    fonts.update(styles.fonts(rs.get(_W_VAL)))
                fonts.update(_own_fonts(rpr))
                own_color = _own_color(rpr)
                if own_color:
                    fonts["color"] = own_color
            if not fonts.get("eastAsia"):
                continue
            for a in FONT_ATTRS:
                fonts.setdefault(a, fonts["eastAsia"])
            if rpr is None:
                rpr = etree.Element(_W_RPR)
                r.insert(0, rpr)
            rf = rpr.find(_W_RFONTS)
            if rf is None:
                rf = etree.Element(_W_RFONTS)
                pos = sum(1 for c in rpr if c.tag in _BEFORE_RFONTS)
                rpr.insert(pos, rf)
            attrib = rf.attrib
            for clark in _THEME_KEYS:
                attrib.pop(clark, None)
            for a, clark in _FONT_KEYS:
                rf.set(clark, fonts[a])
            if not fonts["eastAsia"].isascii() and needs_east_asia_hint(
                "".join(t.text or "" for t in r.iter(_W_T))
            ):
                rf.set(_W_HINT, "eastAsia")
            if fonts.get("color") and rpr.find(_W_COLOR) is None:
                color = etree.Element(_W_COLOR)
                color.set(_W_VAL, fonts["color"])
                later = [i for i, c in enumerate(rpr) if c.tag in _AFTER_COLOR]
                rpr.insert(later[0] if later else len(rpr), color)
            count += 1
    return count

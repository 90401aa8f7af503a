"""A rendered document's styles into explicit w:rFonts (and colour) on every run: no theme leaks."""

from __future__ import annotations

from typing import Any

from lxml import etree

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


def _own_color(rpr: Any) -> str | None:
    if rpr is None or rpr.find(w("color")) is None:
        return None
    return rpr.find(w("color")).get(w("val"))


def _own_fonts(rpr: Any) -> dict[str, str]:
    if rpr is None:
        return {}
    rf = rpr.find(w("rFonts"))
    if rf is None:
        return {}
    return {a: rf.get(w(a)) for a in FONT_ATTRS if rf.get(w(a))}


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
    """Give every w:r all four rFonts attributes from its own, character and paragraph styles."""
    count = 0
    for p in root.iter(w("p")):
        ppr = p.find(w("pPr"))
        pstyle = None
        if ppr is not None and ppr.find(w("pStyle")) is not None:
            pstyle = ppr.find(w("pStyle")).get(w("val"))
        para_fonts = dict(styles.defaults)
        para_fonts.update(styles.fonts(styles.default_paragraph))
        para_fonts.update(styles.fonts(pstyle))
        for r in p.iter(w("r")):
            if r.getparent() is not None and etree.QName(r.getparent()).localname == "rPr":
                continue
            rpr = r.find(w("rPr"))
            fonts = dict(para_fonts)
            if rpr is not None and rpr.find(w("rStyle")) is not None:
                fonts.update(styles.fonts(rpr.find(w("rStyle")).get(w("val"))))
            fonts.update(_own_fonts(rpr))
            if _own_color(rpr):
                fonts["color"] = _own_color(rpr)
            if not fonts.get("eastAsia"):
                continue
            for a in FONT_ATTRS:
                fonts.setdefault(a, fonts["eastAsia"])
            if rpr is None:
                rpr = etree.Element(w("rPr"))
                r.insert(0, rpr)
            rf = rpr.find(w("rFonts"))
            if rf is None:
                rf = etree.Element(w("rFonts"))
                pos = sum(1 for c in rpr if c.tag in _BEFORE_RFONTS)
                rpr.insert(pos, rf)
            for a in _THEME_ATTRS:
                rf.attrib.pop(w(a), None)
            for a in FONT_ATTRS:
                rf.set(w(a), fonts[a])
            if fonts.get("color") and rpr.find(w("color")) is None:
                color = etree.Element(w("color"))
                color.set(w("val"), fonts["color"])
                later = [i for i, c in enumerate(rpr) if c.tag in _AFTER_COLOR]
                rpr.insert(later[0] if later else len(rpr), color)
            count += 1
    return count

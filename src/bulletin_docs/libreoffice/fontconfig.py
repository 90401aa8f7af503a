"""The profile's .docx font names into a fontconfig file aliasing them to installed CJK fonts."""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..layout import DEFAULT, LayoutProfile


def fonts_conf(profile: LayoutProfile = DEFAULT) -> str:
    """A fontconfig file: the system config plus strong aliases from the .docx font names.

    Each of the role's names (the profile's docx_font_names, then the calibration's
    font_extra_names) prefers the calibration's font_stand_ins for the role, best first;
    a name that is itself a stand-in is left to fontconfig.
    """
    cal = profile.libreoffice
    out = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        "<fontconfig>",
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    ]
    for role, stand_ins in cal.font_stand_ins.items():
        own = (*profile.docx_font_names.get(role, ()), *cal.font_extra_names.get(role, ()))
        for name in dict.fromkeys(own):
            if name in stand_ins:
                continue
            out.append('  <alias binding="strong">')
            out.append(f"    <family>{escape(name)}</family>")
            out.append("    <prefer>")
            out.extend(f"      <family>{escape(f)}</family>" for f in stand_ins)
            out.append("    </prefer>")
            out.append("  </alias>")
    out.append("</fontconfig>")
    return "\n".join(out) + "\n"

"""A PDF into its fonts: base name → its descriptor's font-file key (None: not embedded)."""

from __future__ import annotations

from pathlib import Path


def embedded_fonts(path: Path) -> dict[str, str | None]:
    """Every font the pages use: ``FontFile2``/``FontFile3``/``FontFile``, or None."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    out: dict[str, str | None] = {}
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            fonts = resolve1(resolve1(page.page_obj.resources).get("Font", {}))
            for ref in fonts.values():
                font = resolve1(ref)
                name = str(resolve1(font.get("BaseFont"))).strip("/'")
                descendants = resolve1(font.get("DescendantFonts", []))
                for desc in (font, *(resolve1(d) for d in descendants)):
                    fd = resolve1(desc.get("FontDescriptor"))
                    if fd:
                        keys = ("FontFile2", "FontFile3", "FontFile")
                        out[name] = next((k for k in keys if k in fd), None)
                        break
                else:
                    out.setdefault(name, None)
    return out

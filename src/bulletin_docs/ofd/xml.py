"""Values into the text of OFD's XML parts: numbers in millimetres, colours, escaped text."""

from __future__ import annotations

from collections.abc import Iterable

from ..layout import pt_to_mm

#: The namespace of every OFD part (GB/T 33190-2016).
NS = "http://www.ofdspec.org/2016"
#: Every part's first line.
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
#: Decimal places of lengths in millimetres: 1 µm, far below the 0.1 mm the PDF is matched to.
PLACES = 4


def num(value: float) -> str:
    """``value`` with at most :data:`PLACES` decimals, without trailing zeros (``-0`` is ``0``)."""
    text = f"{value:.{PLACES}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def mm(points: float) -> float:
    """A length in points as millimetres, rounded to :data:`PLACES` decimals."""
    return round(pt_to_mm(points), PLACES)


def array(values: Iterable[float]) -> str:
    """An ST_Array / ST_Box: numbers separated by spaces."""
    return " ".join(num(v) for v in values)


def rgb(hex6: str) -> str:
    """``RRGGBB`` as OFD's ``"r g b"`` colour value."""
    return " ".join(str(int(hex6[i : i + 2], 16)) for i in (0, 2, 4))


def attrs(**values: object) -> str:
    """`` name="value"`` pairs, escaped, in the order given; None values left out."""
    return "".join(f" {k}={_quoted(str(v))}" for k, v in values.items() if v is not None)


def text(value: str) -> str:
    """Character data, escaped: ``& < >`` as entities.

    What ``xml.sax.saxutils.escape`` gives, without importing saxutils (it pulls in
    urllib.request, http.client, email and ssl: about 20 ms of every cold build).
    """
    return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _quoted(value: str) -> str:
    """An attribute value with its quotes, as ``xml.sax.saxutils.quoteattr`` gives it."""
    value = text(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"{}"'.format(value.replace('"', "&quot;"))

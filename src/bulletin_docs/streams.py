"""Text the console or a redirect cannot encode into readable replacements, never an exception.

A clerk's batch file that redirects ``bulletin-docs build`` into a log makes Windows encode the
output as GBK (cp936); an English Windows uses cp1252, ``LANG=C`` gives ASCII. The command line
reconfigures stdout and stderr with the ``bulletin-docs`` error handler: a symbol the encoding
lacks becomes the nearest one it has (✓ → √ → OK, ✗ → × → X, → → ->), a byte that a file
name smuggled in as a lone surrogate is written back as that byte, and any other character
becomes its ``\\uXXXX`` escape (𠮷 in a file name: ``\\U00020bb7``).
"""

from __future__ import annotations

import codecs
import io
import sys
from collections.abc import Iterable

#: The codec error handler's name (``"x".encode("gbk", ERRORS)``).
ERRORS = "bulletin-docs"

#: Characters the messages use, each with replacements to try in order.
SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "✓": ("√", "OK"),
    "✔": ("√", "OK"),
    "✗": ("×", "X"),
    "✘": ("×", "X"),
    "√": ("OK",),
    "×": ("X",),
    "→": ("->",),
    "—": ("--",),
    "―": ("--",),
    "…": ("...",),
    "·": (".",),
    "“": ('"',),
    "”": ('"',),
    "‘": ("'",),
    "’": ("'",),
    "（": ("(",),
    "）": (")",),
    "：": (":",),
    "，": (",",),
    "；": (";",),
    "。": (".",),
}


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeError:
        return False
    return True


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def replacement(ch: str, encoding: str) -> str | bytes:
    """What ``ch``, which ``encoding`` cannot encode, is written as."""
    if 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte of an undecodable file name (surrogateescape)
        return bytes([ord(ch) - 0xDC00])
    for candidate in SUBSTITUTES.get(ch, ()):
        if _encodable(candidate, encoding):
            return candidate
    return _escape(ch)


def _handler(exc: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    parts = [replacement(ch, exc.encoding) for ch in exc.object[exc.start : exc.end]]
    if all(isinstance(p, str) for p in parts):
        return "".join(str(p) for p in parts), exc.end
    if len(parts) == 1:
        return parts[0], exc.end
    return replacement(exc.object[exc.start], exc.encoding), exc.start + 1


codecs.register_error(ERRORS, _handler)


def never_fail(streams: Iterable[object] | None = None) -> None:
    """Make ``streams`` (default: sys.stdout and sys.stderr) replace what they cannot encode.

    Line buffering is kept; a stream that is not a text file with ``reconfigure`` (a test's
    capture, a GUI's None) is left as it is.
    """
    for stream in (sys.stdout, sys.stderr) if streams is None else streams:
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=ERRORS)

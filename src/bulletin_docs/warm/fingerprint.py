"""This installation and environment into a digest: a background process serves only its twin.

A build handed to the background process must come out as it would have in a fresh
process. So the process serves a client only when both see the same interpreter, the same
files of bulletin-docs (sizes and modification times), the same installed libraries (the
modification times of the site-packages folders change when pip installs, upgrades or
removes anything) and the same values of the variables that modules read once
(:data:`.policy.ENV_KEYS`). Computing it costs about a millisecond (no imports).
"""

from __future__ import annotations

import hashlib
import os
import sys

from .policy import relevant_environment

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

#: The package folder (``bulletin_docs``).
PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _package_files(root: str) -> list[str]:
    """``relative path:size:mtime`` of every file of the package, in a stable order."""
    lines = []
    for folder, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            lines.append(f"{os.path.relpath(path, root)}:{st.st_size}:{st.st_mtime_ns}")
    return lines


def _library_folders(path: list[str]) -> list[str]:
    """``folder:mtime`` of the site-packages folders on ``path``."""
    lines = []
    for entry in path:
        if not entry.endswith(("site-packages", "dist-packages")):
            continue
        try:
            lines.append(f"{entry}:{os.stat(entry).st_mtime_ns}")
        except OSError:
            continue
    return lines


def fingerprint(
    environ: Mapping[str, str] = os.environ,
    package: str = PACKAGE,
) -> str:
    """The digest of this interpreter, package, libraries and environment (hex, 32 chars)."""
    parts = [
        sys.executable,
        sys.version,
        sys.getfilesystemencoding(),
        os.path.realpath(package),
        *_package_files(package),
        *_library_folders(sys.path),
        *(f"{k}={v}" for k, v in relevant_environment(environ).items()),
    ]
    text = "\n".join(parts)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]

"""The environment and platform into the cache folder: the OS's conventions, overridable, or off."""

from __future__ import annotations

import os
import sys

# Only os and sys at import: `bulletin-docs build` looks for the warm background process
# in this folder before anything else is imported (warm/client.py).
TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping
    from pathlib import Path

#: Folder name under the platform's cache root.
APP = "bulletin-docs"
#: A folder to use instead of the platform's (tests point it at a temporary one).
DIR_VAR = "BULLETIN_DOCS_CACHE_DIR"
#: Set (to anything but "" or "0"): no cache is read or written.
OFF_VAR = "BULLETIN_DOCS_NO_CACHE"


def platform_cache_dir(
    platform: str = sys.platform,
    environ: Mapping[str, str] = os.environ,
    home: Path | None = None,
) -> Path:
    """The user's cache folder for bulletin-docs by the OS's conventions (as platformdirs does).

    Windows ``%LOCALAPPDATA%\\bulletin-docs\\Cache``, macOS ``~/Library/Caches/bulletin-docs``,
    others ``$XDG_CACHE_HOME/bulletin-docs`` (``~/.cache/bulletin-docs`` when it is unset or
    relative, as the XDG specification says).
    """
    from pathlib import Path

    return Path(_platform_folder(platform, environ, None if home is None else os.fspath(home)))


def _platform_folder(platform: str, environ: Mapping[str, str], home: str | None) -> str:
    home = os.path.expanduser("~") if home is None else home
    if platform.startswith(("win32", "cygwin")):
        local = environ.get("LOCALAPPDATA", "")
        root = local if local else os.path.join(home, "AppData", "Local")
        return os.path.join(root, APP, "Cache")
    if platform == "darwin":
        return os.path.join(home, "Library", "Caches", APP)
    xdg = environ.get("XDG_CACHE_HOME", "")
    root = xdg if xdg and os.path.isabs(xdg) else os.path.join(home, ".cache")
    return os.path.join(root, APP)


def cache_enabled(environ: Mapping[str, str] = os.environ) -> bool:
    """False when the environment turns the cache off (``BULLETIN_DOCS_NO_CACHE=1``)."""
    return environ.get(OFF_VAR, "").strip() in ("", "0")


def cache_folder(environ: Mapping[str, str] = os.environ) -> str:
    """``BULLETIN_DOCS_CACHE_DIR`` when set, else the platform's folder (a string: no pathlib)."""
    chosen = environ.get(DIR_VAR, "").strip()
    if chosen:
        return os.path.expanduser(chosen)
    return _platform_folder(sys.platform, environ, None)


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """:func:`cache_folder` as a path."""
    from pathlib import Path

    return Path(cache_folder(environ))

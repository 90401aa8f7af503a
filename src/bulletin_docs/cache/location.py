"""The environment and platform into the cache folder: the OS's conventions, overridable, or off."""

from __future__ import annotations

import os
import sys
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
    home = Path.home() if home is None else home
    if platform.startswith(("win32", "cygwin")):
        local = environ.get("LOCALAPPDATA", "")
        root = Path(local) if local else home / "AppData" / "Local"
        return root / APP / "Cache"
    if platform == "darwin":
        return home / "Library" / "Caches" / APP
    xdg = environ.get("XDG_CACHE_HOME", "")
    root = Path(xdg) if xdg and os.path.isabs(xdg) else home / ".cache"
    return root / APP


def cache_enabled(environ: Mapping[str, str] = os.environ) -> bool:
    """False when the environment turns the cache off (``BULLETIN_DOCS_NO_CACHE=1``)."""
    return environ.get(OFF_VAR, "").strip() in ("", "0")


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """``BULLETIN_DOCS_CACHE_DIR`` when set, else the platform's folder."""
    chosen = environ.get(DIR_VAR, "").strip()
    return Path(chosen).expanduser() if chosen else platform_cache_dir(environ=environ)

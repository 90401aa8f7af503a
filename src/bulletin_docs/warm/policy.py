"""The environment into whether the background build process may be used, and for how long."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover - typing is not imported on the command line's fast path
    from collections.abc import Mapping

#: Set (to anything but "" or "0"): no background process is started or used.
OFF_VAR = "BULLETIN_DOCS_NO_SERVER"
#: Seconds the background process waits for the next build before it exits.
IDLE_VAR = "BULLETIN_DOCS_SERVER_IDLE"
#: Default of :data:`IDLE_VAR`: twenty minutes, a clerk's pause between two builds.
IDLE_SECONDS = 20 * 60.0
#: The process also exits after this long (a day's builds; memory comes back).
MAX_AGE_SECONDS = 8 * 3600.0
#: Variables that are read while modules are first imported or cached for the process, so a
#: build in another value of them must not go to a process started with this one.
ENV_KEYS = (
    "PATH", "HOME", "USERPROFILE", "LOCALAPPDATA", "APPDATA", "WINDIR", "SYSTEMROOT",
    "LANG", "LC_ALL", "LC_CTYPE", "PYTHONPATH", "PYTHONUTF8", "PYTHONIOENCODING",
    "PYTHONHASHSEED", "FONTCONFIG_FILE", "FONTCONFIG_PATH", "TMPDIR", "TEMP", "TMP",
)
#: Prefixes of such variables (ours, and the XDG folders fonts and caches are found in).
ENV_PREFIXES = ("BULLETIN_DOCS_", "XDG_")

#: True inside the background process: its builds run there, never handed on again.
serving = [False]


def _off(value: str | None) -> bool:
    return (value or "").strip() not in ("", "0")


def server_allowed(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a build may use (and start) the background process.

    Not with ``BULLETIN_DOCS_NO_SERVER`` or ``BULLETIN_DOCS_NO_CACHE`` (the process is a kind
    of cache), not inside the process itself, not in a frozen executable (there is no
    ``python -m`` to start).
    """
    from ..cache.location import OFF_VAR as CACHE_OFF_VAR

    return not (
        serving[0]
        or _off(environ.get(OFF_VAR))
        or _off(environ.get(CACHE_OFF_VAR))
        or getattr(sys, "frozen", False)
    )


def idle_seconds(environ: Mapping[str, str] = os.environ) -> float:
    """``BULLETIN_DOCS_SERVER_IDLE`` in seconds (a positive number), else 20 minutes."""
    try:
        value = float(environ.get(IDLE_VAR, ""))
    except ValueError:
        return IDLE_SECONDS
    return value if value > 0 else IDLE_SECONDS


def absolute_search_path(value: str) -> str:
    """``PYTHONPATH`` with each folder made absolute (from this working folder): the process
    runs in the cache folder, where a relative ``src`` would find nothing."""
    return os.pathsep.join(os.path.abspath(p) for p in value.split(os.pathsep) if p)


def relevant_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables of ``environ`` a background process must share with its client
    (``PYTHONPATH`` as absolute folders)."""
    return {
        k: absolute_search_path(v) if k == "PYTHONPATH" else v
        for k, v in sorted(environ.items())
        if k in ENV_KEYS or k.startswith(ENV_PREFIXES)
    }

"""A template file and a layout profile into a DocxTemplate to render, normalised and patched once.

Putting back what the profile owns (normalise.py) walks every style and paragraph of the
template, and docxtpl's ``patch_xml`` runs a dozen regular expressions over each part: a
third of a warm .docx render, more in a fresh process. Both depend only on the template's
bytes, the profile and the code, so their results are kept per process and in the
persistent cache: the normalised template as a .docx package, the patched XML as text.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..cache import store
from ..errors import TemplateError
from ..layout import DEFAULT, LayoutProfile
from .ooxml import package_members

log = logging.getLogger("bulletin_docs.cache")

#: Results kept per process, of each kind (a batch renders one or two templates many times).
_KEPT_MAX = 32
#: The modules whose code makes a normalised template (normalise.py and what it imports):
#: part of the key, so a changed module is a miss.
NORMALISE_SOURCES = (
    "docx.opened",
    "docx.normalise",
    "docx.template",
    "docx.styles",
    "docx.ooxml",
    "docx.fonttable",
    "docx.kinsoku",
    "docx.fonts",
    "layout",
    "chars",
    "libreoffice.calibration",
)

#: docxtpl's patched XML per part XML.
_patched: dict[str, str] = {}
#: The normalised template's package bytes per (template SHA-256, profile).
_normalised: dict[tuple[str, str], bytes] = {}


_kept_lock = threading.Lock()  # renders in several threads share what is kept


def _keep(kept: dict[Any, Any], key: Any, value: Any) -> None:
    with _kept_lock:
        if len(kept) >= _KEPT_MAX:
            kept.pop(next(iter(kept)), None)
        kept[key] = value


def patched_xml(source: str, patch: Callable[[str], str]) -> str:
    """``patch(source)``: docxtpl's ``patch_xml`` of a part's XML, computed once.

    Kept per process and in the persistent cache, keyed by the XML's SHA-256, docxtpl's
    version and this module's source; ``patch_xml`` reads nothing but its argument. An
    entry that is not text, or does not begin with the part's root tag (which patching
    keeps), is not used.
    """
    done = _patched.get(source)
    if done is not None:
        return done
    from docxtpl import __version__ as docxtpl_version

    key = (
        hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest(),
        docxtpl_version,
        store.source_fingerprint("docx.opened"),
    )
    blob = store.get("template-patched", key)
    try:
        done = blob.decode("utf-8", "surrogatepass") if blob is not None else None
    except UnicodeDecodeError:
        done = None
    if done is not None and not done.startswith(source[: source.find(">") + 1]):
        done = None
    if done is None:
        done = patch(source)
        store.put("template-patched", key, done.encode("utf-8", "surrogatepass"))
    _keep(_patched, source, done)
    return done


@functools.cache
def _template_class() -> type:
    """docxtpl's DocxTemplate with ``patch_xml`` going through ``patched_xml``."""
    from docxtpl import DocxTemplate

    class PatchingOnce(DocxTemplate):
        def patch_xml(self, src_xml: str) -> str:
            return patched_xml(src_xml, super().patch_xml)

    return PatchingOnce


def _load(source: str | io.BytesIO) -> Any:
    """The DocxTemplate of ``source`` with its document opened (python-docx, lxml and
    zipfile raise their own errors for a broken file)."""
    tpl = _template_class()(source)
    tpl.init_docx()
    tpl.get_xml()
    return tpl


def _normalised_key(ident: tuple[str, str]) -> tuple[object, ...]:
    """The persistent key of a normalised template: what ``ident`` names (the template's
    and the profile's digests), python-docx's and lxml's versions, the code that made it."""
    from docx import __version__ as docx_version
    from lxml.etree import LXML_VERSION

    return (
        *ident,
        docx_version,
        LXML_VERSION,
        *(store.source_fingerprint(m) for m in NORMALISE_SOURCES),
    )


def open_template(path: Path, profile: LayoutProfile = DEFAULT) -> Any:
    """A DocxTemplate loaded from ``path``, the layout ``profile`` owns put back (normalise.py);
    TemplateError when it is missing or not a .docx.

    A template normalised before (in this process, or by an earlier build: kind
    ``template-normalised``) is opened from its normalised package, which python-docx
    reads back as the same document; an entry it cannot open is not used.
    """
    if not path.exists():
        raise TemplateError("找不到模板文件", file=path)
    if not path.is_file():
        raise TemplateError("模板路径不是文件", file=path)
    try:
        data = path.read_bytes()
    except PermissionError as exc:
        raise TemplateError("无法读取模板文件（没有权限）", file=path) from exc
    except OSError as exc:
        raise TemplateError(_BROKEN, file=path) from exc
    ident = (hashlib.sha256(data).hexdigest(), hashlib.sha256(repr(profile).encode()).hexdigest())
    key = _normalised_key(ident)
    packed = _normalised.get(ident)
    if packed is None:
        packed = store.get("template-normalised", key)
    if packed is not None:
        try:
            tpl = _load(io.BytesIO(packed))
        except Exception as exc:  # a damaged or foreign entry: normalise the template again
            log.debug("规整后的模板缓存条目无法使用，重新规整：%s（%s）", path, exc)
        else:
            _keep(_normalised, ident, packed)
            return tpl
    try:
        tpl = _load(io.BytesIO(data))
    except Exception as exc:  # zipfile, python-docx and lxml raise many types for broken files
        raise TemplateError(_BROKEN, file=path) from exc
    from .normalise import normalise  # (and the template generator it uses): only on a miss

    normalise(tpl.docx, profile)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:  # read back, never shipped
        for name, blob in package_members(tpl.docx):
            zf.writestr(name, blob)
    packed = buf.getvalue()
    _keep(_normalised, ident, packed)
    store.put("template-normalised", key, packed)
    return tpl


_BROKEN = "模板文件已损坏或不是 Word .docx 文件（WPS/Word：另存为 → Word 文档 .docx）"

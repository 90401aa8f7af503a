"""A Bulletin and a template into a finished .docx: sandboxed docxtpl, fonts, fixed zip."""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import os
import re
import threading
from pathlib import Path
from types import CodeType
from typing import Any

from ..cache import store
from ..errors import TemplateError
from ..layout import DEFAULT, LayoutProfile
from ..model import Bulletin
from ..output import DOCX, write_bytes_atomic
from .context import KNOWN_VARIABLES, build_context
from .draft import colour_document
from .fonts import StyleFonts, materialize_run_fonts
from .ooxml import core_xml, package_zip, story_parts
from .opened import open_template
from .rare import name_rare_faces

_PACKAGE_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "bulletin.docx"
_REPO_TEMPLATE = Path(__file__).resolve().parents[3] / "templates" / "bulletin.docx"
#: Earliest time a zip entry can carry.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
#: Latest time a zip entry can carry (two-second resolution).
_ZIP_LAST = (2107, 12, 31, 23, 59, 58)


def default_template_path() -> Path:
    """The shipped template: inside the wheel, or templates/ of a source checkout."""
    for p in (_PACKAGE_TEMPLATE, _REPO_TEMPLATE):
        if p.is_file():
            return p
    raise TemplateError("找不到默认模板 templates/bulletin.docx；请重新安装 bulletin-docs。")


def build_time(bulletin: Bulletin) -> _dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the issue date (midnight UTC), else 1980-01-01.

    Core properties carry it as is; zip entries clamp it to 1980–2107 (render_docx_bytes).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        t = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).replace(tzinfo=None)
        return max(t, _dt.datetime(*_ZIP_EPOCH))
    d = bulletin.masthead.date.as_date()
    if d is not None and d.year >= _ZIP_EPOCH[0]:
        return _dt.datetime(d.year, d.month, d.day)
    return _dt.datetime(*_ZIP_EPOCH)


#: Compiled template sources kept per process (a batch renders one template many times).
_COMPILED_MAX = 32


@functools.cache  # functools.cache is thread-safe; a race at first use makes two, one is kept
def jinja_env() -> Any:
    """Sandboxed, autoescaping, strict: unknown names and unsafe attributes are errors.

    One environment per process. It compiles each template source once: docxtpl
    hands it the same patched document XML on every render of a template, and
    compiling that XML is most of a render's time. The compiled code is kept in the
    persistent cache too (``compiled_code``), for the next build.
    """
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class CompilingOnce(SandboxedEnvironment):
        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self._compiled: dict[str, Any] = {}
            self._lock = threading.Lock()  # renders in several threads share the cache

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            with self._lock:
                compiled = self._compiled.get(source)
                if compiled is None:
                    compiled = self.template_class.from_code(
                        self, compiled_code(self, source), self.make_globals(None), None
                    )
                    if len(self._compiled) >= _COMPILED_MAX:
                        self._compiled.pop(next(iter(self._compiled)))
                    self._compiled[source] = compiled
            return compiled

    return CompilingOnce(autoescape=True, undefined=StrictUndefined)


def compiled_code(env: Any, source: str) -> CodeType:
    """``env.compile(source)``, from the persistent cache when an earlier build compiled it.

    Keyed by the source's SHA-256, Jinja's version and this module's source (the
    environment's options); marshalled, as Jinja's own bytecode cache does.
    """
    import marshal

    from jinja2 import __version__ as jinja_version

    key = (
        hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest(),
        jinja_version,
        store.source_fingerprint("docx.render"),
    )
    blob = store.get("template", key)
    if blob is not None:
        try:
            code = marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            code = None
        if isinstance(code, CodeType):
            return code
    code = env.compile(source)
    store.put("template", key, marshal.dumps(code))
    return code


def template_source(tpl: Any) -> str:
    """The Jinja source docxtpl renders: the body and every header and footer, tags joined."""
    from docx.oxml import parse_xml

    xml = tpl.patch_xml(tpl.get_xml())
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for rel in tpl.docx.part.rels.values():
            if rel.reltype == uri and not rel.is_external and rel.target_part.blob:
                xml += tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob)))
    return xml


def template_variables(tpl: Any, path: Path) -> set[str]:
    """The top-level variable names a template uses (TemplateError on a Jinja syntax error)."""
    from jinja2 import TemplateSyntaxError, meta

    try:
        return set(meta.find_undeclared_variables(jinja_env().parse(template_source(tpl))))
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"模板标签语法错误（第 {exc.lineno} 行附近）：{exc.message}", file=path
        ) from exc


#: Variables found per template file version: (resolved path, mtime_ns, size) -> names.
_variables_seen: dict[tuple[str, int, int], frozenset[str]] = {}


def check_variables(tpl: Any, path: Path) -> None:
    """TemplateError naming the variables a template uses that the context does not provide."""
    try:
        st = path.stat()
        key: tuple[str, int, int] | None = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    names = _variables_seen.get(key) if key is not None else None
    if names is None:
        names = _stored_variables(tpl, path)
        if key is not None:
            _variables_seen[key] = names
    unknown = sorted(names - KNOWN_VARIABLES)
    if unknown:
        listed = "、".join(unknown)
        raise TemplateError(
            f"模板使用了未知的变量：{listed}（可用变量见 docs/template-variables.md）", file=path
        )


def _stored_variables(tpl: Any, path: Path) -> frozenset[str]:
    """``template_variables``, from the persistent cache when an earlier build found them.

    Keyed by the SHA-256 of the template file, docxtpl's and Jinja's versions and this
    module's source; a template with a syntax error is never kept (it raises).
    """
    from docxtpl import __version__ as docxtpl_version
    from jinja2 import __version__ as jinja_version

    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return frozenset(template_variables(tpl, path))
    key = (digest, docxtpl_version, jinja_version, store.source_fingerprint("docx.render"))
    blob = store.get("template-variables", key)
    if blob is not None:
        try:
            names = blob.decode("utf-8").split("\n") if blob else []
        except UnicodeDecodeError:
            names = ["-"]
        if all(name.isidentifier() for name in names):
            return frozenset(names)
    found = frozenset(template_variables(tpl, path))
    store.put("template-variables", key, "\n".join(sorted(found)).encode("utf-8"))
    return found


_UNDEFINED = re.compile(r"'([^']+)' (?:is undefined|has no attribute '([^']+)')")


def _render(tpl: Any, context: dict[str, Any], path: Path) -> None:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2 import exceptions as jexc
    from jinja2.sandbox import SecurityError
    from lxml.etree import XMLSyntaxError

    try:
        tpl.render(context, jinja_env=jinja_env(), autoescape=True)
    except SecurityError as exc:
        raise TemplateError(
            f"模板包含不安全的表达式，已拒绝（只允许使用简报变量）：{exc}", file=path
        ) from exc
    except UndefinedError as exc:
        m = _UNDEFINED.search(str(exc))
        name = (m.group(2) or m.group(1)) if m else str(exc)
        raise TemplateError(
            f"模板使用了未知的变量或属性：{name}（可用变量见 docs/template-variables.md）",
            file=path,
        ) from exc
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"模板标签语法错误（第 {exc.lineno} 行附近）：{exc.message}", file=path
        ) from exc
    except jexc.TemplateError as exc:
        raise TemplateError(f"模板渲染失败：{exc}", file=path) from exc
    except XMLSyntaxError as exc:
        raise TemplateError(f"模板渲染后不是有效的 Word XML：{exc}", file=path) from exc


def _fix_fonts(doc: Any) -> None:
    styles = StyleFonts(doc.styles.element)
    for part in story_parts(doc):
        materialize_run_fonts(part.element, styles)
    name_rare_faces(doc)  # 生僻字: a run of their own, naming a face that has them


_WP_INLINE = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline"


def _fix_pictures(doc: Any) -> None:
    """No distance from text around inline pictures (python-docx leaves it out).

    Word then uses 0; LibreOffice uses its default (9 pt left and right), which pushes a
    picture as wide as its photo column 9 pt to the right, past the type area.
    """
    for el in doc.part.element.iter(_WP_INLINE):
        for side in ("distT", "distB", "distL", "distR"):
            el.set(side, el.get(side, "0"))


def render_docx_bytes(
    bulletin: Bulletin,
    template: str | os.PathLike[str] | None = None,
    profile: LayoutProfile = DEFAULT,
    *,
    draft: bool = False,
) -> bytes:
    """The finished .docx as bytes: byte-identical for the same input and template.

    ``draft``: the 【请填写……】 placeholders are drawn in the profile's placeholder colour.
    """
    path = Path(template) if template is not None else default_template_path()
    tpl = open_template(path, profile)
    check_variables(tpl, path)
    context = build_context(bulletin, tpl, profile)
    _render(tpl, context, path)
    doc = tpl.docx
    _fix_fonts(doc)
    _fix_pictures(doc)
    if draft:
        colour_document(doc, profile.placeholder_color)
    when = build_time(bulletin)
    title = f"{bulletin.masthead.title}{bulletin.masthead.issue.text}"
    zip_time = min(when, _dt.datetime(*_ZIP_LAST))  # zip (DOS) dates end in 2107
    core = core_xml(title, when.timetuple()[:6], revision=1)
    try:
        return package_zip(doc, zip_time.timetuple()[:6], {"docProps/core.xml": core})
    except Exception as exc:
        raise TemplateError(f"无法生成 .docx（{type(exc).__name__}：{exc}）", file=path) from exc


def render_docx(
    bulletin: Bulletin,
    out_path: Path,
    template: str | os.PathLike[str] | None = None,
    profile: LayoutProfile = DEFAULT,
) -> Path:
    """Write the .docx atomically: a failed render leaves an earlier file intact, and an
    existing ``out_path`` is replaced only when it is a .docx."""
    data = render_docx_bytes(bulletin, template, profile)
    return write_bytes_atomic(out_path, data, DOCX)

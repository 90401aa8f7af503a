"""The template is compiled and checked once per process, and an edited template is seen again."""

from __future__ import annotations

import os

import pytest

from bulletin_docs.docx.render import default_template_path, jinja_env, render_docx_bytes
from bulletin_docs.errors import TemplateError
from test_docx_support import rewrite_document_xml


def test_one_environment_compiles_a_source_once() -> None:
    env = jinja_env()
    assert jinja_env() is env
    source = "<w:t>{{ x }}</w:t>"
    assert env.from_string(source) is env.from_string(source)
    assert env.from_string(source).render(x="<&>") == "<w:t>&lt;&amp;&gt;</w:t>"  # still escapes


def test_repeated_renders_reuse_the_compiled_template(sample_bulletin) -> None:
    first = render_docx_bytes(sample_bulletin)
    compiled = dict(jinja_env()._compiled)
    again = render_docx_bytes(sample_bulletin)
    assert again == first  # byte-identical
    assert jinja_env()._compiled == compiled  # nothing compiled anew


def test_edited_template_is_checked_again(sample_bulletin, tmp_path) -> None:
    path = rewrite_document_xml(default_template_path(), tmp_path / "t.docx", lambda x: x)
    render_docx_bytes(sample_bulletin, path)  # checked and cached: fine
    rewrite_document_xml(
        default_template_path(),
        path,
        lambda x: x.replace("{{ masthead.issue }}", "{{ no_such_variable }}"),
    )
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    with pytest.raises(TemplateError) as info:
        render_docx_bytes(sample_bulletin, path)
    assert "no_such_variable" in str(info.value)


def test_sandbox_holds_for_a_cached_template(sample_bulletin, tmp_path) -> None:
    path = rewrite_document_xml(
        default_template_path(),
        tmp_path / "evil.docx",
        lambda x: x.replace("{{ masthead.issue }}", "{{ masthead.__class__ }}"),
    )
    for _ in range(2):  # the second render takes the compiled template from the cache
        with pytest.raises(TemplateError):
            render_docx_bytes(sample_bulletin, path)

"""Text is literal, the template is sandboxed, bad templates and failed renders are clean errors."""

from __future__ import annotations

import dataclasses

import pytest

from bulletin_docs.docx.render import default_template_path
from bulletin_docs.errors import TemplateError
from bulletin_docs.issuefile.markup import parse_paragraphs
from bulletin_docs.model import Article, Section
from test_docx_support import build, paragraphs, rewrite_document_xml, texts_of

NASTY = "A&B <b>x</b> \"q\" 'a' {{ masthead.title }} {% if 1 %}X{% endif %} {_{ %_} \\n 𠮷 50%"


def _with_everywhere(b, value: str):
    m = dataclasses.replace(b.masthead, title=value, issuer=value, marking=value)
    art = Article(
        title=value,
        unit=value,
        authors=(value,),
        body=parse_paragraphs(value),
        note=parse_paragraphs(value),
        contents_title=value,
    )
    return dataclasses.replace(
        b, masthead=m, sections=(Section(value, articles=(art,)),), preface=parse_paragraphs(value)
    )


def test_special_characters_come_out_as_typed(sample_bulletin, tmp_path):
    docx = build(_with_everywhere(sample_bulletin, NASTY), tmp_path)
    texts = dict.fromkeys(
        ["简报名称", "简报密级", "简报标题", "简报正文", "简报栏目", "简报要目条目"]
    )
    for style in texts:
        found = texts_of(docx, style)
        assert found, style
        expected = f"【{NASTY}】" if style == "简报栏目" else NASTY
        assert found[0] == expected, style
    assert texts_of(docx, "简报编者按") == [f"编者按：{NASTY}"]
    assert texts_of(docx, "简报按语") == [f"按：{NASTY}"]
    assert texts_of(docx, "简报署名") == [f"{NASTY} {NASTY}"]


def test_sample_body_with_specials(sample_bulletin, tmp_path):
    body = texts_of(build(sample_bulletin, tmp_path), "简报正文")
    assert body[1] == "第二段 & < > \" ' {{ x }} {% y %} 𠮷。"


def _custom(tmp_path, edit, name="custom.docx"):
    return rewrite_document_xml(default_template_path(), tmp_path / name, edit)


@pytest.mark.parametrize(
    "expr",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ masthead.title.__class__.__mro__[1].__subclasses__() }}",
        "{{ masthead.__class__ }}",
        "{{ sections.__class__.__base__ }}",
    ],
)
def test_sandbox_escape_is_a_template_error(sample_bulletin, tmp_path, expr):
    tpl = _custom(tmp_path, lambda x: x.replace("{{ masthead.issue }}", expr))
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError) as info:
        build(sample_bulletin, tmp_path, template=tpl)
    assert "不安全" in str(info.value) or "未知" in str(info.value)
    assert not out.exists()


def test_unknown_top_level_variable_is_named(sample_bulletin, tmp_path):
    tpl = _custom(tmp_path, lambda x: x.replace("{{ masthead.issue }}", "{{ issue_no }}"))
    with pytest.raises(TemplateError) as info:
        build(sample_bulletin, tmp_path, template=tpl)
    assert "issue_no" in str(info.value)
    assert "custom.docx" in str(info.value)


def test_unknown_attribute_is_named(sample_bulletin, tmp_path):
    tpl = _custom(tmp_path, lambda x: x.replace("{{ masthead.issue }}", "{{ masthead.volume }}"))
    with pytest.raises(TemplateError) as info:
        build(sample_bulletin, tmp_path, template=tpl)
    assert "volume" in str(info.value)


def test_jinja_syntax_error(sample_bulletin, tmp_path):
    tpl = _custom(tmp_path, lambda x: x.replace("{{ masthead.issue }}", "{{ masthead.issue "))
    with pytest.raises(TemplateError):
        build(sample_bulletin, tmp_path, template=tpl)


def test_missing_template(sample_bulletin, tmp_path):
    with pytest.raises(TemplateError) as info:
        build(sample_bulletin, tmp_path, template=tmp_path / "nope.docx")
    assert "找不到模板" in str(info.value)


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04garbage"])
def test_corrupt_template(sample_bulletin, tmp_path, content):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    with pytest.raises(TemplateError) as info:
        build(sample_bulletin, tmp_path, template=bad)
    assert "模板" in str(info.value)


def test_zip_without_document_is_a_template_error(sample_bulletin, tmp_path):
    import zipfile

    bad = tmp_path / "empty.docx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("hello.txt", "x")
    with pytest.raises(TemplateError):
        build(sample_bulletin, tmp_path, template=bad)


def test_failed_render_leaves_earlier_file_intact(sample_bulletin, tmp_path):
    out = tmp_path / "out.docx"
    out.write_bytes(b"earlier")
    tpl = _custom(tmp_path, lambda x: x.replace("{{ masthead.issue }}", "{{ nope }}"))
    with pytest.raises(TemplateError):
        build(sample_bulletin, tmp_path, template=tpl)
    assert out.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.docx")] == []


def test_simple_custom_template_with_plain_variables(sample_bulletin, tmp_path):
    """A template using only documented plain variables (no r/p tags) renders."""
    tpl = _custom(
        tmp_path,
        lambda x: x.replace("{{r masthead.title_runs }}", "{{ masthead.title }}（{{ copies }}）"),
    )
    docx = build(sample_bulletin, tmp_path, template=tpl)
    assert texts_of(docx, "简报名称") == ["挂职简报（60）"]
    assert len(paragraphs(docx)) > 10

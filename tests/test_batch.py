"""Batch builds (build_many and ``bulletin-docs build a b c``) into checked results and messages."""

from __future__ import annotations

import dataclasses
import io
import re
import warnings
import zipfile
from pathlib import Path

import pytest

import bulletin_docs
from bulletin_docs import api
from bulletin_docs.batch import BuildResult, build_many
from bulletin_docs.cli import main
from bulletin_docs.errors import BulletinError, BulletinWarning, OutputError, SchemaError
from bulletin_docs.layout import DEFAULT, LayoutProfile
from conftest import MINIMAL_YAML, has_soffice

#: MINIMAL_YAML without the masthead's title: a missing required key.
BROKEN_YAML = MINIMAL_YAML.replace("  title: 挂职简报\n", "", 1)
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: The layout profiles fake_api's functions were called with, in order.
profiles: list[LayoutProfile] = []


@pytest.fixture
def three_issues(tmp_path: Path) -> list[Path]:
    """a (good), b (broken: masthead.title missing), c (good), each in its own folder."""
    paths = []
    for name, text in (("a", MINIMAL_YAML), ("b", BROKEN_YAML), ("c", MINIMAL_YAML)):
        folder = tmp_path / name
        folder.mkdir()
        p = folder / "issue.yaml"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def test_build_many_is_exported_lazily() -> None:
    assert "build_many" in bulletin_docs.__all__
    assert bulletin_docs.build_many is build_many


# --- the batch logic, with the loader and renderers replaced by fakes -------------


def _docx_zip() -> bytes:
    """The smallest file the writer takes for a .docx: a zip with word/document.xml."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


class FakeBulletin(str):
    """What the fake loader returns: a name, and no photos."""

    def photos(self) -> tuple[()]:
        return ()


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    """Replace api.check_issue / to_docx_bytes / to_pdf_bytes; a path with "bad" fails to load.

    The profile each was given goes to ``profiles``; the files are written for real.
    """
    profiles.clear()
    calls: list[tuple[str, object]] = []

    def check_issue(
        path: Path, *, profile: LayoutProfile = DEFAULT
    ) -> tuple[FakeBulletin, list[SchemaError]]:
        calls.append(("load", path))
        profiles.append(profile)
        if "bad" in str(path):
            raise SchemaError(
                "缺少必填的键", file=path, line=2, column=3, key_path="masthead.title"
            )
        return FakeBulletin(f"bulletin:{path}"), []

    def docx_bytes(
        b: str,
        template: object = None,
        *,
        profile: LayoutProfile = DEFAULT,
        draft: bool = False,
    ) -> bytes:
        calls.append(("docx", b))
        profiles.append(profile)
        warnings.warn(BulletinWarning(f"字体提示：{Path(b).stem}.docx"), stacklevel=1)
        return _docx_zip()

    def pdf_bytes(b: str, engine: str = "native", **kw: object) -> bytes:
        calls.append(("pdf", (b, engine, kw.get("fonts"), kw.get("template"))))
        profiles.append(kw["profile"])
        return b"%PDF"

    monkeypatch.setattr(api, "check_issue", check_issue)
    monkeypatch.setattr(api, "to_docx_bytes", docx_bytes)
    monkeypatch.setattr(api, "to_pdf_bytes", pdf_bytes)
    return calls


def test_every_stage_gets_the_profile(tmp_path: Path, fake_api: list) -> None:
    custom = dataclasses.replace(DEFAULT, chars_per_line=27)
    with pytest.warns(BulletinWarning):  # the fake .docx renderer's
        build_many([tmp_path / "a.yaml", tmp_path / "b.yaml"], pdf=True, profile=custom)
        assert [c for c, _ in fake_api] == ["load", "docx", "pdf"] * 2
        assert profiles == [custom] * 6
        build_many([tmp_path / "a.yaml"], pdf=True)
    assert profiles[-3:] == [DEFAULT] * 3


def test_results_in_order_and_errors_caught(tmp_path: Path, fake_api: list) -> None:
    paths = [tmp_path / "a.yaml", tmp_path / "bad.yaml", tmp_path / "c.yaml"]
    seen: list[BuildResult] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = build_many(paths, pdf=True, fonts={"fangsong": "f.ttf"}, on_result=seen.append)
    assert [r.path for r in results] == paths
    assert seen == results
    assert [r.ok for r in results] == [True, False, True]
    assert results[0].outputs == (tmp_path / "a.docx", tmp_path / "a.pdf")
    assert results[1].outputs == ()
    assert isinstance(results[1].error, SchemaError)
    assert "masthead.title" in str(results[1].error)
    assert all(r.seconds >= 0 for r in results)
    assert results[2].warnings == ("字体提示：c.docx",)
    # Warnings are handed on to the caller as well.
    assert sum(issubclass(w.category, BulletinWarning) for w in caught) == 2
    pdf_calls = [c[1] for c in fake_api if c[0] == "pdf"]
    assert pdf_calls[0] == (f"bulletin:{paths[0]}", "native", {"fangsong": "f.ttf"}, None)
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF"


@pytest.mark.filterwarnings("ignore::bulletin_docs.errors.BulletinWarning")
def test_single_input_output_paths(tmp_path: Path, fake_api: list) -> None:
    (r,) = build_many([tmp_path / "a.yaml"], output=tmp_path / "x.docx", pdf=tmp_path / "y.pdf")
    assert r.outputs == (tmp_path / "x.docx", tmp_path / "y.pdf")


def test_output_paths_refused_with_many(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        build_many([tmp_path / "a.yaml", tmp_path / "b.yaml"], output=tmp_path / "x.docx")
    with pytest.raises(ValueError):
        build_many([tmp_path / "a.yaml", tmp_path / "b.yaml"], pdf=tmp_path / "x.pdf")


def test_cli_batch_with_fakes(tmp_path: Path, fake_api: list, capsys) -> None:
    paths = [str(tmp_path / "a.yaml"), str(tmp_path / "bad.yaml"), str(tmp_path / "c.yaml")]
    assert main(["build", *paths]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith(f"√ {paths[0]} → ") and lines[0].endswith("毫秒）")
    assert lines[1] == f"× {paths[1]}：生成失败"
    assert lines[2].startswith(f"√ {paths[2]} → ")
    assert re.fullmatch(r"共 3 期：成功 2，失败 1，用时 \d+\.\d 秒。", lines[3])
    assert "错误：" in err and "masthead.title" in err and "缺少必填的键" in err
    assert err.count("提示：字体提示：") == 2  # one per issue built, printed once each


def test_cli_pdf_flag_before_inputs(tmp_path: Path, fake_api: list, capsys) -> None:
    """`build --pdf a.yaml c.yaml`: a.yaml is an input, not the PDF path (it was overwritten)."""
    a, c = str(tmp_path / "a.yaml"), str(tmp_path / "c.yaml")
    assert main(["build", "--pdf", a, c]) == 0
    out = capsys.readouterr().out
    assert f"{tmp_path / 'a.docx'}，{tmp_path / 'a.pdf'}" in out
    assert f"{tmp_path / 'c.docx'}，{tmp_path / 'c.pdf'}" in out
    assert main(["build", "--pdf", a]) == 0
    assert f"{tmp_path / 'a.pdf'}" in capsys.readouterr().out


def test_cli_pdf_path_must_end_in_pdf(tmp_path: Path, fake_api: list, capsys) -> None:
    assert main(["build", str(tmp_path / "a.yaml"), "--pdf", str(tmp_path / "a.docx")]) == 2
    assert "应以 .pdf 结尾" in capsys.readouterr().err
    assert main(["build", "--pdf"]) == 2
    assert "缺少简报文件" in capsys.readouterr().err
    assert not fake_api


def test_outputs_never_overwrite_the_issue(tmp_path: Path, fake_api: list) -> None:
    src = tmp_path / "a.yaml"
    (r,) = build_many([src], output=src)
    assert isinstance(r.error, OutputError) and "覆盖" in str(r.error)
    (r,) = build_many([src], output=tmp_path / "x.pdf", pdf=tmp_path / "x.pdf")
    assert isinstance(r.error, OutputError)
    assert not [c for c in fake_api if c[0] != "load"]


def test_cli_refuses_output_with_many(tmp_path: Path, capsys) -> None:
    status = main(["build", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "-o", "x.docx"])
    assert status == 2
    assert "一次生成多期时不能指定" in capsys.readouterr().err


# --- the real thing ------------------------------------------------------------------


def test_api_batch_real(three_issues: list[Path]) -> None:
    results = build_many(three_issues)
    assert [r.path for r in results] == three_issues
    assert [r.ok for r in results] == [True, False, True]
    for r in (results[0], results[2]):
        assert r.outputs == (r.path.with_suffix(".docx"),)
        assert r.outputs[0].is_file() and r.outputs[0].stat().st_size > 0
    broken = results[1]
    assert isinstance(broken.error, BulletinError)
    assert _CJK.search(broken.error.message)
    assert "masthead" in str(broken.error)
    assert not broken.path.with_suffix(".docx").exists()


def test_cli_batch_real(three_issues: list[Path], capsys) -> None:
    try:
        bulletin_docs.load(three_issues[1])
    except BulletinError as exc:
        expected = str(exc).splitlines()[0]
    else:  # pragma: no cover
        pytest.fail("the broken issue loaded")
    status = main(["build", *map(str, three_issues)])
    out, err = capsys.readouterr()
    assert status == 1
    assert three_issues[0].with_suffix(".docx").is_file()
    assert three_issues[2].with_suffix(".docx").is_file()
    assert not three_issues[1].with_suffix(".docx").exists()
    assert f"× {three_issues[1]}：生成失败" in out
    assert "共 3 期：成功 2，失败 1" in out
    assert f"错误：{expected}" in err
    assert "Traceback" not in err


def test_cli_batch_real_with_pdf(three_issues: list[Path], capsys) -> None:
    good = [three_issues[0], three_issues[2]]
    before = [p.read_bytes() for p in good]
    assert main(["build", "--pdf", *map(str, good)]) == 0
    for p, text in zip(good, before, strict=True):
        assert p.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
        assert p.read_bytes() == text  # the YAML after --pdf is an input, never overwritten
    assert "共 2 期：成功 2，失败 0" in capsys.readouterr().out


@pytest.mark.libreoffice
@pytest.mark.skipif(not has_soffice(), reason="LibreOffice (soffice) 未安装")
def test_api_batch_libreoffice_engine(three_issues: list[Path]) -> None:
    (r,) = build_many([three_issues[0]], pdf=True, pdf_engine="libreoffice")
    assert r.ok, r.error
    assert r.outputs == (r.path.with_suffix(".docx"), r.path.with_suffix(".pdf"))
    assert r.outputs[1].read_bytes().startswith(b"%PDF")


@pytest.mark.libreoffice
@pytest.mark.skipif(not has_soffice(), reason="LibreOffice (soffice) 未安装")
def test_libreoffice_engine_converts_the_docx_it_wrote(
    three_issues: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pdfplumber

    from bulletin_docs.docx import render as docx_render

    calls: list[object] = []
    real = docx_render.render_docx_bytes

    def counting(*args: object, **kwargs: object) -> bytes:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(docx_render, "render_docx_bytes", counting)
    (r,) = build_many([three_issues[0]], pdf=True, pdf_engine="libreoffice")
    assert r.ok, r.error
    assert len(calls) == 1  # the .docx is rendered once; LibreOffice converts that file
    with pdfplumber.open(r.outputs[1]) as pdf:
        assert "报：" in "".join(page.extract_text() or "" for page in pdf.pages)

"""``build`` for a clerk (issue 10): it refuses what ``check`` refuses (``--draft`` builds anyway,
placeholders coloured), writes only .docx/.pdf over files of that kind, never the issue or its
photos, replaces the .docx and PDF together, and says what a wrong input file is."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

import bulletin_docs
from bulletin_docs.batch import build_many
from bulletin_docs.cli import main
from bulletin_docs.errors import BulletinError, BulletinWarning, OutputError
from bulletin_docs.layout import DEFAULT
from conftest import MINIMAL_YAML, needs_soffice
from test_ooxml_valid import VALIDATOR, assert_valid

#: An issue as `new` leaves it half filled: a title still a placeholder (line 11, column 16),
#: one inside the body (line 15), and a section with nothing in it (line 16).
DRAFT_YAML = """\
masthead:
  title: 挂职简报
  issue:
    number: 2
    year: 2020
  issuer: 吴中区年轻干部双向挂职工作小组
  date: 2020-05
sections:
  - title: 工作动态
    articles:
      - title: 【请填写文章标题】
        unit: 东山镇陆巷村
        author: 张顺流
        body: |
          今天【请填写正文】结束。
  - title: 挂职干部风采
    photos: []
distribution:
  - label: 报
    to: 张瑛部长，区委组织部。
copies: 60
"""
#: DRAFT_YAML's placeholders as printed: the title in 本期要目 and over the article, the body's.
PLACEHOLDERS = "【请填写文章标题】【请填写文章标题】【请填写正文】"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (temporaries and backups included) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _write(folder: Path, text: str, name: str = "issue.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- build refuses what check refuses ---------------------------------------------------


def test_build_refuses_placeholders_as_check_does(tmp_path: Path, capsys) -> None:
    issue = _write(tmp_path, DRAFT_YAML)
    before = _files(tmp_path)
    assert main(["check", str(issue)]) == 1
    check_err = capsys.readouterr().err
    assert main(["build", str(issue), "--pdf"]) == 1
    out, err = capsys.readouterr()
    assert err == check_err
    assert f"错误：{issue}:11:16：sections[0].articles[0].title：尚未填写" in err
    body = r"sections\[0\]\.articles\[0\]\.body"
    assert re.search(rf"错误：{re.escape(str(issue))}:14:\d+：{body}：尚未填写", err)
    assert f"{issue}:16:" in err and "栏目“挂职干部风采”还没有文章或照片" in err
    assert "√" not in out
    assert _files(tmp_path) == before


def test_build_many_refuses_placeholders(tmp_path: Path) -> None:
    issue = _write(tmp_path, DRAFT_YAML)
    (r,) = build_many([issue], pdf=True)
    assert not r.ok and r.outputs == ()
    assert isinstance(r.error, BulletinError)
    assert (r.error.line, r.error.column) == (11, 16)
    assert not issue.with_suffix(".docx").exists() and not issue.with_suffix(".pdf").exists()


def _docx_runs(path: Path) -> list[tuple[str, str | None]]:
    """(text, w:color) of every run of the .docx body."""
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    out = []
    for r in root.iter(f"{_W}r"):
        text = "".join(t.text or "" for t in r.iter(f"{_W}t"))
        color = r.find(f"{_W}rPr/{_W}color")
        out.append((text, None if color is None else color.get(f"{_W}val")))
    return out


def test_draft_builds_with_placeholders_coloured(tmp_path: Path, capsys) -> None:
    issue = _write(tmp_path, DRAFT_YAML)
    assert main(["build", str(issue), "--pdf", "--draft"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"√ {issue} → ")
    drafts = [line for line in err.splitlines() if "草稿" in line]
    assert len(drafts) == 1 and drafts[0].startswith("提示：") and "3 处未填写" in drafts[0]
    assert "错误" not in err

    colour = DEFAULT.placeholder_color
    runs = _docx_runs(issue.with_suffix(".docx"))
    coloured = "".join(t for t, c in runs if c == colour)
    assert coloured == PLACEHOLDERS
    plain = "".join(t for t, c in runs if c != colour)
    assert "今天" in plain and "结束。" in plain and "工作动态" in plain

    chars = _coloured(issue.with_suffix(".pdf"), colour)
    assert "".join(c for c, coloured in chars if coloured) == PLACEHOLDERS
    assert "今天【请填写正文】结束。" in "".join(c for c, _ in chars)


def _coloured(pdf_path: Path, colour: str) -> list[tuple[str, bool]]:
    """Every character of the PDF, and whether it is filled in ``colour`` (RRGGBB)."""
    import pdfplumber

    want = tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def matches(fill: object) -> bool:
        return isinstance(fill, (tuple, list)) and len(fill) == 3 and all(
            abs(a - b) < 0.01 for a, b in zip(fill, want, strict=True)
        )

    with pdfplumber.open(pdf_path) as pdf:
        return [
            (c["text"], matches(c["non_stroking_color"])) for page in pdf.pages for c in page.chars
        ]


@needs_soffice
def test_draft_through_libreoffice_keeps_the_colour(tmp_path: Path) -> None:
    issue = _write(tmp_path, DRAFT_YAML)
    with pytest.warns(BulletinWarning, match="草稿"):
        (r,) = build_many([issue], pdf=True, pdf_engine="libreoffice", draft=True)
    assert r.ok, r.error
    chars = _coloured(r.outputs[1], DEFAULT.placeholder_color)
    assert "".join(c for c, coloured in chars if coloured) == PLACEHOLDERS


def test_draft_of_a_complete_issue_is_the_issue(tmp_path: Path, capsys) -> None:
    issue = _write(tmp_path, MINIMAL_YAML)
    assert main(["build", str(issue), "--draft"]) == 0
    assert "草稿" not in capsys.readouterr().err
    assert bulletin_docs.to_docx_bytes(bulletin_docs.load(issue)) == (
        issue.with_suffix(".docx").read_bytes()
    )


# --- never overwrite what is not ours ---------------------------------------------------


def test_output_must_be_named_docx(tmp_path: Path, capsys) -> None:
    issue = _write(tmp_path, MINIMAL_YAML)
    before = _files(tmp_path)
    assert main(["build", str(issue), "-o", str(tmp_path / "out.pdf")]) == 2
    assert f"用法错误：-o 后面的输出路径应以 .docx 结尾：{tmp_path / 'out.pdf'}" in (
        capsys.readouterr().err
    )
    assert _files(tmp_path) == before


def test_photo_is_never_an_output(tmp_path: Path, make_photo, capsys) -> None:
    photo = make_photo("photos/a.jpg")
    text = MINIMAL_YAML.replace(
        "distribution:", "  - title: 风采\n    photos:\n      - file: photos/a.jpg\n"
        "        caption: 座谈调研\ndistribution:", 1,
    )
    issue = _write(tmp_path, text)
    before = _files(tmp_path)
    assert main(["build", str(issue), "-o", str(photo)]) == 2
    assert main(["build", str(issue), "--pdf", str(photo)]) == 2
    assert "应以 .pdf 结尾" in capsys.readouterr().err
    (r,) = build_many([issue], output=photo)
    assert isinstance(r.error, OutputError)
    assert str(r.error) == f"{photo}：这是本期用到的照片，不能作为输出文件（会覆盖它）"
    (r,) = build_many([issue], pdf=photo)
    assert isinstance(r.error, OutputError) and "本期用到的照片" in str(r.error)
    assert _files(tmp_path) == before


@pytest.mark.parametrize("which", ["docx", "pdf"])
def test_existing_file_of_another_kind_is_not_replaced(
    tmp_path: Path, capsys, which: str
) -> None:
    issue = _write(tmp_path, MINIMAL_YAML)
    other = tmp_path / f"notes.{which}"
    other.write_text("会议记录，不是生成的文件", encoding="utf-8")
    before = _files(tmp_path)
    args = ["-o", str(other), "--pdf"] if which == "docx" else ["--pdf", str(other)]
    assert main(["build", str(issue), *args]) == 1
    kind = "Word .docx 文件" if which == "docx" else "PDF 文件"
    assert f"错误：{other}：这个文件已存在，但不是 {kind}；为免覆盖，没有写入。" in (
        capsys.readouterr().err
    )
    assert _files(tmp_path) == before  # neither output written


def test_api_render_refuses_a_file_of_another_kind(tmp_path: Path) -> None:
    bulletin = bulletin_docs.loads(MINIMAL_YAML)
    renders = (("a.docx", bulletin_docs.render_docx), ("a.pdf", bulletin_docs.render_pdf))
    for name, render in renders:
        target = tmp_path / name
        target.write_bytes(b"not ours")
        with pytest.raises(OutputError):
            render(bulletin, target)
        assert target.read_bytes() == b"not ours"


def test_earlier_outputs_are_replaced(tmp_path: Path) -> None:
    issue = _write(tmp_path, MINIMAL_YAML)
    assert main(["build", str(issue), "--pdf"]) == 0
    issue.write_text(MINIMAL_YAML.replace("第一段", "改过的第一段"), encoding="utf-8")
    old = _files(tmp_path)
    assert main(["build", str(issue), "--pdf"]) == 0
    new = _files(tmp_path)
    assert set(new) == set(old)
    assert new["issue.docx"] != old["issue.docx"] and new["issue.pdf"] != old["issue.pdf"]


def _lock(monkeypatch: pytest.MonkeyPatch, locked: Path) -> None:
    """os.replace fails for ``locked`` as it does on Windows while a program holds it open."""
    real = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == locked:
            raise PermissionError(13, "The process cannot access the file")
        real(src, dst)

    monkeypatch.setattr("bulletin_docs.output.os.replace", replace)


@pytest.mark.parametrize("locked", ["issue.pdf", "issue.docx"])
def test_docx_and_pdf_are_replaced_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, locked: str
) -> None:
    issue = _write(tmp_path, MINIMAL_YAML)
    assert main(["build", str(issue), "--pdf"]) == 0
    issue.write_text(MINIMAL_YAML.replace("第一段", "改过的第一段"), encoding="utf-8")
    before = _files(tmp_path)
    _lock(monkeypatch, tmp_path / locked)
    capsys.readouterr()
    assert main(["build", str(issue), "--pdf"]) == 1
    err = capsys.readouterr().err
    assert f"无法覆盖 {tmp_path / locked}：文件可能正被其他程序" in err
    assert _files(tmp_path) == before  # the other file is back as it was; nothing left over


def test_first_build_with_locked_pdf_leaves_no_docx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    issue = _write(tmp_path, MINIMAL_YAML)
    before = _files(tmp_path)
    _lock(monkeypatch, tmp_path / "issue.pdf")
    (r,) = build_many([issue], pdf=True)
    assert isinstance(r.error, OutputError) and str(tmp_path / "issue.pdf") in str(r.error)
    assert r.outputs == ()
    assert _files(tmp_path) == before


# --- errors at the right place: the input file ------------------------------------------


@pytest.mark.parametrize("command", ["build", "check"])
def test_notepad_txt_suffix_is_named(tmp_path: Path, capsys, command: str) -> None:
    _write(tmp_path, MINIMAL_YAML, "np.yaml.txt")
    before = _files(tmp_path)
    assert main([command, str(tmp_path / "np.yaml")]) == 1
    err = capsys.readouterr().err
    assert "找不到简报文件 np.yaml，但有 np.yaml.txt" in err
    assert "请把 np.yaml.txt 改名为 np.yaml" in err
    assert _files(tmp_path) == before


@pytest.mark.parametrize("command", ["build", "check"])
def test_word_file_as_input_is_named(tmp_path: Path, capsys, command: str) -> None:
    old = tmp_path / "old.docx"
    shutil.copy(Path(__file__).resolve().parents[1] / "templates" / "bulletin.docx", old)
    (tmp_path / "old.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    before = _files(tmp_path)
    assert main([command, str(old)]) == 1
    err = capsys.readouterr().err
    assert f"错误：{old}：这是 Word 文件（.docx），不是简报文件" in err
    assert "UTF-8" not in err
    assert main([command, str(tmp_path / "old.pdf")]) == 1
    assert "这是 PDF 文件，不是简报文件" in capsys.readouterr().err
    assert _files(tmp_path) == before


def test_loads_accepts_utf8_bytes() -> None:
    expected = bulletin_docs.loads(MINIMAL_YAML)
    assert bulletin_docs.loads(MINIMAL_YAML.encode("utf-8")) == expected
    assert bulletin_docs.loads(MINIMAL_YAML.encode("utf-8-sig")) == expected


def test_loads_says_what_it_wants() -> None:
    with pytest.raises(BulletinError) as info:
        bulletin_docs.loads(MINIMAL_YAML.encode("gbk"), file="gbk.yaml")
    assert "不是 UTF-8 编码" in str(info.value) and info.value.file == "gbk.yaml"
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(BulletinError, match="Word 文件"):
        bulletin_docs.loads(docx.getvalue())
    with pytest.raises(TypeError, match=r"需要 YAML 文本（str）或 UTF-8 编码的字节（bytes）.*load"):
        bulletin_docs.loads(Path("issue.yaml"))  # type: ignore[arg-type]


def _draft_docx(tmp_path: Path) -> Path:
    """DRAFT_YAML with a placeholder crossing a bold span, rendered as a draft .docx."""
    text = DRAFT_YAML.replace("今天【请填写正文】结束。", "今天**加粗【请填写**重点】之后。")
    bulletin = bulletin_docs.loads(text, base_dir=tmp_path)
    return bulletin_docs.render_docx(bulletin, tmp_path / "draft.docx", draft=True)


def test_draft_docx_cuts_runs_at_placeholders(tmp_path: Path) -> None:
    """Each run is cut where the placeholder begins and ends; the pieces keep their run's
    properties (bold, the style's colour outside the placeholder)."""
    from lxml import etree

    out = _draft_docx(tmp_path)
    colour = DEFAULT.placeholder_color
    pieces = ["今天", "加粗", "【请填写", "重点】", "之后。"]
    body = [(t, c) for t, c in _docx_runs(out) if t in pieces]
    assert [t for t, _ in body] == pieces
    assert [c == colour for _, c in body] == [False, False, True, True, False]
    with zipfile.ZipFile(out) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    bold = {
        "".join(t.text or "" for t in r.iter(f"{_W}t")): r.find(f"{_W}rPr/{_W}b") is not None
        for r in root.iter(f"{_W}r")
    }
    assert bold["加粗"] and bold["【请填写"] and not bold["重点】"] and not bold["今天"]


@pytest.mark.skipif(
    VALIDATOR is None,
    reason="../shared/tools/ooxml_validate.py（ECMA-376 校验器）不在：新克隆的仓库没有 ../shared",
)
def test_draft_docx_is_valid(tmp_path: Path) -> None:
    assert_valid(_draft_docx(tmp_path))

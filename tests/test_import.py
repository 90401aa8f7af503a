"""``bulletin-docs import`` and ``import_docx``: our own .docx round-trips, clerks' files import."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

import bulletin_docs
from bulletin_docs.cli import main
from bulletin_docs.libreoffice.finder import SOFFICE_ENV
from bulletin_docs.model import Bulletin, Photo
from bulletin_docs.wordimport.result import map_photos, read_draft
from conftest import has_soffice
from issuegen import make_issue
from wordclerk import KINDS, make_clerk, photo_bytes

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("guazhi-2020-01", "tongji-2024-06")


def _image(photo: Photo) -> Image.Image:
    with Image.open(io.BytesIO(photo.data) if photo.data else photo.file) as im:
        return im.convert("RGB")


def _captions(photo: Photo) -> Photo:
    return dataclasses.replace(photo, file=None, data=None)


def _plain_contents(b: Bulletin) -> Bulletin:
    """``contents_title`` equal to ``title`` dropped: it prints the same, so no .docx tells."""
    return dataclasses.replace(b, sections=tuple(
        dataclasses.replace(s, articles=tuple(
            dataclasses.replace(a, contents_title=None) if a.contents_title == a.title else a
            for a in s.articles
        ))
        for s in b.sections
    ))


def _same(imported: Bulletin, source: Bulletin) -> None:
    """Equal issues, photos compared by pixels: the .docx holds them scaled down, so the
    source is scaled to the imported size and may differ by JPEG noise only."""
    assert map_photos(imported, _captions) == _plain_contents(map_photos(source, _captions))
    assert len(imported.photos()) == len(source.photos())
    for got, want in zip(imported.photos(), source.photos(), strict=True):
        a = _image(got)
        b = _image(want).resize(a.size, Image.Resampling.LANCZOS)
        diff = sum(abs(x - y) for x, y in zip(a.tobytes(), b.tobytes(), strict=True))
        assert diff / len(a.tobytes()) < 6


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_round_trip(tmp_path: Path, name: str) -> None:
    source = bulletin_docs.load(ROOT / "examples" / name / "issue.yaml")
    docx = tmp_path / "issue.docx"
    docx.write_bytes(bulletin_docs.to_docx_bytes(source))
    imported, notes = bulletin_docs.import_docx(docx)
    assert notes == []
    _same(imported, source)


def test_article_photos_round_trip(tmp_path: Path) -> None:
    """Format v1's article ``photos`` (after the body) come back as the article's photos."""
    source = bulletin_docs.load(ROOT / "examples" / EXAMPLES[0] / "issue.yaml")
    moved = source.sections[-1].photos[:3]
    work = source.sections[2]
    article = dataclasses.replace(work.articles[0], photos=moved)
    sections = list(source.sections)
    sections[2] = dataclasses.replace(work, articles=(article, *work.articles[1:]))
    source = dataclasses.replace(source, sections=tuple(sections))
    docx = tmp_path / "issue.docx"
    docx.write_bytes(bulletin_docs.to_docx_bytes(source))
    imported, notes = bulletin_docs.import_docx(docx)
    assert notes == []
    _same(imported, source)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_issues_round_trip(tmp_path: Path, seed: int) -> None:
    source = bulletin_docs.load(make_issue(tmp_path / "gen", 12, seed=seed, photo_size=(160, 120)))
    docx = tmp_path / "issue.docx"
    docx.write_bytes(bulletin_docs.to_docx_bytes(source))
    imported, notes = bulletin_docs.import_docx(docx)
    assert notes == []
    _same(imported, source)
    again, _ = bulletin_docs.import_docx(_rebuilt(imported, tmp_path))
    _same(again, source)


def _rebuilt(bulletin: Bulletin, folder: Path) -> Path:
    out = folder / "again.docx"
    out.write_bytes(bulletin_docs.to_docx_bytes(bulletin))
    return out


def _chars(data: dict[str, object]) -> list[tuple[str, str]]:
    """Every body paragraph as (where, text), for the character score."""
    out = []
    for s in data["sections"]:  # type: ignore[attr-defined]
        for a in s.get("articles", []):
            for i, para in enumerate(a.get("body", "").split("\n\n")):
                out.append((f"{s['title']}/{a['title']}/{i}", para))
    return out


def _score(got: dict[str, object], want: dict[str, object]) -> float:
    wanted = dict(_chars(want))
    total = sum(len(t) for t in wanted.values())
    right = sum(len(t) for k, t in _chars(got) if wanted.get(k) == t)
    return right / total


def _soffice_convert(path: Path, fmt: str, outdir: Path) -> Path:
    outdir.mkdir(exist_ok=True)
    subprocess.run(
        [shutil.which("soffice") or "soffice", f"-env:UserInstallation={(outdir / 'p').as_uri()}",
         "--headless", "--convert-to", fmt, "--outdir", str(outdir), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    return outdir / (path.stem + "." + fmt.split(":")[0])


@pytest.mark.parametrize("kind", [*KINDS, "doc"])
def test_clerk_corpus(tmp_path: Path, kind: str) -> None:
    path, want = make_clerk("resaved" if kind == "doc" else kind, tmp_path)
    if kind in ("resaved", "doc"):
        if not has_soffice():
            pytest.skip("LibreOffice (soffice) 未安装")
        path = _soffice_convert(path, "docx" if kind == "resaved" else "doc", tmp_path / "lo")
    draft = read_draft(path)
    got = draft.data
    score = _score(got, want)
    print(f"{kind}: body characters in the right paragraphs {score:.1%}, notes {len(draft.notes)}")
    assert got["masthead"] == want["masthead"]
    assert got.get("contents", True) == want.get("contents", True)
    assert got.get("preface") == want.get("preface")
    assert [s["title"] for s in got["sections"]] == [s["title"] for s in want["sections"]]
    for gs, ws in zip(got["sections"], want["sections"], strict=True):
        for ga, wa in zip(gs["articles"], ws["articles"], strict=True):
            keys = ("title", "unit", "author", "note")
            assert {k: ga.get(k) for k in keys} == {k: wa.get(k) for k in keys}
    assert got["distribution"] == want["distribution"]
    assert got["copies"] == want["copies"]
    assert score >= 0.99
    assert list(draft.photos) == [
        ref for _, text in _chars(want) for ref in re.findall(r"\]\((photos/[^)]+)\)", text)
    ]
    assert {Image.open(io.BytesIO(b)).size for b in draft.photos.values()} == {(120, 90)}


def test_cli_writes_a_checked_issue_file_and_photos(tmp_path: Path, capsys) -> None:
    path, _ = make_clerk("direct", tmp_path)
    out = tmp_path / "out" / "issue.yaml"
    out.parent.mkdir()
    assert main(["import", str(path), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 由 direct.docx 导入")
    assert "masthead:   # 报头" in text
    assert (out.parent / "photos" / "01-项目现场.jpg").is_file()
    assert main(["check", str(out)]) == 0
    assert main(["import", str(path), "-o", str(out)]) == 1
    assert "已存在" in capsys.readouterr().err
    assert main(["import", str(path), "-o", str(out), "--force"]) == 0
    issue = bulletin_docs.load(out)
    assert issue.masthead.title == "工作简报"
    assert bulletin_docs.to_docx_bytes(issue)[:2] == b"PK"


def test_unplaced_text_is_noted_with_its_paragraph_number(tmp_path: Path, capsys) -> None:
    import docx
    from docx.oxml import parse_xml

    path, _ = make_clerk("table", tmp_path)
    doc = docx.Document(str(path))
    title = next(p for p in doc.paragraphs if p.text == "基层治理的几点体会")
    title.insert_paragraph_before("栏目下、标题前的一段话。")
    doc.paragraphs[0].insert_paragraph_before("一段不知放哪里的话")
    body = next(p for p in doc.paragraphs if p.text.startswith("下一步"))
    body._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>浮动的文本框</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>"
        "</w:pict></w:r>"
    ))
    doc.save(str(path))
    out = tmp_path / "issue.yaml"
    assert main(["import", str(path), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "注意：原文第 1 段：报头中无法识别的一行" in printed
    assert "栏目与文章之间无法归位的段落" in printed
    assert "文本框中的文字，未导入：浮动的文本框" in printed
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("# 导入时未能归位：原文第 1 段")
    at = next(i for i, line in enumerate(lines) if line.startswith("  - title: 经验交流"))
    assert lines[at + 1].startswith("    # 导入时未能归位：原文第 ")
    assert "栏目下、标题前的一段话。" in lines[at + 1]
    assert main(["check", str(out)]) == 0
    assert "浮动的文本框" not in bulletin_docs.load(out).sections[0].articles[0].body[-1].text


def _bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<a/>")
        z.writestr("word/media/big.bin", b"\0" * (20 * 1024 * 1024))


@pytest.mark.parametrize("case", ["corrupt", "text", "encrypted", "not-bulletin", "long", "bomb"])
def test_bad_input_is_refused_cleanly(tmp_path: Path, capsys, case: str) -> None:
    import docx

    path = tmp_path / "old.docx"
    if case == "corrupt":
        good, _ = make_clerk("direct", tmp_path)
        path.write_bytes(good.read_bytes()[:3000])
    elif case == "text":
        path.write_text("这不是 Word 文件", encoding="utf-8")
    elif case == "encrypted":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    elif case == "not-bulletin":
        d = docx.Document()
        d.add_paragraph("会议纪要")
        d.add_paragraph("今天开了一个会。")
        d.save(str(path))
    elif case == "long":
        d = docx.Document()
        for _ in range(3100):
            d.add_paragraph("一行")
        d.save(str(path))
    else:
        _bomb(path)
    out = tmp_path / "issue.yaml"
    assert main(["import", str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "Traceback" not in err
    assert not out.exists() and not (tmp_path / "photos").exists()


def test_doc_without_libreoffice_says_so(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "nowhere" / "soffice"))
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "导入 .doc 文件需要 LibreOffice 先把它转换为 .docx" in err
    assert "另存为 .docx" in err
    assert not (tmp_path / "old.yaml").exists()


def test_import_is_registered_in_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bulletin_docs", "import", "--help"],
        capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src")},
    )
    assert proc.returncode == 0 and "OLD.docx" in proc.stdout


@pytest.mark.parametrize(
    ("line", "issuer", "date"),
    [
        ("县政府办公室              2021年3月15日", "县政府办公室", "2021-03-15"),
        ("县政府办公室\t2021年3月", "县政府办公室", "2021-03"),
        ("县政府办公室　　2021.3.5", "县政府办公室", "2021-03-05"),
        ("县政府办公室 二〇二一年三月", "县政府办公室", "二〇二一年三月"),
    ],
)
def test_issuer_and_date_forms(line: str, issuer: str, date: str) -> None:
    from bulletin_docs.wordimport.recognise import Recogniser

    r = Recogniser()
    assert r.issuer_date(line)
    assert r.masthead == {"issuer": issuer, "date": date}


@pytest.mark.parametrize(
    ("line", "issue"),
    [
        ("（2020年第1期）", {"number": 1, "year": 2020}),
        ("第1期", {"number": 1}),
        ("第 12 期（总第25期）", {"number": 12, "total": 25}),
        ("（2020年第1期）（总第25期）", {"number": 1, "year": 2020, "total": 25}),
        ("增刊", {"number": 1, "label": "增刊"}),
        ("（增刊1）（总第26期）", {"number": 1, "label": "（增刊1）", "total": 26}),
    ],
)
def test_issue_number_forms(line: str, issue: dict[str, object]) -> None:
    from bulletin_docs.wordimport.recognise import Recogniser

    r = Recogniser()
    assert r.issue(line)
    assert r.masthead["issue"] == issue


def test_a_photo_without_caption_gets_the_placeholder_and_a_note(tmp_path: Path) -> None:
    import docx

    path, _ = make_clerk("table", tmp_path)
    doc = docx.Document(str(path))
    last = next(p for p in doc.paragraphs if p.text.startswith("下一步"))
    last.insert_paragraph_before().add_run().add_picture(
        io.BytesIO(photo_bytes((10, 200, 10)))
    )
    doc.save(str(path))
    draft = read_draft(path)
    assert [str(n) for n in draft.notes] == [
        f"原文第 {_number_of(doc, last) - 1} 段：照片下没有说明，已写作【请填写图片说明】"
    ]
    body = draft.data["sections"][0]["articles"][0]["body"]  # type: ignore[index]
    assert "![【请填写图片说明】](photos/02-photo.jpg)" in body
    out = tmp_path / "issue.yaml"
    assert main(["import", str(path), "-o", str(out)]) == 0
    assert main(["check", str(out)]) == 1  # the placeholder is to be filled in


def _number_of(doc: object, paragraph: object) -> int:
    """The paragraph's number as the importer counts (paragraphs of the body, tables' too)."""
    from bulletin_docs.wordimport.items import Reader, Tbl

    items = Reader(doc).items()
    numbers = [i.number for i in items if not isinstance(i, Tbl) and i.text == paragraph.text]
    return numbers[0]

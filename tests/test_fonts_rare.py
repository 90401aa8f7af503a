"""Rare characters (生僻字) into glyphs of an Extension-A/B face (PDF), runs naming one (.docx)."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from bulletin_docs.errors import BulletinWarning
from bulletin_docs.issuefile.markup import parse_paragraphs
from bulletin_docs.model import (
    Article,
    Bulletin,
    DistributionRow,
    IssueDate,
    IssueNumber,
    Masthead,
    Section,
)
from pdffonts import embedded_fonts

FONTS = Path("/usr/share/fonts/truetype")
UMING = FONTS / "arphic" / "uming.ttc"
UKAI = FONTS / "arphic" / "ukai.ttc"
ZENHEI = FONTS / "wqy" / "wqy-zenhei.ttc"
HANA_A = FONTS / "hanazono" / "HanaMinA.ttf"
HANA_B = FONTS / "hanazono" / "HanaMinB.ttf"
needs_hanazono = pytest.mark.skipif(
    not (HANA_A.exists() and HANA_B.exists()),
    reason="fonts-hanazono（HanaMinA.ttf、HanaMinB.ttf）未安装：.ci/run 会安装",
)
needs_truetype_cjk = pytest.mark.skipif(
    not (UMING.exists() and UKAI.exists() and ZENHEI.exists()),
    reason="fonts-arphic-uming、fonts-arphic-ukai、fonts-wqy-zenhei 未安装：.ci/run 会安装",
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
JI = "\U00020BB7"  # 𠮷 (Extension B): in HanaMinA, not in the arphic/wqy faces
YAN = "\u4dae"  # 䶮 (Extension A): in the arphic faces
RARE_B = "\U0002A6D6"  # 𪛖 (Extension B): only in HanaMinB


def rare_bulletin() -> Bulletin:
    return Bulletin(
        masthead=Masthead(
            "挂职简报", IssueNumber(1, year=2020), "吴中区挂职工作小组", IssueDate(2020, 4)
        ),
        sections=(
            Section(
                "工作动态",
                articles=(
                    Article(
                        f"{JI}先生与{YAN}字",
                        parse_paragraphs(f"正文里有{JI}、{YAN}和{RARE_B}三个生僻字，其余照常。"),
                    ),
                ),
            ),
        ),
        distribution=(DistributionRow("发", "全体挂职干部。"),),
        contents=False,
    )


@pytest.fixture
def font_dir(tmp_path: Path) -> Path:
    """A font folder with the arphic/wqy TrueType faces and Hanazono (the chain is then known)."""
    d = tmp_path / "fonts"
    d.mkdir()
    for f in (UMING, UKAI, ZENHEI, HANA_A, HANA_B):
        (d / f.name).symlink_to(f)
    return d


def render_rare(out: Path, font_dir: Path) -> tuple[Path, list[str]]:
    from bulletin_docs.pdf.render import render_pdf_native

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_pdf_native(rare_bulletin(), out, font_dirs=[font_dir])
    return out, [str(w.message) for w in caught if issubclass(w.category, BulletinWarning)]


@needs_hanazono
@needs_truetype_cjk
def test_extension_b_names_drawn_from_an_embedded_fallback_face(tmp_path, font_dir):
    import pdfplumber
    out, _ = render_rare(tmp_path / "rare.pdf", font_dir)
    with pdfplumber.open(out) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert f"{JI}先生与{YAN}字" in text  # extractable: the ToUnicode maps the surrogate pair
    assert f"正文里有{JI}、{YAN}和{RARE_B}三个生僻字" in text
    by_char = {}
    for c in chars:
        by_char.setdefault(c["text"], set()).add(c["fontname"].split("+")[-1])
    assert by_char[JI] == {"HanaMinA"}  # title (小标宋) and body (仿宋) alike
    assert by_char[RARE_B] == {"HanaMinB"}
    assert by_char[YAN] == {"UMingCN-0"}  # the role's own face has it: no fallback
    assert by_char["先"] == {"UMingCN-0"}
    embedded = {name.split("+")[-1]: key for name, key in embedded_fonts(out).items()}
    assert embedded["HanaMinA"] == "FontFile2" and embedded["HanaMinB"] == "FontFile2"


@needs_hanazono
@needs_truetype_cjk
def test_build_warning_names_role_file_and_borrowed_characters(tmp_path, font_dir):
    _, messages = render_rare(tmp_path / "rare.pdf", font_dir)
    borrowed = [m for m in messages if "备用字体" in m]
    assert len(borrowed) == 1, messages
    msg = borrowed[0]
    assert f"仿宋（{font_dir / 'uming.ttc'}" in msg and f"小标宋（{font_dir / 'uming.ttc'}" in msg
    assert f"{JI} 用 {font_dir / 'HanaMinA.ttf'}（HanaMinA）" in msg
    assert f"{RARE_B} 用 {font_dir / 'HanaMinB.ttf'}（HanaMinB）" in msg
    assert YAN not in msg and not [m for m in messages if "没有字形" in m]


@needs_hanazono
@needs_truetype_cjk
def test_fonts_command_lists_borrowed_characters_of_an_issue(tmp_path, font_dir, capsys):
    from bulletin_docs.cli import main

    issue = tmp_path / "issue.yaml"
    issue.write_text(
        "masthead: {title: 挂职简报, issue: {number: 1}, issuer: 小组, date: 2020-04}\n"
        f"sections:\n  - title: 动态\n    articles:\n      - title: {JI}先生\n"
        f"        body: 正文有{RARE_B}字。\n"
        "distribution:\n  - {label: 发, to: 全体。}\n",
        encoding="utf-8",
    )
    assert main(["fonts", str(issue), "--font-dir", str(font_dir)]) == 0
    out = capsys.readouterr().out
    assert f"PDF：{font_dir / 'uming.ttc'}，第 0 个字体（AR PL UMing CN" in out
    assert f"缺字时另外尝试：{font_dir / 'HanaMinA.ttf'}（HanaMinA）" in out
    lines = [ln for ln in out.splitlines() if "缺字，改用" in ln]
    assert any(ln.strip().startswith("小标宋") and f"{JI} 用 " in ln for ln in lines), out
    assert any(ln.strip().startswith("仿宋") and f"{RARE_B} 用 " in ln for ln in lines), out


def docx_runs(data: bytes) -> list[tuple[str, dict[str, str | None]]]:
    """(text, rFonts attributes) of every run of the document body."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for r in root.iter(f"{W}r"):
        rf = r.find(f"{W}rPr/{W}rFonts")
        attrs = {} if rf is None else {k.replace(W, ""): v for k, v in rf.attrib.items()}
        out.append(("".join(t.text or "" for t in r.iter(f"{W}t")), attrs))
    return out


def test_docx_names_a_fallback_face_on_the_rare_characters_own_run(tmp_path):
    from bulletin_docs.docx.render import render_docx_bytes

    data = render_docx_bytes(rare_bulletin())
    runs = docx_runs(data)
    for ch, face, count in ((JI, "SimSun-ExtB", 2), (RARE_B, "SimSun-ExtB", 1), (YAN, "宋体", 2)):
        mine = [attrs for text, attrs in runs if ch in text]
        assert len(mine) == count, (ch, runs)  # the title and the body; the body
        for attrs in mine:
            assert {attrs[a] for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {face}
            assert attrs["hint"] == "eastAsia"
    # the rest of the title keeps the role's face; the text is whole and in order
    title = [(t, a["eastAsia"]) for t, a in runs if t in (JI, "先生与", YAN, "字")][:4]
    assert title == [(JI, "SimSun-ExtB"), ("先生与", "方正小标宋简体"), (YAN, "宋体"),
                     ("字", "方正小标宋简体")]
    body = "".join(t for t, _ in runs)
    assert f"正文里有{JI}、{YAN}和{RARE_B}三个生僻字，其余照常。" in body
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        table = etree.fromstring(z.read("word/fontTable.xml"))
    entry = table.find(f"{W}font[@{W}name='SimSun-ExtB']")
    assert entry is not None
    assert entry.find(f"{W}charset").get(f"{W}val") == "86"
    assert entry.find(f"{W}panose1").get(f"{W}val") == "02010609060101010101"
    names = [f.get(f"{W}name") for f in table.iter(f"{W}font")]
    assert names.count("宋体") == 1 and names.count("SimSun-ExtB") == 1


def test_docx_without_rare_characters_is_unchanged_by_the_split():
    from bulletin_docs.docx.rare import split_rare_runs

    xml = (
        f'<w:body xmlns:w="{W[1:-1]}"><w:p><w:r><w:rPr><w:rFonts w:eastAsia="宋体"/></w:rPr>'
        f"<w:t>{YAN}普通</w:t></w:r><w:r><w:t>普通</w:t></w:r></w:p></w:body>"
    )
    root = etree.fromstring(xml)
    assert split_rare_runs(root) == set()  # 宋体 has Extension A; nothing else is rare
    assert etree.tostring(root, encoding="unicode").count("<w:r>") == 2


def test_rare_docx_is_schema_valid(tmp_path):
    from test_ooxml_valid import VALIDATOR, assert_valid

    if VALIDATOR is None:
        pytest.skip("../shared/tools/ooxml_validate.py（ECMA-376 校验器）不在")
    from bulletin_docs.docx.render import render_docx

    out = render_docx(rare_bulletin(), tmp_path / "rare.docx")
    assert_valid(out)


def test_to_unicode_cmap_maps_supplementary_characters_as_surrogate_pairs():
    from bulletin_docs.pdf.tounicode import make_to_unicode_cmap

    cmap = make_to_unicode_cmap("F", [0, 0x4E2D, 0x20BB7]).splitlines()
    assert "<00> <02>" in cmap and "3 beginbfchar" in cmap
    entries = cmap[cmap.index("3 beginbfchar") + 1 :][:3]
    assert entries == ["<00> <0000>", "<01> <4E2D>", "<02> <D842DFB7>"]

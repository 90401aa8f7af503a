"""The shipped example (挂职简报 2020年第1期) against the seed: structure, text, photos, .docx."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from bulletin_docs.issuefile.markup import parse_paragraphs
from bulletin_docs.issuefile.schema import json_ready, load_schema
from conftest import EXAMPLE

PHOTOS_DIR = EXAMPLE.parent / "photos"

#: (section title, paragraphs per article, number of photos), as in the seed.
SEED_STRUCTURE = (
    ("领导寄语", (2,), 0),
    ("挂职情况", (1,), 0),
    ("工作动态", (4, 5, 4, 4), 0),
    ("挂职感悟", (4, 5), 0),
    ("挂职干部风采", (), 4),
)

TITLES = (
    "打造实战化练兵平台 吴中区选派年轻干部开展双向挂职工作",
    "双向挂职锻炼一年 51名年轻干部奔赴新岗位",
    "进了村委门，就做村里人",
    "以“四精四勤”助力巡察工作",
    "“三深”转角色，备战“红黑榜”",
    "守牢宣传主阵地 奏响生态好声音",
    "脱贫致富路上需要实干笃行",
    "撸起袖子加油干 争当吴中高质量发展“优等生”",
)

#: 本期要目 lines, as printed in the seed.
CONTENTS_LINES = (
    "打造实战化练兵平台 吴中区选派年轻干部开展双向挂职工作",
    "双向挂职锻炼一年 51名年轻干部奔赴新岗位",
    "进了村委门 就做村里人",
    "以“四精四勤”助力巡察工作",
    "“三深”转角色 备战“红黑榜”",
    "守牢宣传主阵地 奏响生态好声音",
    "脱贫致富路上需要实干笃行",
    "撸起袖子加油干 争当吴中高质量发展“优等生”",
)

BYLINES = (
    None,
    None,
    "东山镇陆巷村 张顺流",
    "区委专项巡察组 王蝶漪",
    "区农村环境整治专班 杨洁",
    "区污防办 周青",
    "东山镇碧螺村 袁启明",
    "区委专项巡察组 陈伟",
)

CAPTIONS = (
    "物流园吴志浩推进项目复工复产",
    "区金融监管局倪力佳深入企业座谈调研",
    "东山镇太湖村赵健推动村庄环境整治",
    "金庭镇东蔡村程良助力茶叶产销",
)

#: Fragments the seed's page breaks had cut in two; each must sit inside one paragraph.
REPAIRED = (
    "炼钢需淬火才能保证钢的强度和硬度",
    "当前工作的重点和难点",
    "可能触及到的业务内容",
    "改善农村人居环境，是实施乡村振兴战略的重要内容",
)

#: Numbers whose stray PDF-extraction spaces were removed.
NORMALISED = ("2020年双向挂职共选派51名年轻干部", "中层正职31人", "平均年龄35.2岁", "85后干部23名")


@pytest.fixture(scope="module")
def data() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _articles(data: dict) -> list[dict]:
    return [a for s in data["sections"] for a in s.get("articles", [])]


# --- the YAML itself (no loader needed) -------------------------------------------------


def test_masthead_and_distribution(data: dict) -> None:
    m = data["masthead"]
    assert m["title"] == "挂职简报"
    assert m["issue"] == {"number": 1, "year": 2020}
    assert m["issuer"] == "吴中区年轻干部双向挂职工作小组"
    assert str(m["date"]) == "2020-04"
    assert data["distribution"] == [
        {"label": "报", "to": "张瑛部长，区委组织部。"},
        {"label": "发", "to": "挂职干部派驻单位、接收单位主要领导，全体挂职干部。"},
    ]


def test_structure_matches_seed(data: dict) -> None:
    got = tuple(
        (
            s["title"],
            tuple(len(parse_paragraphs(a["body"])) for a in s.get("articles", [])),
            len(s.get("photos", [])),
        )
        for s in data["sections"]
    )
    assert got == SEED_STRUCTURE


def test_titles_contents_and_bylines(data: dict) -> None:
    arts = _articles(data)
    assert tuple(a["title"] for a in arts) == TITLES
    assert tuple(a.get("contents_title", a["title"]) for a in arts) == CONTENTS_LINES
    bylines = tuple(
        " ".join(p for p in (a.get("unit"), a.get("author")) if p) or None for a in arts
    )
    assert bylines == BYLINES


def test_page_breaks_repaired(data: dict) -> None:
    paragraphs = [p.text for a in _articles(data) for p in parse_paragraphs(a["body"])]
    for fragment in REPAIRED + NORMALISED:
        assert sum(fragment in p for p in paragraphs) == 1, fragment
    # No paragraph ends mid-sentence, as the broken ones did.
    for p in paragraphs:
        assert p[-1] in "。”！？", p[-12:]


def test_no_stray_spaces_around_numbers(data: dict) -> None:
    for a in _articles(data):
        assert not re.search(r"[\u4e00-\u9fff”]\s+\d|\d\s+[\u4e00-\u9fff]", a["body"]), a["title"]


def test_photos_exist_and_are_small(data: dict) -> None:
    from PIL import Image

    photos = [p for s in data["sections"] for p in s.get("photos", [])]
    assert tuple(p["caption"] for p in photos) == CAPTIONS
    for p in photos:
        path = EXAMPLE.parent / p["file"]
        assert path.is_file(), path
        assert path.stat().st_size < 200 * 1024, path
        with Image.open(path) as im:
            assert im.format == "JPEG"
            assert im.size == (1600, 1200)


def test_placeholders_are_deterministic(tmp_path: Path) -> None:
    """Two runs write the same bytes (the committed JPEGs may come from another Pillow)."""
    script = EXAMPLE.parent.parent / "make_placeholders.py"
    spec = importlib.util.spec_from_file_location("make_placeholders", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--out", str(tmp_path / "a")]) == 0
    assert module.main(["--out", str(tmp_path / "b")]) == 0
    assert len(module.PLACEHOLDERS) == len(CAPTIONS)
    for name, *_ in module.PLACEHOLDERS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        assert (PHOTOS_DIR / name).is_file(), name


def test_schema_line_points_at_shipped_schema() -> None:
    first = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (EXAMPLE.parent / first.split("$schema=", 1)[1]).resolve()
    assert target.is_file(), target


def test_example_valid_against_schema(data: dict) -> None:
    jsonschema.Draft202012Validator(load_schema()).validate(json_ready(data))


# --- through the loader -----------------------------------------------------------------

@pytest.fixture(scope="module")
def bulletin():
    import bulletin_docs

    return bulletin_docs.load(EXAMPLE)


def test_example_loads(bulletin) -> None:
    assert bulletin.masthead.issue.text == "（2020年第1期）"
    assert bulletin.masthead.date.text == "2020年4月"
    got = tuple(
        (s.title, tuple(len(a.body) for a in s.articles), len(s.photos)) for s in bulletin.sections
    )
    assert got == SEED_STRUCTURE
    arts = [a for s in bulletin.sections for a in s.articles]
    assert tuple(a.title for a in arts) == TITLES
    assert tuple(a.byline for a in arts) == BYLINES
    assert tuple(line for e in bulletin.contents_entries for line in e.lines) == CONTENTS_LINES
    assert [r.text for r in bulletin.distribution] == [
        "报：张瑛部长，区委组织部。",
        "发：挂职干部派驻单位、接收单位主要领导，全体挂职干部。",
    ]
    texts = [p.text for a in arts for p in a.body]
    assert any(p.startswith("我到东山镇碧螺村") and "炼钢需淬火才能保证钢的强度和硬度" in p
               for p in texts)
    photos = bulletin.photos()
    assert tuple(p.caption for p in photos) == CAPTIONS
    assert all(Path(p.file).is_file() for p in photos)


def _docx_paragraph_texts(path: Path) -> list[str]:
    """Every paragraph of the body in document order, tables included."""
    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(str(path))
    return [
        "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
        for p in doc.element.body.iter(qn("w:p"))
    ]


def test_example_builds_docx_with_titles_in_order(bulletin, tmp_path: Path) -> None:
    import bulletin_docs

    out = bulletin_docs.render_docx(bulletin, tmp_path / "example.docx")
    texts = _docx_paragraph_texts(Path(out))
    # The last occurrence of each title (本期要目 may repeat it first) comes in article order.
    last = []
    for title in TITLES:
        hits = [i for i, t in enumerate(texts) if t == title]
        assert hits, f"标题未出现在 .docx 中：{title}"
        last.append(hits[-1])
    assert last == sorted(last)
    joined = "\n".join(texts)
    for caption in CAPTIONS:
        assert caption in joined
    assert "炼钢需淬火才能保证钢的强度和硬度" in joined


def _build_script():
    spec = importlib.util.spec_from_file_location(
        "examples_build", EXAMPLE.parent.parent / "build.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_script_reports_input_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    bad = tmp_path / "bad.yaml"
    bad.write_text("masthead:\n  title: 挂职简报\n", encoding="utf-8")
    assert _build_script().main([str(bad), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "错误：" in err and "sections" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "bad.docx").exists()


def test_build_script_builds_the_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "out"
    assert _build_script().main(["--out", str(out)]) == 0
    docx_file, pdf_file = out / "guazhi-2020-01.docx", out / "guazhi-2020-01.pdf"
    assert docx_file.stat().st_size > 0
    assert pdf_file.read_bytes().startswith(b"%PDF-")
    printed = capsys.readouterr().out
    assert str(docx_file) in printed and str(pdf_file) in printed

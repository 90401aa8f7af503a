"""The native PDF read back: page size, grid, margins, masthead, 报尾, page numbers, fonts."""

from __future__ import annotations

import itertools
import re
import warnings
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest

from bulletin_docs.errors import BulletinWarning
from bulletin_docs.issuefile.markup import parse_paragraphs
from bulletin_docs.layout import DEFAULT, mm_to_pt
from bulletin_docs.model import (
    Article,
    Bulletin,
    DistributionRow,
    IssueDate,
    IssueNumber,
    Masthead,
    Section,
)
from bulletin_docs.pdf.fonts import resolve_fonts
from bulletin_docs.pdf.render import render_pdf_native

P = DEFAULT
LEFT = mm_to_pt(P.margin_left_mm)
RIGHT = mm_to_pt(P.page_width_mm - P.margin_right_mm)
TOP = mm_to_pt(P.margin_top_mm)
BOTTOM = TOP + P.type_height_pt
HAS_TT = all(f is not None for f in resolve_fonts().values())
needs_tt = pytest.mark.skipif(
    not HAS_TT, reason="没有安装 TrueType 中文字体（fonts-arphic-uming 等）"
)

# 28 distinct CJK characters: one full body line.
LINE = "为深入学习贯彻习近平总书记关于做好年轻干部工作的系列重要"


def render(bulletin: Bulletin, path: Path, **kw) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BulletinWarning)
        return render_pdf_native(bulletin, path, **kw)


def rows(page) -> list[tuple[float, list[dict]]]:
    """Text lines of a pdfplumber page: (baseline from the page top, chars left to right)."""
    by = defaultdict(list)
    for c in page.chars:
        by[round(page.height - c["matrix"][5], 1)].append(c)
    return [(b, sorted(by[b], key=lambda c: c["x0"])) for b in sorted(by)]


def text_of(chars: list[dict]) -> str:
    return "".join(c["text"] for c in chars)


def bulletin(
    body: str,
    *,
    preface: str = "",
    contents: bool = False,
    copies: int | None = 60,
    rows_: tuple[DistributionRow, ...] | None = None,
) -> Bulletin:
    return Bulletin(
        masthead=Masthead(
            "挂职简报", IssueNumber(1, year=2020), "吴中区挂职工作小组", IssueDate(2020, 4)
        ),
        sections=(Section("工作动态", articles=(Article("标题", parse_paragraphs(body)),)),),
        distribution=rows_
        or (
            DistributionRow("报", "张瑛部长，区委组织部。"),
            DistributionRow("发", "全体挂职干部。"),
        ),
        contents=contents,
        preface=parse_paragraphs(preface) if preface else (),
        copies=copies,
    )


def long_bulletin(paragraphs: int = 12, lines_each: int = 5) -> Bulletin:
    para = LINE * lines_each
    return bulletin("\n\n".join(para for _ in range(paragraphs)))


@pytest.fixture
def sample_pdf(sample_bulletin, tmp_path):
    return render(sample_bulletin, tmp_path / "sample.pdf")


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    return render(long_bulletin(), tmp_path_factory.mktemp("long") / "long.pdf")


def test_a4_and_text_in_order(sample_pdf, sample_bulletin):
    with pdfplumber.open(sample_pdf) as pdf:
        for page in pdf.pages:
            assert page.width == pytest.approx(P.page_width_pt, abs=0.5)
            assert page.height == pytest.approx(P.page_height_pt, abs=0.5)
        text = "".join(text_of(chars) for page in pdf.pages for _, chars in rows(page))
    text = text.replace(" ", "")
    m = sample_bulletin.masthead
    expected = [
        m.marking,
        m.title,
        m.issue.text,
        m.issuer,
        m.date.text,
        P.contents_heading,
        "【领导寄语】",
        "打造实战化练兵平台",
        "【挂职干部风采】",
        "编者按：本期编者按",
        "【领导寄语】",
        "打造实战化练兵平台吴中区选派年轻干部开展双向挂职工作",
        "区委组织部张三、李四",
        "按：这是一段按语。",
        "第一段，加粗文字。",
        "第二段&<>\"'{{x}}{%y%}",
        "【挂职干部风采】",
        "物流园吴志浩推进项目复工复产",
        "报：张瑛部长，区委组织部。",
        "发：挂职干部派驻单位、接收单位主要领导，",
        "（共印60份）",
    ]
    pos = 0
    for piece in expected:
        piece = piece.replace(" ", "")
        found = text.find(piece, pos)
        assert found >= 0, f"{piece!r} missing or out of order"
        pos = found + len(piece)


def test_full_lines_grid_and_margins(long_pdf):
    with pdfplumber.open(long_pdf) as pdf:
        assert len(pdf.pages) >= 3
        page = pdf.pages[1]  # a continuation page full of body text
        body = [(b, cs) for b, cs in rows(page) if cs[0]["size"] == pytest.approx(16)]
        assert len(body) == P.lines_per_page
        bases = [b for b, _ in body]
        for a, b in itertools.pairwise(bases):
            assert b - a == pytest.approx(P.line_pitch_pt, abs=0.1)
        assert bases[0] == pytest.approx(
            TOP + P.exact_line_baseline_share * P.line_pitch_pt, abs=0.2
        )
        full = [cs for _, cs in body if len(cs) == P.chars_per_line]
        assert len(full) >= 10
        for cs in full:
            assert cs[0]["x0"] == pytest.approx(LEFT, abs=0.5)  # 28 mm
            assert cs[-1]["x1"] == pytest.approx(RIGHT, abs=1.0)  # 182 mm
        indented = [cs for _, cs in body if cs[0]["x0"] > LEFT + 1]
        for cs in indented:
            assert cs[0]["x0"] == pytest.approx(LEFT + P.first_line_indent_pt, abs=0.5)


def test_page_numbers(long_pdf):
    em_top = BOTTOM + mm_to_pt(P.page_number_gap_mm)
    size = P.page_number_style.size_pt
    with pdfplumber.open(long_pdf) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            base, chars = rows(page)[-1]
            assert text_of(chars) == P.page_number_text(n)
            assert base == pytest.approx(em_top + P.em_ascent * size, abs=0.3)
            assert chars[0]["size"] == pytest.approx(size)
            if n % 2:
                assert chars[-1]["x1"] == pytest.approx(RIGHT - size, abs=1.0)
            else:
                assert chars[0]["x0"] == pytest.approx(LEFT + size, abs=1.0)


def test_masthead_red_title_and_rule(sample_pdf):
    with pdfplumber.open(sample_pdf) as pdf:
        page = pdf.pages[0]
        title = [c for c in page.chars if c["size"] > 30]
        assert text_of(sorted(title, key=lambda c: c["x0"])) == "挂职简报"
        assert all(tuple(c["non_stroking_color"]) == (1, 0, 0) for c in title)
        centre = (title[0]["x0"] + max(c["x1"] for c in title)) / 2
        assert centre == pytest.approx((LEFT + RIGHT) / 2, abs=2)
        em_top = page.height - title[0]["matrix"][5] - P.em_ascent * title[0]["size"]
        assert em_top - TOP == pytest.approx(mm_to_pt(P.title_top_mm), abs=1)
        red = [ln for ln in page.lines if tuple(ln["stroking_color"]) == (1, 0, 0)]
        assert len(red) == 1
        rule = red[0]
        assert rule["x0"] == pytest.approx(LEFT, abs=0.5)
        assert rule["x1"] == pytest.approx(RIGHT, abs=0.5)
        assert rule["linewidth"] == pytest.approx(P.rule_thickness_pt)
        issuer = next(b for b, cs in rows(page) if text_of(cs).startswith("吴中区"))
        gap = rule["top"] - issuer
        assert gap == pytest.approx(mm_to_pt(P.rule_gap_mm), abs=mm_to_pt(1))


def test_long_body_spans_pages_in_order(long_pdf):
    with pdfplumber.open(long_pdf) as pdf:
        assert len(pdf.pages) >= 3
        body = "".join(
            text_of(cs)
            for page in pdf.pages
            for _, cs in rows(page)
            if cs[0]["size"] == pytest.approx(16)
        )
    assert body.count(LINE) >= 12 * 5 - 12  # lines may split a LINE at paragraph starts
    assert body.endswith(LINE)


def test_kinsoku_no_comma_at_line_start(tmp_path):
    # the first line holds 26 characters after the indent: the 27th, "，", must not start line 2
    para = LINE[:26] + "，" + LINE + "。" + LINE[:25] + "（" + LINE[:10] + "）。"
    with pdfplumber.open(render(bulletin(para), tmp_path / "k.pdf")) as pdf:
        lines = [text_of(cs) for _, cs in rows(pdf.pages[0]) if cs[0]["size"] == pytest.approx(16)]
    body = [ln for ln in lines if ln[:2] in (LINE[:2], LINE[26:28]) or "，" in ln or "（" in ln]
    assert body
    for ln in lines:
        assert ln[0] not in P.no_line_start, ln
        assert ln[-1] not in P.no_line_end, ln


def test_mixed_lines_justified_and_numbers_whole(tmp_path):
    para = (
        "2020年双向挂职共选派51名年轻干部，来自全区各地各单位。在职务层次上，中层正职31人，"
        "中层副职及以下20人；学历层次上，硕士及研究生13人，大学37人，平均年龄35.2岁。"
    ) * 3
    with pdfplumber.open(render(bulletin(para), tmp_path / "j.pdf")) as pdf:
        body = [cs for _, cs in rows(pdf.pages[0]) if cs[0]["size"] == pytest.approx(16)]
    paragraph = body[-8:]  # the article's lines (masthead lines come first)
    lines = [text_of(cs) for cs in paragraph]
    assert "".join(lines).endswith("35.2岁。")
    for cs in paragraph[:-1]:
        if text_of(cs)[0] in "2" or len(cs) < 20:
            continue
        hangs = cs[-1]["text"] in P.hanging_punctuation and cs[-1]["x0"] > RIGHT - 8
        last = cs[-2] if hangs else cs[-1]
        assert last["x1"] == pytest.approx(RIGHT, abs=1.0)  # justified to 182 mm
    for a, b in itertools.pairwise(lines):
        assert not (a[-1].isdigit() and b[0].isdigit()), (a, b)  # no number split


@needs_tt
def test_fonts_embedded_no_helvetica(sample_pdf):
    import pymupdf as fitz
    with fitz.open(sample_pdf) as doc:
        names = set()
        for page in doc:
            for xref, ext, *_rest, basefont, _name, _enc in (
                f[:2] + f[2:] for f in page.get_fonts()
            ):
                names.add(basefont)
                assert ext == "ttf", basefont
                assert doc.extract_font(xref)[3], f"{basefont} not embedded"
    assert names
    assert not any("Helvetica" in n for n in names)
    raw = Path(sample_pdf).read_bytes()
    assert b"Helvetica" not in raw


def test_cid_fallback_with_no_fonts(sample_bulletin, tmp_path):
    empty = tmp_path / "nofonts"
    empty.mkdir()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = render_pdf_native(sample_bulletin, tmp_path / "cid.pdf", font_dirs=[empty])
    msgs = [str(w.message) for w in caught if issubclass(w.category, BulletinWarning)]
    font_msgs = [m for m in msgs if "STSong-Light" in m]
    assert len(font_msgs) == 1
    assert "\n" not in font_msgs[0]
    assert "仿宋" in font_msgs[0] and "楷体" in font_msgs[0]
    raw = out.read_bytes()
    assert raw.startswith(b"%PDF") and b"STSong-Light" in raw and b"Helvetica" not in raw
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    assert "挂职简报" in text.replace(" ", "")


def test_two_renders_byte_identical(sample_bulletin, tmp_path):
    a = render(sample_bulletin, tmp_path / "a.pdf").read_bytes()
    b = render(sample_bulletin, tmp_path / "b.pdf").read_bytes()
    assert a == b
    assert b"D:20200401" in a  # creation date from the issue date


def test_bold_is_stroked(tmp_path):
    import pymupdf as fitz
    pdf_path = render(bulletin("前文**加粗的话**后文。"), tmp_path / "bold.pdf")
    with fitz.open(pdf_path) as doc:
        content = doc[0].read_contents()
    assert b"2 Tr" in content  # fill and stroke: fake bold
    widths = [float(w) for w in re.findall(rb"(\d*\.?\d+) w\n", content)]
    assert P.fake_bold_stroke_em * P.body_size_pt in [pytest.approx(w) for w in widths]


def test_atomic_write_refuses_missing_folder(sample_bulletin, tmp_path):
    from bulletin_docs.errors import OutputError

    with pytest.raises(OutputError):
        render(sample_bulletin, tmp_path / "missing" / "x.pdf")


def test_source_date_epoch_wins(sample_bulletin, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    raw = render(sample_bulletin, tmp_path / "e.pdf").read_bytes()
    assert b"D:19700102" in raw


def test_long_title_and_issuer_wrap_without_loss(tmp_path):
    b = bulletin("短短一段。")
    long_title = "吴中区年轻干部双向挂职工作领导小组办公室工作简报特刊"
    long_issuer = "中共苏州市吴中区委组织部年轻干部双向挂职工作领导小组办公室"
    b = Bulletin(
        masthead=Masthead(long_title, IssueNumber(3), long_issuer, IssueDate(literal="二〇二〇年")),
        sections=b.sections,
        distribution=b.distribution,
        contents=False,
    )
    with pdfplumber.open(render(b, tmp_path / "t.pdf")) as pdf:
        text = "".join(text_of(cs) for _, cs in rows(pdf.pages[0]))
    for piece in (long_title, long_issuer, "二〇二〇年", "第3期"):
        assert all(ch in text for ch in piece)
    assert long_issuer[:10] in text

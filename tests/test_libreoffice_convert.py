"""LibreOffice conversion: the .docx as soffice lays it out, measured in the PDF with pdfplumber."""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import shutil
import subprocess
from collections import defaultdict

import pytest

from bulletin_docs.errors import RenderError
from bulletin_docs.layout import DEFAULT
from bulletin_docs.libreoffice import convert, finder
from bulletin_docs.libreoffice.docxfix import for_libreoffice
from bulletin_docs.libreoffice.fontconfig import fonts_conf
from bulletin_docs.model import (
    Article,
    Bulletin,
    DistributionRow,
    IssueDate,
    IssueNumber,
    Masthead,
    Paragraph,
    Section,
    Span,
)
from conftest import needs_soffice

TYPE_TOP = DEFAULT.margin_top_mm / 25.4 * 72
TYPE_BOTTOM = (DEFAULT.page_height_mm - DEFAULT.margin_bottom_mm) / 25.4 * 72
LEFT = DEFAULT.margin_left_mm / 25.4 * 72
RIGHT = (DEFAULT.page_width_mm - DEFAULT.margin_right_mm) / 25.4 * 72
CJK = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水"


def _bulletin(paragraphs: int, chars: int) -> Bulletin:
    text = (CJK * (chars // len(CJK) + 1))[: chars - 1] + "。"
    body = tuple(Paragraph((Span(text),)) for _ in range(paragraphs))
    return Bulletin(
        masthead=Masthead(
            title="挂职简报",
            issue=IssueNumber(1, year=2020),
            issuer="吴中区年轻干部双向挂职工作小组",
            date=IssueDate(2020, 4),
        ),
        sections=(
            Section("工作动态", articles=(Article(title="进了村委门 就做村里人", body=body),)),
        ),
        distribution=(
            DistributionRow("报", "张瑛部长，区委组织部。"),
            DistributionRow("发", "挂职干部派驻单位、接收单位主要领导，全体挂职干部。"),
        ),
        copies=60,
    )


def _lines(page, size: float = 16.0):
    """Body lines of a page: baseline → characters, measured from the text matrix."""
    lines: dict[float, list] = defaultdict(list)
    for c in page.chars:
        if abs(c["size"] - size) < 0.1 and c["text"].strip():
            lines[round(page.height - c["matrix"][5], 1)].append(c)
    return dict(sorted(lines.items()))


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("lo") / "long.pdf"
    # paragraphs of 100 characters: 28 + 28 + 28 + 16 (first line indented by 2)
    convert.render_pdf_libreoffice(_bulletin(30, 100), out)
    import pdfplumber

    with pdfplumber.open(out) as pdf:
        yield pdf


@pytest.fixture(scope="module")
def short_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("lo") / "short.pdf"
    convert.render_pdf_libreoffice(_bulletin(1, 60), out)
    import pdfplumber

    with pdfplumber.open(out) as pdf:
        yield pdf


@needs_soffice
def test_converts_to_pdf(long_pdf):
    assert len(long_pdf.pages) >= 3
    assert abs(long_pdf.pages[0].width - DEFAULT.page_width_pt) < 1
    assert abs(long_pdf.pages[0].height - DEFAULT.page_height_pt) < 1


@needs_soffice
def test_first_page_title_is_red_and_large(long_pdf):
    title = [c for c in long_pdf.pages[0].chars if c["size"] > 30]
    assert "".join(c["text"] for c in title) == "挂职简报"
    for c in title:
        assert tuple(c["non_stroking_color"]) in ((1, 0, 0), (1.0, 0.0, 0.0))
    # its em box starts about title_top_mm into the type area
    base = long_pdf.pages[0].height - title[0]["matrix"][5]
    em_top = base - DEFAULT.em_ascent * title[0]["size"]
    assert abs(em_top - TYPE_TOP - DEFAULT.title_top_mm / 25.4 * 72) < 2


@needs_soffice
def test_red_rule_under_the_issuer_line(long_pdf):
    page = long_pdf.pages[0]
    rules = [
        ln
        for ln in page.lines + page.rects
        if abs(ln["top"] - ln["bottom"]) < 3 and ln["x1"] - ln["x0"] > 400
    ]
    assert rules
    rule = rules[0]
    assert abs(rule["x0"] - LEFT) < 1.5 and abs(rule["x1"] - RIGHT) < 1.5
    issuer = next(b for b, cs in _lines(page).items() if cs[0]["text"] == "吴")
    gap_mm = ((rule["top"] + rule["bottom"]) / 2 - issuer) / 72 * 25.4
    assert abs(gap_mm - DEFAULT.rule_gap_mm) < 0.5


@needs_soffice
def test_cjk_text_uses_cjk_fonts(long_pdf):
    """fonts.conf maps 仿宋_GB2312, 方正小标宋简体 … to installed CJK TrueType fonts."""
    for page in long_pdf.pages:
        for c in page.chars:
            if "\u4e00" <= c["text"] <= "\u9fff":
                assert not any(x in c["fontname"] for x in ("Liberation", "DejaVu")), c["fontname"]


@needs_soffice
def test_full_body_lines_hold_28_characters(long_pdf):
    page = long_pdf.pages[1]
    lines = _lines(page)
    counts = [len(cs) for cs in lines.values()]
    assert max(counts) == DEFAULT.chars_per_line
    full = [cs for cs in lines.values() if abs(cs[0]["x0"] - LEFT) < 1 and len(cs) == 28]
    assert len(full) >= 10
    for cs in full:
        assert abs(cs[-1]["x1"] - RIGHT) < 1.0  # full lines reach the right edge


@needs_soffice
def test_a_full_page_holds_22_body_lines(long_pdf):
    page = long_pdf.pages[1]
    lines = list(_lines(page))
    assert len(lines) == DEFAULT.lines_per_page
    pitches = [b - a for a, b in itertools.pairwise(lines)]
    for p in pitches:
        assert abs(p - DEFAULT.line_pitch_pt) < 0.2
    assert lines[-1] < TYPE_BOTTOM
    # first baseline as the native PDF puts it (LibreOffice's grid mode would put it 2 pt higher)
    expected = DEFAULT.exact_line_baseline_share * DEFAULT.line_pitch_pt
    assert abs(lines[0] - TYPE_TOP - expected) < 1.0


@needs_soffice
def test_page_numbers_odd_right_even_left(long_pdf):
    for i, page in enumerate(long_pdf.pages[:2], start=1):
        nums = [c for c in page.chars if abs(c["size"] - 14) < 0.1 and c["top"] > TYPE_BOTTOM]
        text = "".join(c["text"] for c in sorted(nums, key=lambda c: c["x0"]))
        assert text.replace(" ", "") == f"—{i}—"
        indent = DEFAULT.page_number_style.size_pt
        if i % 2:
            assert abs(max(c["x1"] for c in nums) - (RIGHT - indent)) < 2
        else:
            assert abs(min(c["x0"] for c in nums) - (LEFT + indent)) < 2
        base = page.height - nums[0]["matrix"][5]
        gap_mm = (base - DEFAULT.em_ascent * 14 - TYPE_BOTTOM) / 72 * 25.4
        assert abs(gap_mm - DEFAULT.page_number_gap_mm) < 0.35


@needs_soffice
def test_footer_is_pinned_to_the_foot_of_a_short_issue(short_pdf):
    assert len(short_pdf.pages) == 1
    page = short_pdf.pages[0]
    rules = sorted(
        (
            ln
            for ln in page.lines + page.rects
            if abs(ln["top"] - ln["bottom"]) < 2 and ln["x1"] - ln["x0"] > 400
        ),
        key=lambda ln: ln["top"],
    )
    assert len(rules) >= 4  # red rule + three 报尾 rules
    last = rules[-1]
    assert abs(last["bottom"] - TYPE_BOTTOM) < 3
    assert abs(last["x0"] - LEFT) < 1.5 and abs(last["x1"] - RIGHT) < 1.5
    body_end = max(_lines(page))
    assert body_end < rules[-3]["top"] - 50  # a short issue: space between body and 报尾
    rows = {b: cs for b, cs in _lines(page, 14.0).items() if b < TYPE_BOTTOM}
    texts = ["".join(c["text"] for c in cs) for cs in rows.values()]
    assert any(t.startswith("报：张瑛部长") for t in texts)
    last_row = next(cs for cs in rows.values() if cs[0]["text"] == "发")
    assert abs(last_row[0]["x0"] - (LEFT + 14)) < 1
    # （共印60份） flush right, one character in, unbroken (on a line of its own if need be)
    copies = next(cs for cs in rows.values() if "".join(c["text"] for c in cs).endswith("份）"))
    assert "".join(c["text"] for c in copies).endswith("（共印60份）")
    assert abs(copies[-1]["x1"] - (RIGHT - 14)) < 2
    # the row is wrapped inside the last two rules
    assert rules[-2]["top"] < list(rows)[-1] < rules[-1]["top"]


def test_missing_soffice_is_a_clear_error(monkeypatch, tmp_path, sample_bulletin):
    monkeypatch.delenv(finder.SOFFICE_ENV, raising=False)
    monkeypatch.setattr(finder.shutil, "which", lambda name, path=None: None)
    monkeypatch.setattr(finder, "_is_file", lambda path: False)
    with pytest.raises(RenderError) as info:
        convert.render_pdf_libreoffice(sample_bulletin, tmp_path / "x.pdf")
    assert "找不到 LibreOffice" in str(info.value) and "--soffice" in str(info.value)
    assert "--pdf-engine native" in str(info.value)
    assert not (tmp_path / "x.pdf").exists()


@needs_soffice
def test_missing_docx_is_a_clear_error(tmp_path):
    with pytest.raises(RenderError) as info:
        convert.convert_to_pdf(tmp_path / "nope.docx", tmp_path / "x.pdf")
    assert "找不到要转换的 .docx 文件" in str(info.value)
    assert not (tmp_path / "x.pdf").exists()


@needs_soffice
def test_timeout_kills_soffice_and_keeps_earlier_pdf(tmp_path, sample_bulletin):
    out = tmp_path / "x.pdf"
    out.write_bytes(b"earlier")
    with pytest.raises(RenderError) as info:
        convert.render_pdf_libreoffice(sample_bulletin, out, timeout=0.05)
    assert "超时" in str(info.value)
    assert out.read_bytes() == b"earlier"


def test_fonts_conf_aliases_every_docx_font_name():
    conf = fonts_conf()
    for names in DEFAULT.docx_font_names.values():
        for name in names:
            assert f"<family>{name}</family>" in conf
    for name in ("仿宋", "楷体", "黑体", "宋体", "方正小标宋简体"):
        assert f"<family>{name}</family>" in conf
    assert "/etc/fonts/fonts.conf" in conf


@pytest.mark.skipif(not shutil.which("fc-match"), reason="fontconfig 的 fc-match 不可用")
def test_fonts_conf_resolves_to_installed_cjk_fonts(tmp_path):
    conf = tmp_path / "fonts.conf"
    conf.write_text(fonts_conf(), encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    installed = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True
    ).stdout
    if not installed.strip():
        pytest.skip("没有安装中文字体")
    for name in ("仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体", "宋体"):
        got = subprocess.run(
            ["fc-match", "-f", "%{family}", name], env=env, capture_output=True, text=True
        ).stdout
        assert got.split(",")[0] in installed, (name, got)


@needs_soffice
def test_a_file_that_is_no_docx_is_converted_as_plain_text(tmp_path):
    """LibreOffice imports what is not a .docx as plain text: the fixes pass it on as it is."""
    import pdfplumber

    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"this is not a docx")
    out = convert.convert_to_pdf(bad, tmp_path / "bad.pdf", timeout=120)
    with pdfplumber.open(out) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert text.strip() == "this is not a docx"


@needs_soffice
def test_the_template_itself_opens_in_libreoffice(tmp_path):
    """An office opens templates/bulletin.docx to restyle it: the tags are plain text there."""
    import pdfplumber

    from bulletin_docs.docx.render import default_template_path

    out = convert.convert_to_pdf(default_template_path(), tmp_path / "template.pdf")
    with pdfplumber.open(out) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "masthead.issuer" in text.replace(" ", "")
    assert "本期要目" in text


@pytest.fixture(scope="module")
def mixed_pdf(tmp_path_factory):
    """Body text full of commas and numbers: the cases where LibreOffice differs from Word."""
    text = "挂职干部共选派51名年轻干部，2019年平均年龄35.2岁，" * 12 + "完。"
    b = _bulletin(1, 10)
    art = dataclasses.replace(b.sections[0].articles[0], body=(Paragraph((Span(text),)),) * 3)
    b = dataclasses.replace(b, sections=(Section("工作动态", articles=(art,)),))
    out = tmp_path_factory.mktemp("lo") / "mixed.pdf"
    convert.render_pdf_libreoffice(b, out)
    import pdfplumber

    with pdfplumber.open(out) as pdf:
        yield pdf


@needs_soffice
def test_no_hanging_punctuation_and_no_split_numbers(mixed_pdf):
    """w:overflowPunct is flipped for LibreOffice (it reads it inverted); numbers stay whole."""
    for page in mixed_pdf.pages:
        lines = [
            "".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"]))
            for cs in _lines(page).values()
        ]
        for cs in _lines(page).values():
            assert max(c["x1"] for c in cs) <= RIGHT + 1.0
        for a, b in itertools.pairwise(lines):
            assert not (a[-1:].isdigit() and b[:1].isdigit()), (a, b)
            assert b[:1] not in "，。、；：？！", b


def test_for_libreoffice_flips_overflow_punct_only(sample_bulletin):
    import io
    import zipfile

    from lxml import etree

    from bulletin_docs.docx.ooxml import w
    from bulletin_docs.docx.render import render_docx_bytes

    data = render_docx_bytes(sample_bulletin)
    flipped = for_libreoffice(data)
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(flipped)) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            x, y = a.read(name), b.read(name)
            if name == "word/styles.xml":
                before, after = etree.fromstring(x), etree.fromstring(y)
                flags = list(before.iter(w("overflowPunct")))
                assert flags and all(e.get(w("val")) == "0" for e in flags)
                for e in flags:
                    e.set(w("val"), "1")
                # the same styles, each overflowPunct flipped and nothing else changed
                assert etree.tostring(before, method="c14n") == etree.tostring(after, method="c14n")
            elif name == "word/document.xml":  # spacing and joins: test_libreoffice_docxfix.py
                text = re.compile(rb"<w:t(?: [^>]*)?>([^<]*)</w:t>")
                joined = b"".join(text.findall(y))
                for mark in ("\u2060", "\u200b"):
                    joined = joined.replace(mark.encode(), b"")
                assert b"".join(text.findall(x)) == joined
            else:
                assert x == y, name
    assert for_libreoffice(b"not a zip") == b"not a zip"


def _page_lines(pdf) -> list[str]:
    return [
        "".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"]))
        for page in pdf.pages
        for cs in _lines(page).values()
    ]


@needs_soffice
def test_dashes_and_quotes_keep_full_lines(tmp_path):
    """"——" never split nor opening a line; a paragraph opening with "“" still fills its lines.

    LibreOffice ignores w:noLineBreaksBefore and its zh-CN list lacks "—" (the copy it
    converts joins the dashes to the character before them), and it leaves the spacing off
    a paragraph's opening quotation mark (the 3号 styles reach 12 twips past the type area).
    """
    import pdfplumber

    first = CJK[:25]  # + 2 characters of indent: the dashes would start the second line
    texts = [
        first + "甲——乙" + CJK[:30] + "。",
        first[:-2] + "甲——乙" + CJK[:30] + "。",
        "“" + CJK[:23] + "”甲乙" + CJK[:30] + "。",
    ]
    b = _bulletin(1, 10)
    body = tuple(Paragraph((Span(t),)) for t in texts)
    art = dataclasses.replace(b.sections[0].articles[0], body=body)
    b = dataclasses.replace(b, sections=(Section("工作动态", articles=(art,)),))
    out = convert.render_pdf_libreoffice(b, tmp_path / "dashes.pdf")
    with pdfplumber.open(out) as pdf:
        lines = [ln for ln in _page_lines(pdf) if ln[:1] in CJK + "“甲—"]
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "\u2060" not in text
    split = [ln for ln in lines if ln.startswith("—") or ln.endswith("甲—")]
    assert not split, lines
    assert lines[0] == first and lines[1].startswith("甲——"), lines  # moved down together
    assert lines[3] == first[:-2] + "甲——", lines  # 26 + 2 of indent: full
    assert lines[5] == "“" + CJK[:23] + "”甲", lines  # 26 + 2 of indent: full

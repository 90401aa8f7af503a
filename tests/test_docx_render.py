"""The rendered .docx read back with python-docx/lxml: every element of the page, in order."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bulletin_docs.layout import DEFAULT
from bulletin_docs.model import DistributionRow, IssueDate, IssueNumber
from test_docx_support import NS, build, paragraphs, part, qn, texts_of


@pytest.fixture
def docx(sample_bulletin, tmp_path) -> Path:
    return build(sample_bulletin, tmp_path)


def _runs_with_text(docx: Path, text: str):
    root = part(docx, "word/document.xml")
    return [
        r for r in root.iter(qn("w:r")) if text in "".join(t.text or "" for t in r.iter(qn("w:t")))
    ]


def test_masthead_texts(docx):
    assert texts_of(docx, "简报密级") == ["内部资料 注意保存"]
    assert texts_of(docx, "简报名称") == ["挂职简报"]
    assert texts_of(docx, "简报期号") == ["（2020年第1期）（总第25期）"]
    assert texts_of(docx, "简报编印单位") == ["吴中区年轻干部双向挂职工作小组2020年4月"]


def test_title_is_red_and_issuer_line_has_a_right_tab_and_red_rule(docx):
    from docx import Document

    doc = Document(str(docx))
    title = doc.styles["简报名称"]
    assert str(title.font.color.rgb) == DEFAULT.red
    assert title.font.size.pt == DEFAULT.size_chuhao_pt
    issuer = doc.styles["简报编印单位"].element
    tab = issuer.find("w:pPr/w:tabs/w:tab", NS)
    assert tab.get(qn("w:val")) == "right"
    assert int(tab.get(qn("w:pos"))) == 8844  # 156 mm
    rule = issuer.find("w:pPr/w:pBdr/w:bottom", NS)
    assert rule.get(qn("w:color")) == DEFAULT.red
    # the issuer and date sit in one paragraph separated by a tab
    root = part(docx, "word/document.xml")
    p = next(
        p
        for p in root.iter(qn("w:p"))
        if p.find("w:pPr/w:pStyle", NS).get(qn("w:val")) == "BulletinIssuer"
    )
    assert p.find(".//w:tab", NS) is not None


def test_title_run_colour_is_red(docx):
    """python-docx reads the title run's own colour: FF0000 (taken from the style 简报名称)."""
    from docx import Document

    doc = Document(str(docx))
    title = next(p for p in doc.paragraphs if p.text == "挂职简报")
    runs = [r for r in title.runs if r.text]
    assert runs
    for r in runs:
        assert str(r.font.color.rgb) == DEFAULT.red
    issue = next(p for p in doc.paragraphs if p.style.name == "简报期号")
    assert all(str(r.font.color.rgb) == DEFAULT.black for r in issue.runs if r.text)


@pytest.mark.parametrize(
    ("issue", "expected"),
    [
        (IssueNumber(3), "第3期"),
        (IssueNumber(1, year=2020), "（2020年第1期）"),
        (IssueNumber(2, total=26), "第2期（总第26期）"),
        (IssueNumber(1, label="增刊"), "增刊"),
    ],
)
def test_issue_number_forms(sample_bulletin, tmp_path, issue, expected):
    b = dataclasses.replace(
        sample_bulletin, masthead=dataclasses.replace(sample_bulletin.masthead, issue=issue)
    )
    assert texts_of(build(b, tmp_path), "简报期号") == [expected]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (IssueDate(2020, 4), "2020年4月"),
        (IssueDate(2020, 4, 15), "2020年4月15日"),
        (IssueDate(literal="二〇二〇年四月"), "二〇二〇年四月"),
    ],
)
def test_date_forms(sample_bulletin, tmp_path, date, expected):
    b = dataclasses.replace(
        sample_bulletin, masthead=dataclasses.replace(sample_bulletin.masthead, date=date)
    )
    assert texts_of(build(b, tmp_path), "简报编印单位") == [
        f"吴中区年轻干部双向挂职工作小组{expected}"
    ]


def test_marking_absent_leaves_an_empty_line(sample_bulletin, tmp_path):
    b = dataclasses.replace(
        sample_bulletin, masthead=dataclasses.replace(sample_bulletin.masthead, marking=None)
    )
    assert texts_of(build(b, tmp_path), "简报密级") == [""]


def test_contents_in_order(docx):
    seq = [(s, t) for s, t in paragraphs(docx) if s.startswith("简报要目")]
    assert seq == [
        ("简报要目标题", "本期要目"),
        ("简报要目栏目", "【领导寄语】"),
        ("简报要目条目", "打造实战化练兵平台"),
        ("简报要目栏目", "【挂职干部风采】"),
    ]
    # never a TOC field
    root = part(docx, "word/document.xml")
    instr = " ".join(t.text or "" for t in root.iter(qn("w:instrText")))
    assert "TOC" not in instr
    assert root.find(".//w:fldSimple", NS) is None


def test_contents_false_leaves_it_out(sample_bulletin, tmp_path):
    b = dataclasses.replace(sample_bulletin, contents=False)
    names = [s for s, _ in paragraphs(build(b, tmp_path))]
    assert not any(n.startswith("简报要目") for n in names)


def test_preface_sections_articles_in_order(docx):
    seq = [
        (s, t)
        for s, t in paragraphs(docx)
        if s in ("简报编者按", "简报栏目", "简报标题", "简报署名", "简报按语", "简报正文")
    ]
    assert seq[0] == ("简报编者按", "编者按：本期编者按，说明本期内容。")
    assert seq[1] == ("简报栏目", "【领导寄语】")
    assert seq[2] == ("简报标题", "打造实战化练兵平台 吴中区选派年轻干部开展双向挂职工作")
    assert seq[3] == ("简报署名", "区委组织部 张三、李四")
    assert seq[4] == ("简报按语", "按：这是一段按语。")
    assert seq[5] == ("简报正文", "第一段，加粗文字。")
    assert seq[6][0] == "简报正文"
    assert seq[7] == ("简报栏目", "【挂职干部风采】")


def test_leads_use_the_lead_character_style(docx):
    for lead in ("编者按：", "按："):
        runs = [
            r
            for r in _runs_with_text(docx, lead)
            if "".join(t.text for t in r.iter(qn("w:t"))) == lead
        ]
        assert runs, lead
        assert runs[0].find("w:rPr/w:rStyle", NS).get(qn("w:val")) == "BulletinLead"


def test_bold_runs_follow_the_spans(docx):
    root = part(docx, "word/document.xml")
    bold = []
    plain = []
    for r in root.iter(qn("w:r")):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        if not text:
            continue
        (bold if r.find("w:rPr/w:b", NS) is not None else plain).append(text)
    assert bold == ["加粗"]
    assert "第一段，" in plain
    assert "文字。" in plain


def test_title_too_long_for_chuhao_shrinks(sample_bulletin, tmp_path):
    title = "吴中区年轻干部双向挂职工作简报"  # 15 characters: 42 pt would need 630 pt
    b = dataclasses.replace(
        sample_bulletin, masthead=dataclasses.replace(sample_bulletin.masthead, title=title)
    )
    runs = _runs_with_text(build(b, tmp_path), title)
    size = int(runs[0].find("w:rPr/w:sz", NS).get(qn("w:val"))) / 2
    assert size * len(title) <= DEFAULT.type_width_pt
    assert size < DEFAULT.size_chuhao_pt


def test_distribution_rows_copies_and_anchor(docx):
    rows = texts_of(docx, "简报版记")
    assert rows == [
        "报：张瑛部长，区委组织部。",
        "发：挂职干部派驻单位、接收单位主要领导，全体挂职干部。（共印60份）",
    ]
    root = part(docx, "word/document.xml")
    tables = root.findall(".//w:tbl", NS)
    footer = tables[-1]
    pp = footer.find("w:tblPr/w:tblpPr", NS)
    assert pp.get(qn("w:horzAnchor")) == "page"
    assert pp.get(qn("w:tblpX")) == "1587"
    assert pp.get(qn("w:vertAnchor")) == "margin"
    assert pp.get(qn("w:tblpYSpec")) == "bottom"
    assert footer.find("w:tblPr/w:tblW", NS).get(qn("w:w")) == "8844"
    b = footer.find("w:tblPr/w:tblBorders", NS)
    assert b.find("w:top", NS).get(qn("w:sz")) == "8"  # 0.35 mm in eighths of a point
    assert b.find("w:bottom", NS).get(qn("w:sz")) == "8"
    assert b.find("w:insideH", NS).get(qn("w:sz")) == "6"  # 0.25 mm
    assert b.find("w:top", NS).get(qn("w:color")) == "000000"
    # the copies are flush right on the last row (after a right tab), hanging indent after "发："
    last = footer.findall(".//w:p", NS)[-1]
    assert last.find(".//w:tab", NS) is not None
    ind = last.find("w:pPr/w:ind", NS)
    assert int(ind.get(qn("w:hanging"))) == 2 * 280
    assert int(ind.get(qn("w:left"))) == 280 + 2 * 280
    assert int(ind.get(qn("w:right"))) == 280
    # the document ends with the paragraph the floating table anchors to
    body = root.find("w:body", NS)
    assert body[-2].tag == qn("w:p")
    assert body[-3] is footer


def test_distribution_without_copies(sample_bulletin, tmp_path):
    b = dataclasses.replace(
        sample_bulletin, copies=None, distribution=(DistributionRow("抄送", "区委办。"),)
    )
    docx = build(b, tmp_path)
    assert texts_of(docx, "简报版记") == ["抄送：区委办。"]
    root = part(docx, "word/document.xml")
    last = root.findall(".//w:tbl", NS)[-1].findall(".//w:p", NS)[-1]
    assert int(last.find("w:pPr/w:ind", NS).get(qn("w:hanging"))) == 3 * 280


def test_section_page_setup(docx):
    root = part(docx, "word/document.xml")
    sect = root.find("w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")
    mar = sect.find("w:pgMar", NS)
    assert [mar.get(qn(f"w:{k}")) for k in ("top", "bottom", "left", "right")] == [
        "2098",
        "1984",
        "1587",
        "1474",
    ]
    grid = sect.find("w:docGrid", NS)
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "579"


def test_body_style_grid(docx):
    root = part(docx, "word/styles.xml")
    body = root.find('w:style[@w:styleId="BulletinBody"]', NS)
    sp = body.find("w:pPr/w:spacing", NS)
    assert (sp.get(qn("w:line")), sp.get(qn("w:lineRule"))) == ("579", "exact")
    assert body.find("w:pPr/w:ind", NS).get(qn("w:firstLine")) == "632"  # 2 × 15.79 pt
    assert body.find("w:rPr/w:sz", NS).get(qn("w:val")) == "32"
    assert body.find("w:rPr/w:spacing", NS).get(qn("w:val")) == "-4"
    # 28 × (320 − 4) = 8848 twips: 4 more than the type area; LibreOffice leaves the spacing
    # off the last character of a line and of a text portion ("“到…"), so the 3号 styles
    # reach 4 + 2 × 4 = 12 past it
    assert body.find("w:pPr/w:ind", NS).get(qn("w:right")) == "-12"
    # Han/Latin spacing declared on, as both PDFs draw it (docs/word-and-wps.md)
    for el in ("autoSpaceDE", "autoSpaceDN"):
        assert body.find(f"w:pPr/w:{el}", NS).get(qn("w:val")) is None
    assert DEFAULT.libreoffice.latin_autospace_em > 0


def test_every_style_and_docdefaults_name_all_four_fonts(docx):
    root = part(docx, "word/styles.xml")
    rfs = root.findall("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    for style in root.findall("w:style", NS):
        if (
            style.get(qn("w:type")) in ("paragraph", "character")
            and style.find("w:rPr", NS) is not None
        ):
            rfs.append(style.find("w:rPr/w:rFonts", NS))
    assert len(rfs) > 15
    for rf in rfs:
        for a in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert rf.get(qn(f"w:{a}")), a


@pytest.mark.parametrize("name", ["word/document.xml", "word/footer1.xml", "word/footer2.xml"])
def test_every_run_names_an_eastasia_font(docx, name):
    root = part(docx, name)
    runs = list(root.iter(qn("w:r")))
    assert runs
    for r in runs:
        rf = r.find("w:rPr/w:rFonts", NS)
        assert rf is not None, name
        for a in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert rf.get(qn(f"w:{a}")), (name, a)


def test_no_theme_part_and_fonts_are_the_profile_names(docx):
    import zipfile

    with zipfile.ZipFile(docx) as zf:
        assert not any(n.startswith("word/theme/") for n in zf.namelist())
    root = part(docx, "word/document.xml")
    names = {r.find("w:rPr/w:rFonts", NS).get(qn("w:eastAsia")) for r in root.iter(qn("w:r"))}
    # SimSun-ExtB: the run of the sample's 𠮷 (docx/rare.py)
    assert names <= {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体", "SimSun-ExtB"}
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "SimSun-ExtB"} <= names


def test_footers_page_fields_and_even_odd(docx):
    settings = part(docx, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    root = part(docx, "word/document.xml")
    refs = {f.get(qn("w:type")) for f in root.findall("w:body/w:sectPr/w:footerReference", NS)}
    assert refs == {"default", "even"}
    for name, jc, side in (
        ("word/footer1.xml", "right", "right"),
        ("word/footer2.xml", "left", "left"),
    ):
        ftr = part(docx, name)
        instr = "".join(t.text for t in ftr.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        text = "".join(t.text or "" for t in ftr.iter(qn("w:t")))
        assert text == "— 1 —"
        p = ftr.find("w:p", NS)
        assert p.find("w:pPr/w:jc", NS).get(qn("w:val")) == jc
        assert p.find("w:pPr/w:ind", NS).get(qn(f"w:{side}")) == "280"
    styles = part(docx, "word/styles.xml")
    num = styles.find('w:style[@w:styleId="BulletinPageNumber"]', NS)
    assert num.find("w:rPr/w:sz", NS).get(qn("w:val")) == "28"
    assert num.find("w:rPr/w:rFonts", NS).get(qn("w:eastAsia")) == "宋体"


def test_page_number_gap_below_type_area(docx):
    """Footer distance: page bottom to the number line's bottom; em box 7 mm under the type area."""
    root = part(docx, "word/document.xml")
    mar = root.find("w:body/w:sectPr/w:pgMar", NS)
    footer_pt = int(mar.get(qn("w:footer"))) / 20
    styles = part(docx, "word/styles.xml")
    num = styles.find('w:style[@w:styleId="BulletinPageNumber"]', NS)
    line = int(num.find("w:pPr/w:spacing", NS).get(qn("w:line"))) / 20
    em_top = DEFAULT.exact_line_baseline_share * line - DEFAULT.em_ascent * 14
    em_top_from_page_bottom = footer_pt + line - em_top
    expected = (DEFAULT.margin_bottom_mm - DEFAULT.page_number_gap_mm) / 25.4 * 72
    assert abs(em_top_from_page_bottom - expected) < 0.1


def test_kinsoku_and_language_from_the_profile(docx):
    """The lists hold every character of the profile's and of Word's own zh-CN set."""
    from bulletin_docs.docx.kinsoku import WORD_ZH_CN_NO_LINE_END, WORD_ZH_CN_NO_LINE_START

    settings = part(docx, "word/settings.xml")
    after = settings.find("w:noLineBreaksAfter", NS)
    before = settings.find("w:noLineBreaksBefore", NS)
    assert after.get(qn("w:lang")) == before.get(qn("w:lang")) == "zh-CN"
    ends, starts = after.get(qn("w:val")), before.get(qn("w:val"))
    assert set(ends) == set(DEFAULT.no_line_end) | set(WORD_ZH_CN_NO_LINE_END)
    assert set(starts) == set(DEFAULT.no_line_start) | set(WORD_ZH_CN_NO_LINE_START)
    assert len(set(starts)) == len(starts) and len(set(ends)) == len(ends)
    for c in "℃〕〗‰′″―．％］｝～—…":  # missing before issue 11 (the last two are ours)
        assert c in starts, c
    for c in "（【「『《〈‘“〔〖［｛":
        assert c in ends, c
    styles = part(docx, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    for el in styles.iter(qn("w:snapToGrid")):
        assert el.get(qn("w:val")) == "0"

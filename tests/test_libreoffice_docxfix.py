"""The copy LibreOffice converts, edited with lxml: runs of any shape, wherever they sit."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from typing import Any

from lxml import etree

from bulletin_docs.docx.ooxml import W_NS, w
from bulletin_docs.layout import DEFAULT
from bulletin_docs.libreoffice.docxfix import (
    WORD_JOINER,
    ZERO_WIDTH_SPACE,
    break_before_latin,
    compensate_portion_ends,
    flip_overflow_punct,
    for_libreoffice,
    join_no_line_start,
)

RPR = '<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/></w:rPr>'
BOLD = '<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/><w:b/></w:rPr>'


def _run(text: str, rpr: str = RPR, attrs: str = "") -> str:
    return f'<w:r{attrs}>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _doc(body: str) -> Any:
    """A document.xml root holding ``body`` (paragraphs, tables…)."""
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    return etree.fromstring(xml.encode())


def _runs(el: Any) -> list[tuple[str, int | None, str | None]]:
    """Every run under ``el``: (its text, its w:spacing val, its w:lang eastAsia)."""
    out = []
    for r in el.iter(w("r")):
        sp = r.find(f"{w('rPr')}/{w('spacing')}")
        lang = r.find(f"{w('rPr')}/{w('lang')}")
        out.append(
            (
                "".join(t.text or "" for t in r.iter(w("t"))),
                None if sp is None else int(sp.get(w("val"))),
                None if lang is None else lang.get(w("eastAsia")),
            )
        )
    return out


def _texts(el: Any) -> list[str]:
    return [t for t, _, _ in _runs(el)]


# --- joining "——" and "……" to the character before them ----------------------------------


def test_dashes_get_a_run_of_their_own_led_by_a_word_joiner():
    root = _doc(f"<w:p>{_run('名村——陆巷')}</w:p>")
    assert join_no_line_start(root) == 1
    assert _runs(root) == [
        ("名村", None, None),
        (f"{WORD_JOINER}——", -12, "en-US"),
        ("陆巷", None, None),
    ]
    # the split runs keep the run's fonts; the joined one gets spacing and language in
    # the schema's order of rPr children (rFonts, …, spacing, …, lang)
    joined = root.findall(f".//{w('r')}")[1]
    tags = [etree.QName(c).localname for c in joined.find(w("rPr"))]
    assert tags == ["rFonts", "spacing", "lang"]


def test_spacing_makes_up_for_the_split_only_where_there_is_one():
    # at the end of its run the last dash had no spacing before either: one portion end less
    root = _doc(f"<w:p>{_run('名村——')}</w:p>")
    join_no_line_start(root)
    assert _runs(root)[1][1] == -8
    # three dashes share the two portion ends
    root = _doc(f"<w:p>{_run('甲———乙')}</w:p>")
    join_no_line_start(root)
    assert _runs(root)[1][1] == -8
    # a run's own spacing is the base, and its own language goes
    own = RPR.replace("</w:rPr>", '<w:spacing w:val="-6"/><w:lang w:val="zh-CN"/></w:rPr>')
    root = _doc(f"<w:p>{_run('甲——乙', own)}</w:p>")
    join_no_line_start(root)
    assert _runs(root)[1] == (f"{WORD_JOINER}——", -18, "en-US")
    assert len(root.findall(f".//{w('lang')}")) == 3  # one per run: the others keep zh-CN


def test_ellipsis_too_and_text_without_marks_unchanged():
    root = _doc(f"<w:p>{_run('等等……然后')}</w:p>")
    join_no_line_start(root)
    assert f"{WORD_JOINER}……" in _texts(root)
    plain = _doc(f"<w:p>{_run('没有破折号的句子，2020年。')}</w:p>")
    before = etree.tostring(plain)
    assert join_no_line_start(plain) == 0
    assert etree.tostring(plain) == before


def test_entities_stay_whole():
    root = _doc(f"<w:p>{_run('A&amp;——B&lt;')}</w:p>")
    join_no_line_start(root)
    assert _texts(root) == ["A&", f"{WORD_JOINER}——", "B<"]
    assert b">A&amp;</w:t>" in etree.tostring(root)


def test_runs_with_attributes_as_word_saves_them():
    root = _doc('<w:p><w:r w:rsidR="00AB12" w:rsidRPr="00CD34"><w:t>名村——陆巷</w:t></w:r></w:p>')
    join_no_line_start(root)
    runs = root.findall(f".//{w('r')}")
    assert len(runs) == 3
    assert all(r.get(w("rsidR")) == "00AB12" and r.get(w("rsidRPr")) == "00CD34" for r in runs)


def test_marks_are_joined_in_runs_of_every_shape_and_place():
    """Runs a regular expression for ``<w:r><w:rPr>…</w:rPr><w:t>…</w:t></w:r>`` misses."""
    shapes = {
        # a run in a hyperlink, a smart tag, a tracked insertion, a content control
        "hyperlink": f'<w:p><w:hyperlink w:history="1">{_run("名村——陆巷")}</w:hyperlink></w:p>',
        "smartTag": f'<w:p><w:smartTag w:element="place">{_run("名村——陆巷")}</w:smartTag></w:p>',
        "ins": f'<w:p><w:ins w:id="1" w:author="A">{_run("名村——陆巷")}</w:ins></w:p>',
        "sdt": f"<w:p><w:sdt><w:sdtContent>{_run('名村——陆巷')}</w:sdtContent></w:sdt></w:p>",
        # a paragraph in a table cell of a table in a table cell
        "nested table": (
            "<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>"
            f"<w:p>{_run('名村——陆巷')}</w:p>"
            "</w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>"
        ),
        # an empty rPr written short, and no rPr at all
        "short rPr": f"<w:p>{_run('名村——陆巷', '<w:rPr/>')}</w:p>",
        "no rPr": f"<w:p>{_run('名村——陆巷', '')}</w:p>",
        # a run whose rPr holds a tracked change (an rPr inside the rPr)
        "rPrChange": "<w:p>" + _run(
            "名村——陆巷",
            '<w:rPr><w:b/><w:rPrChange w:id="2" w:author="A"><w:rPr><w:i/></w:rPr>'
            "</w:rPrChange></w:rPr>",
        ) + "</w:p>",
        # a run with a tab and a second w:t
        "tab": (
            '<w:p><w:r><w:t>名村</w:t><w:tab/><w:t xml:space="preserve">——陆巷</w:t></w:r></w:p>'
        ),
        # attributes in another order, and a spacing written with a space before "/>"
        "attribute order": (
            '<w:p><w:r w:rsidRPr="1" w:rsidR="2"><w:rPr><w:rFonts w:eastAsia="仿宋" w:ascii="A"/>'
            '<w:spacing  w:val="-4" /></w:rPr><w:t>名村——陆巷</w:t></w:r></w:p>'
        ),
    }
    for name, body in shapes.items():
        root = _doc(body)
        assert join_no_line_start(root) == 1, name
        runs = _runs(root)
        assert (f"{WORD_JOINER}——", -12, "en-US") in runs, (name, runs)
        assert "".join(t for t, _, _ in runs).replace(WORD_JOINER, "") == "名村——陆巷", name
        # every piece stays where the run was (inside the hyperlink, the insertion…)
        parents = {r.getparent().tag for r in root.iter(w("r"))}
        assert len(parents) == 1, (name, parents)
        # one spacing per run: a run's own is replaced, not doubled
        for r in root.iter(w("r")):
            rpr = r.find(w("rPr"))
            assert rpr is None or len(rpr.findall(w("spacing"))) <= 1, name
    tab = _doc(shapes["tab"])
    join_no_line_start(tab)
    first = tab.find(f".//{w('r')}")
    assert [etree.QName(c).localname for c in first] == ["t", "tab"]  # the tab stays in order
    rpr_change = _doc(shapes["rPrChange"])
    join_no_line_start(rpr_change)
    for rpr in rpr_change.iterfind(f".//{w('r')}/{w('rPr')}"):
        assert etree.QName(rpr[-1]).localname == "rPrChange"  # still the last child


def test_a_text_box_paragraph_is_a_paragraph_of_its_own():
    """Its runs neither join nor split the runs of the paragraph the text box sits in."""
    box = (
        "<w:r><w:pict><w:txbxContent><w:p>"
        + _run("框内文字")
        + "</w:p></w:txbxContent></w:pict></w:r>"
    )
    para = "<w:p>" + _run("得到了群众的普遍认可") + box + _run("坚持问题导向", BOLD) + "</w:p>"
    root = _doc(para)
    compensate_portion_ends(root)
    spacing = {t: s for t, s, _ in _runs(root)}
    # the outer paragraph's two runs meet (the box's run is not between them): one portion
    # end, paid by the shorter run: 5 × −4 − 5 = −25 twips = 5 × −5
    assert spacing["坚持问题导向"] == -5
    assert spacing["框内文字"] is None  # alone in its paragraph


# --- text-portion ends ---------------------------------------------------------------------


def test_a_bold_span_pays_for_both_portion_ends():
    tail = "，让群众有了实实在在的获得感。"
    para = f"<w:p>{_run('得到了群众的普遍认可')}{_run('坚持问题导向', BOLD)}{_run(tail)}</w:p>"
    root = _doc(para)
    assert compensate_portion_ends(root) == 1
    # 5 spaced characters: 5 × −4 + 2 × −5 = −30 twips = 5 × −6
    assert _runs(root) == [
        ("得到了群众的普遍认可", None, None),
        ("坚持问题导向", -6, None),
        (tail, None, None),
    ]
    # one run, or runs alike: nothing to make up for
    same = _doc("<w:p>" + _run("甲乙丙") + _run("丁戊") + "</w:p>")
    assert compensate_portion_ends(same) == 0
    # a long run cannot take it in whole twips: left as it is
    long = _doc("<w:p>" + _run("一" * 20) + _run("二" * 20, BOLD) + "</w:p>")
    assert compensate_portion_ends(long) == 0


def test_runs_alike_in_another_attribute_order_are_one_portion():
    a = '<w:rPr><w:rFonts w:ascii="A" w:eastAsia="仿宋"/></w:rPr>'
    b = '<w:rPr><w:rFonts w:eastAsia="仿宋" w:ascii="A"/></w:rPr>'
    root = _doc("<w:p>" + _run("得到了群众的普遍认可", a) + _run("坚持问题导向", b) + "</w:p>")
    assert compensate_portion_ends(root) == 0


def test_portion_ends_are_counted_across_hyperlinks_and_table_cells():
    link = "<w:p>" + _run("得到了群众的普遍认可") + (
        f'<w:hyperlink r:id="rId9" xmlns:r="x">{_run("坚持问题导向", BOLD)}</w:hyperlink>'
    ) + _run("，让群众有了实实在在的获得感。") + "</w:p>"
    cell = (
        f"<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>{link}</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>"
    )
    for body in (link, cell):
        root = _doc(body)
        assert compensate_portion_ends(root) == 1
        assert ("坚持问题导向", -6, None) in _runs(root)


def test_the_tolerance_comes_from_the_profile():
    para = "<w:p>" + _run("一" * 20) + _run("二" * 20, BOLD) + "</w:p>"
    loose = dataclasses.replace(
        DEFAULT,
        libreoffice=dataclasses.replace(DEFAULT.libreoffice, portion_end_tolerance_twips=20.0),
    )
    root = _doc(para)
    assert compensate_portion_ends(root, loose) == 1


# --- a zero-width space before a Latin run -------------------------------------------------


def test_zero_width_space_where_punctuation_meets_a_latin_run():
    zw = ZERO_WIDTH_SPACE
    root = _doc(f"<w:p>{_run('坚实基础。2月11日，共8人')}</w:p>")
    assert break_before_latin(root) == 1
    assert _texts(root) == [f"坚实基础。{zw}2月11日，共8人"]
    # not after what may not end a line, nor before what may not start one, nor after Han
    for text in ("方案（2020年）", "完成率93.8%。", "共8人", "“A”级"):
        root = _doc(f"<w:p>{_run(text)}</w:p>")
        assert break_before_latin(root) == 0, text
    root = _doc(f"<w:p>{_run('——2020')}</w:p>")
    break_before_latin(root)
    assert _texts(root) == [f"——{zw}2020"]


def test_zero_width_space_between_two_w_t_of_one_run_and_in_a_smart_tag():
    root = _doc(
        '<w:p><w:smartTag w:element="date"><w:r><w:t>基础。</w:t><w:t>2月</w:t></w:r>'
        "</w:smartTag></w:p>"
    )
    assert break_before_latin(root) == 1
    assert [t.text for t in root.iter(w("t"))] == ["基础。", f"{ZERO_WIDTH_SPACE}2月"]
    # a tab between them is a break already
    root = _doc("<w:p><w:r><w:t>基础。</w:t><w:tab/><w:t>2月</w:t></w:r></w:p>")
    assert break_before_latin(root) == 0


# --- overflowPunct and the package -----------------------------------------------------------


def test_overflow_punct_flipped_in_any_attribute_shape():
    root = _doc(
        '<w:p><w:pPr><w:overflowPunct w:val="0"/></w:pPr></w:p>'
        '<w:p><w:pPr><w:overflowPunct  w:val="false" /></w:pPr></w:p>'
        '<w:p><w:pPr><w:overflowPunct w:val="on"/></w:pPr></w:p>'
    )
    assert flip_overflow_punct(root) == 3
    assert [e.get(w("val")) for e in root.iter(w("overflowPunct"))] == ["1", "true", "off"]


def _docx(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


DOCUMENT = (
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p>{_run("名村——陆巷")}</w:p></w:body></w:document>'
)


def test_for_libreoffice_joins_in_the_document_only():
    doc = DOCUMENT
    footer = b"<x>\xe2\x80\x94</x>"
    data = _docx({"word/document.xml": doc.encode(), "word/footer1.xml": footer})
    out = for_libreoffice(data)
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        assert WORD_JOINER in zf.read("word/document.xml").decode()
        assert zf.read("word/footer1.xml") == footer
    unchanged = _docx({"word/document.xml": f'<w:document xmlns:w="{W_NS}"/>'.encode()})
    assert for_libreoffice(unchanged) == unchanged
    # a part that is not XML is passed on as it is
    broken = _docx({"word/document.xml": b"<w:document><w:p>"})
    assert for_libreoffice(broken) == broken
    assert for_libreoffice(b"not a zip") == b"not a zip"


def test_for_libreoffice_uses_the_profiles_marks():
    """The calibration names the marks LibreOffice does not keep off a line's start."""
    data = _docx({"word/document.xml": DOCUMENT.encode()})
    none = dataclasses.replace(
        DEFAULT, libreoffice=dataclasses.replace(DEFAULT.libreoffice, unhonoured_no_line_start="")
    )
    assert for_libreoffice(data, none) == data
    assert for_libreoffice(data, DEFAULT) != data

"""The copy LibreOffice converts: "——" and "……" joined to the character before them."""

from __future__ import annotations

import io
import zipfile

from bulletin_docs.docx.lofix import WORD_JOINER, for_libreoffice, join_no_line_start

RPR = '<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/></w:rPr>'


def _run(text: str, rpr: str = RPR) -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def test_dashes_get_a_run_of_their_own_led_by_a_word_joiner():
    out = join_no_line_start(_run("名村——陆巷"))
    assert out == (
        _run("名村")
        + _run(
            f"{WORD_JOINER}——",
            RPR.replace("</w:rPr>", '<w:spacing w:val="-12"/><w:lang w:eastAsia="en-US"/></w:rPr>'),
        )
        + _run("陆巷")
    )


def test_spacing_makes_up_for_the_split_only_where_there_is_one():
    # at the end of its run the last dash had no spacing before either: one portion end less
    out = join_no_line_start(_run("名村——"))
    assert '<w:spacing w:val="-8"/>' in out
    # three dashes share the two portion ends
    assert '<w:spacing w:val="-8"/>' in join_no_line_start(_run("甲———乙"))
    # a run's own spacing is the base
    own = RPR.replace("</w:rPr>", '<w:spacing w:val="-6"/></w:rPr>')
    assert '<w:spacing w:val="-18"/>' in join_no_line_start(_run("甲——乙", own))


def test_ellipsis_too_and_text_without_marks_unchanged():
    out = join_no_line_start(_run("等等……然后"))
    assert f"{WORD_JOINER}……" in out
    plain = _run("没有破折号的句子，2020年。")
    assert join_no_line_start(plain) == plain


def test_entities_stay_whole():
    out = join_no_line_start(_run("A&amp;——B&lt;"))
    assert ">A&amp;</w:t>" in out
    assert ">B&lt;</w:t>" in out


def _docx(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_for_libreoffice_joins_in_the_document_only():
    doc = f"<w:document><w:body><w:p>{_run('名村——陆巷')}</w:p></w:body></w:document>"
    data = _docx({"word/document.xml": doc.encode(), "word/footer1.xml": b"<x>\xe2\x80\x94</x>"})
    out = for_libreoffice(data)
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        assert WORD_JOINER in zf.read("word/document.xml").decode()
        assert zf.read("word/footer1.xml") == b"<x>\xe2\x80\x94</x>"
    unchanged = _docx({"word/document.xml": b"<w:document/>"})
    assert for_libreoffice(unchanged) == unchanged


def test_a_bold_span_pays_for_both_portion_ends():
    from bulletin_docs.docx.lofix import compensate_portion_ends

    bold = RPR.replace("</w:rPr>", "<w:b/></w:rPr>")
    tail = "，让群众有了实实在在的获得感。"
    head = _run("得到了群众的普遍认可")
    para = "<w:p>" + head + _run("坚持问题导向", bold) + _run(tail) + "</w:p>"
    out = compensate_portion_ends(para)
    # 5 spaced characters: 5 × −4 + 2 × −5 = −30 twips = 5 × −6
    assert _run("坚持问题导向", bold.replace("</w:rPr>", '<w:spacing w:val="-6"/></w:rPr>')) in out
    assert _run("得到了群众的普遍认可") in out and _run(tail) in out
    # one run, or runs alike: nothing to make up for
    same = "<w:p>" + _run("甲乙丙") + _run("丁戊") + "</w:p>"
    assert compensate_portion_ends(same) == same
    # a long run cannot take it in whole twips: left as it is
    long = "<w:p>" + _run("一" * 20) + _run("二" * 20, bold) + "</w:p>"
    assert compensate_portion_ends(long) == long


def test_zero_width_space_where_punctuation_meets_a_latin_run():
    from bulletin_docs.docx.lofix import ZERO_WIDTH_SPACE as ZW
    from bulletin_docs.docx.lofix import break_before_latin

    out = break_before_latin(_run("坚实基础。2月11日，共8人"))
    assert out == _run(f"坚实基础。{ZW}2月11日，共8人")
    # not after what may not end a line, nor before what may not start one, nor after Han
    for text in ("方案（2020年）", "完成率93.8%。", "共8人", "“A”级"):
        assert break_before_latin(_run(text)) == _run(text), text
    assert break_before_latin(_run("——2020")) == _run(f"——{ZW}2020")


def test_runs_with_attributes_as_word_saves_them():
    out = join_no_line_start('<w:r w:rsidR="00AB12"><w:t>名村——陆巷</w:t></w:r>')
    assert out.count('<w:r w:rsidR="00AB12">') == 3
    assert f"<w:t>{WORD_JOINER}——</w:t>" in out

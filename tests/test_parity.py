"""Parity: the native PDF and LibreOffice's rendering of the example break lines alike."""

from __future__ import annotations

from pathlib import Path

from bulletin_docs.inspection import compare_files
from bulletin_docs.inspection.compare import Breaks, compare_breaks
from bulletin_docs.inspection.tolerances import DEFAULT_TOLERANCES
from conftest import EXAMPLE, needs_soffice
from test_inspect_renderers import docx_file, native_pdf


def test_compare_breaks_aligns_texts_that_differ() -> None:
    a = Breaks("甲乙丙丁戊己庚辛", frozenset({3, 6, 8}), frozenset({3, 6}), 2, 20.0)
    # B has one extra character and breaks at the same characters as A.
    b = Breaks("甲乙丙丁X戊己庚辛", frozenset({3, 7, 9}), frozenset({3, 7}), 2, 21.0)
    p = compare_breaks(a, b)
    assert p.same_lines == 3 and p.line_share == 1.0 and not p.text_equal
    c = Breaks("甲乙丙丁戊己庚辛", frozenset({2, 6, 8}), frozenset({2, 6}), 3, None)
    q = compare_breaks(a, c)
    assert q.same_lines == 2 and q.wrap_share == 0.5 and not q.ok


@needs_soffice
def test_example_native_and_libreoffice_agree(tmp_path: Path) -> None:
    native = native_pdf(EXAMPLE, tmp_path / "native.pdf")
    docx = docx_file(EXAMPLE, tmp_path / "example.docx")
    from bulletin_docs.libreoffice.convert import convert_to_pdf

    lo = convert_to_pdf(docx, tmp_path / "libreoffice.pdf", timeout=300)
    parity = compare_files(native, lo)
    print(parity.to_text())
    assert parity.pages_a == parity.pages_b, parity.to_text()
    assert parity.line_share >= DEFAULT_TOLERANCES.parity_min_share, parity.to_text()
    assert parity.lines_a > 50  # the body was found in both


def test_align_finds_missing_characters_and_maps_breaks() -> None:
    from bulletin_docs.inspection.align import align

    a = "重病困难户，通读了《陆巷村志》。通过近两周的耳听、眼观、心交流" * 50
    b = a.replace("户，通", "户通", 3).replace("眼观", "—5—眼观", 1)
    al = align(a, b)
    assert [a[s:e] for s, e in al.missing()] == ["，", "，", "，"]
    p = a.index("，") + 1  # a break after the comma b lacks is the break after 户 in b
    assert al.boundary(p) == b.index("通")
    assert al.boundary(0) == 0


def test_align_falls_back_when_texts_differ_much() -> None:
    from bulletin_docs.inspection.align import align

    al = align("甲乙丙丁戊己庚辛壬癸", "癸壬辛庚己戊丁丙乙甲")
    assert len(al.pairs) == 10
    assert sum(1 for q in al.pairs if q >= 0) == 1

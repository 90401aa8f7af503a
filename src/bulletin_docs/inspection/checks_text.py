"""A .docx's text against the characters drawn in its PDF into a check: nothing may go missing."""

from __future__ import annotations

from .align import align
from .common import places
from .measure import Layout
from .report import Check

#: Characters of context shown around a missing one.
CONTEXT = 6


def drawn_text(lay: Layout) -> str:
    return "".join(g.char for pg in lay.doc.pages for ln in pg.lines for g in ln.visible)


def missing_text_check(lay: Layout, source: str) -> Check:
    """Every character of the .docx is drawn in the PDF (LibreOffice may drop some)."""
    drawn = drawn_text(lay)
    al = align(source, drawn)
    extra = al.extra()
    runs: list[tuple[int, int]] = []
    for s, e in al.missing():
        piece = source[s:e]
        k = next((i for i, x in enumerate(extra) if piece in x), None)
        if k is None:
            runs.append((s, e))
        else:  # drawn elsewhere: a table cell's second line comes after its row's first lines
            extra[k] = extra[k].replace(piece, "", 1)
    count = sum(e - s for s, e in runs)
    lost = [f"「{source[max(0, s - CONTEXT):s]}[{source[s:e]}]{source[e:e + CONTEXT]}」"
            for s, e in runs]
    detail = f".docx 共 {len(source)} 字"
    detail += f"；PDF 中没有画出：{places(lost)}。" if lost else "。"
    return Check("text_complete", "文字完整（.docx 的字都画进 PDF）", "fail" if count else "pass",
                 count, 0, None, " 字", detail)

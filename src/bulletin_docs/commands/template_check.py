"""``bulletin-docs template-check``: a .docx template into its variables and a measured trial issue.

The trial issue is built with the template as ``build`` builds (normalised first), rendered by
LibreOffice when there is one, and measured with ``inspect``; every failing check is listed
with what in the template causes it, beside the problems of the template's own structure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..cli import print_error
from ..errors import BulletinError
from ..layout import LayoutProfile, mm_to_pt

if TYPE_CHECKING:
    from ..inspection.extract import Document

NAME = "template-check"
HELP = "检查 .docx 模板：列出用到的变量，标出未知变量并试排一期"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("templates", nargs="+", type=Path, metavar="T.docx", help="要检查的模板")


def _paths(tpl, env) -> list[str]:  # tpl: DocxTemplate
    """Dotted variable paths the template reads (``masthead.title``, ``row.paragraph`` …)."""
    from jinja2 import nodes

    from ..docx.render import template_source

    tree = env.parse(template_source(tpl))
    found: set[str] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        parts: list[str] = []
        inner = node
        while isinstance(inner, (nodes.Getattr, nodes.Getitem)):
            if isinstance(inner, nodes.Getattr):
                parts.append(f".{inner.attr}")
            elif isinstance(inner.arg, nodes.Const):
                parts.append(f"[{inner.arg.value!r}]")
            else:
                parts.append("[…]")
            inner = inner.node
        if isinstance(inner, nodes.Name):
            found.add(inner.name + "".join(reversed(parts)))
    prefixes = {f.split(".")[0].split("[")[0] for f in found}
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in prefixes:
            found.add(node.name)
    return sorted(f for f in found if not any(g.startswith((f + ".", f + "[")) for g in found))


#: One paragraph of the trial issue's body: about four lines, a **bold** span, digits.
_BODY = "试排正文：检查每行字数、行距与版心是否符合版式，**加粗的文字**也在其中。" * 3 + "2020年。"


def _sample(folder: Path):
    """A trial issue touching every variable: body text over two pages (so that the
    inspector finds body lines on each), a row of two column-wide photos with long
    captions, a note, a preface, copies."""
    from PIL import Image

    from ..issuefile.markup import parse_paragraphs
    from ..model import (
        Article,
        Bulletin,
        DistributionRow,
        IssueDate,
        IssueNumber,
        Masthead,
        Photo,
        Section,
    )

    photo = folder / "photo.png"
    Image.new("RGB", (1200, 900), (128, 128, 128)).save(photo)  # wider than a column at 300 dpi
    caption = "图注文字，一行排满照片栏的宽度"
    article = Article(
        title="标题",
        body=parse_paragraphs("\n\n".join([_BODY] * 8)),
        unit="单位",
        authors=("作者",),
        note=parse_paragraphs("按语。"),
        photos=(Photo(photo, caption), Photo(photo, caption)),
    )
    return Bulletin(
        masthead=Masthead(
            "简报",
            IssueNumber(1, year=2020, total=2),
            "编印单位",
            IssueDate(2020, 1),
            marking="内部资料",
        ),
        sections=(
            Section(
                "栏目",
                articles=(article,),
                photos=(Photo(photo, caption), Photo(photo, caption)),
            ),
        ),
        distribution=(DistributionRow("报", "某某。"), DistributionRow("发", "某某。")),
        preface=parse_paragraphs("编者按。"),
        copies=10,
    )


def _without_margin_pictures(doc: Document, profile: LayoutProfile) -> Document:
    """``doc`` without the pictures wholly in the top or bottom margin: a logo in the header
    is the template's decoration, not a photo outside the type area."""
    top = mm_to_pt(profile.margin_top_mm)
    bottom = mm_to_pt(profile.page_height_mm - profile.margin_bottom_mm)
    for page in doc.pages:
        page.images[:] = [b for b in page.images if b[3] > top and b[1] < bottom]
    return doc


def _measure(data: bytes, folder: Path) -> list[str] | None:
    """LibreOffice's rendering of the trial .docx measured: each failing check with its cause;
    None when there is no LibreOffice."""
    from ..docx.restyled import restyled_profile
    from ..docx.structure import cause_of
    from ..errors import RenderError
    from ..inspection import inspect_document, read_pdf
    from ..inspection.docx import docx_text, render_with_libreoffice, requested_fonts
    from ..layout import DEFAULT
    from ..libreoffice.finder import find_soffice

    try:
        find_soffice()
    except RenderError:
        return None
    trial = folder / "试排.docx"
    trial.write_bytes(data)
    pdf = render_with_libreoffice(trial, folder / "试排.pdf", 180.0)
    profile = restyled_profile(data, DEFAULT)
    report = inspect_document(
        _without_margin_pictures(read_pdf(pdf), profile),
        profile=profile,
        requested=requested_fonts(trial),
        source=trial,
        source_text=docx_text(trial),
    )
    return [f"{c.line()}\n    原因：{cause_of(c.id)}。" for c in report.failures]


def check_template(path: Path) -> int:
    """Print the report for one template; 0 when it is usable, 1 when not."""
    from ..docx.context import KNOWN_VARIABLES
    from ..docx.opened import open_template
    from ..docx.render import jinja_env, render_docx_bytes, template_variables
    from ..docx.structure import structure_problems
    from ..layout import DEFAULT

    tpl = open_template(path)
    used = template_variables(tpl, path)
    unknown = sorted(used - KNOWN_VARIABLES)
    print(f"模板：{path}")
    print("用到的变量：")
    for name in _paths(tpl, jinja_env()):
        top = name.split(".")[0].split("[")[0]
        mark = "× " if top in used and top not in KNOWN_VARIABLES else "  "
        print(f"  {mark}{name}")
    if unknown:
        names = "、".join(unknown)
        print(
            f"错误：模板使用了未知的变量：{names}（可用变量见 docs/template-variables.md）",
            file=sys.stderr,
        )
        return 1
    problems = structure_problems(tpl.docx, DEFAULT)
    with tempfile.TemporaryDirectory(prefix="bulletin-template-check-") as tmp:
        data = render_docx_bytes(_sample(Path(tmp)), path)
        failures = _measure(data, Path(tmp))
    if failures is None:
        print("注意：没有找到 LibreOffice，只检查了模板结构，没有把试排的一期排成 PDF 测量版面。")
    else:
        print("试排一期并由 LibreOffice 排成 PDF，按版式逐项测量。")
    if problems or failures:
        print("错误：模板会排出不合格的版面：", file=sys.stderr)
        for line in problems + (failures or []):
            print(f"  {line}", file=sys.stderr)
        return 1
    print("试排成功：模板可以使用。" if failures is not None else "结构检查通过：模板可以使用。")
    return 0


def run(args: argparse.Namespace) -> int:
    status = 0
    for path in args.templates:
        try:
            status = max(status, check_template(path))
        except BulletinError as exc:
            print_error(exc)
            status = 1
    return status

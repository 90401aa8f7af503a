"""``bulletin-docs template-check``: a .docx template into its variables, unknown ones flagged."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from ..cli import print_error
from ..errors import BulletinError

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


def _sample(folder: Path):
    """A small issue touching every variable: two photos, a note, a preface, copies."""
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
    Image.new("RGB", (64, 48), (128, 128, 128)).save(photo)
    article = Article(
        title="标题",
        body=parse_paragraphs("正文，**加粗**。"),
        unit="单位",
        authors=("作者",),
        note=parse_paragraphs("按语。"),
        photos=(Photo(photo, "图注"),),
    )
    return Bulletin(
        masthead=Masthead(
            "简报",
            IssueNumber(1, year=2020, total=2),
            "编印单位",
            IssueDate(2020, 1),
            marking="内部资料",
        ),
        sections=(Section("栏目", articles=(article,), photos=(Photo(photo, "图注"),)),),
        distribution=(DistributionRow("报", "某某。"), DistributionRow("发", "某某。")),
        preface=parse_paragraphs("编者按。"),
        copies=10,
    )


def check_template(path: Path) -> int:
    """Print the report for one template; 0 when it is usable, 1 when not."""
    from ..docx.context import KNOWN_VARIABLES
    from ..docx.render import jinja_env, open_template, render_docx_bytes, template_variables

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
    with tempfile.TemporaryDirectory(prefix="bulletin-template-check-") as tmp:
        render_docx_bytes(_sample(Path(tmp)), path)
    print("试排成功：模板可以使用。")
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

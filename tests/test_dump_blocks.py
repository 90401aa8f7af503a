"""Format 1.1 bodies through the one YAML writer: headings, tables and photos in place read back."""

from __future__ import annotations

from pathlib import Path

import bulletin_docs
from bulletin_docs import dump_yaml
from bulletin_docs.model import Heading, Paragraph, PhotoBlock, Table

ROOT = Path(__file__).resolve().parents[1]
STATS = ROOT / "examples" / "tongji-2024-06" / "issue.yaml"


def test_the_statistics_example_survives_dump_and_load(tmp_path: Path) -> None:
    before = bulletin_docs.load(STATS)
    kinds = {type(b) for s in before.sections for a in s.articles for b in a.body}
    assert {Heading, Table, PhotoBlock, Paragraph} <= kinds  # the example holds every block
    text = dump_yaml(before, base_dir=STATS.parent)
    assert "![" in text and "| --- |" in text
    again = bulletin_docs.loads(text, base_dir=STATS.parent)
    assert again.sections == before.sections


def test_a_paragraph_that_only_looks_like_a_heading_stays_a_paragraph(tmp_path: Path) -> None:
    source = """\
masthead: {title: 挂职简报, issue: {number: 1}, issuer: 吴中区, date: 2020-04}
sections:
  - title: 工作动态
    articles:
      - title: 标题
        body: |
          \\一、这一段不是标题。

          一、这是标题
distribution: [{label: 报, to: 区委组织部。}]
"""
    before = bulletin_docs.loads(source)
    body = before.sections[0].articles[0].body
    assert isinstance(body[0], Paragraph) and isinstance(body[1], Heading)
    again = bulletin_docs.loads(dump_yaml(before))
    assert again.sections[0].articles[0].body == body

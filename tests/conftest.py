"""Shared test fixtures: small issues as model objects or YAML, and skips for missing tools."""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "guazhi-2020-01" / "issue.yaml"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/issuegen.py and friends

# The suite's persistent cache is a temporary folder (set before anything is built, and
# inherited by the CLI subprocesses): the tests never read or write the user's cache.
_CACHE = tempfile.TemporaryDirectory(prefix="bulletin-docs-test-cache-")
os.environ["BULLETIN_DOCS_CACHE_DIR"] = _CACHE.name
os.environ.pop("BULLETIN_DOCS_NO_CACHE", None)
# No warm background process is started by the suite's builds (in-process or CLI
# subprocesses): tests/test_warm_server.py starts its own, and stops them.
os.environ["BULLETIN_DOCS_NO_SERVER"] = "1"


@pytest.fixture(autouse=True)
def _cache_switch_reset() -> Iterator[None]:
    """An in-process ``build --no-cache`` turns the cache off for one test only."""
    yield
    from bulletin_docs.cache.store import configure

    configure(None)

MINIMAL_YAML = """\
masthead:
  title: 挂职简报
  issue:
    number: 1
    year: 2020
  issuer: 吴中区年轻干部双向挂职工作小组
  date: 2020-04
sections:
  - title: 工作动态
    articles:
      - title: 进了村委门 就做村里人
        unit: 东山镇陆巷村
        author: 张顺流
        body: |
          第一段，**加粗的话**在这里。

          第二段
          接着一行。
distribution:
  - label: 报
    to: 张瑛部长，区委组织部。
  - label: 发
    to: [挂职干部派驻单位, 全体挂职干部]
copies: 60
"""


def has_soffice() -> bool:
    """Whether LibreOffice is installed where bulletin_docs looks for it (not only on PATH)."""
    from bulletin_docs.errors import RenderError
    from bulletin_docs.libreoffice.finder import find_soffice

    try:
        find_soffice()
    except RenderError:
        return False
    return True


def has_poppler() -> bool:
    return shutil.which("pdftoppm") is not None


@functools.cache
def has_cjk_truetype() -> bool:
    """Whether every font role resolves to an embeddable TrueType CJK face on this machine."""
    from bulletin_docs.pdf.fonts import resolve_fonts

    return all(f is not None and not f.cff for f in resolve_fonts().values())


needs_cjk_font = pytest.mark.skipif(
    not has_cjk_truetype(),
    reason=(
        "没有可嵌入的 TrueType 中文字体（PDF 用 STSong-Light 代替）："
        ".ci/run 会安装 fonts-arphic-uming 等"
    ),
)
needs_soffice = pytest.mark.skipif(
    not has_soffice(),
    reason="LibreOffice (soffice) 未安装：.ci/run 会安装 libreoffice-writer-nogui",
)
needs_poppler = pytest.mark.skipif(
    not has_poppler(), reason="poppler-utils (pdftoppm) 未安装：.ci/run 会安装 poppler-utils"
)


@pytest.fixture
def minimal_yaml() -> str:
    return MINIMAL_YAML


@pytest.fixture
def issue_file(tmp_path: Path):
    """Write YAML text to tmp_path/issue.yaml and return the path: ``issue_file(text)``."""

    def write(text: str = MINIMAL_YAML, name: str = "issue.yaml") -> Path:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p

    return write


@pytest.fixture
def make_photo(tmp_path: Path):
    """Create a JPEG or PNG: ``make_photo("a.jpg", 800, 600, exif_orientation=None)``."""

    def make(
        name: str = "photo.jpg",
        width: int = 800,
        height: int = 600,
        exif_orientation: int | None = None,
        color: tuple[int, int, int] = (90, 140, 200),
    ) -> Path:
        from PIL import Image

        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        im = Image.new("RGB", (width, height), color)
        if name.lower().endswith(".png"):
            im.save(p, "PNG")
        else:
            exif = Image.Exif()
            if exif_orientation is not None:
                exif[0x0112] = exif_orientation
            im.save(p, "JPEG", exif=exif.tobytes(), quality=90)
        return p

    return make


@pytest.fixture
def sample_bulletin(tmp_path: Path, make_photo):
    """A small but complete Bulletin (every element of the page) built from model objects."""
    from bulletin_docs.issuefile.markup import parse_paragraphs
    from bulletin_docs.model import (
        Article,
        Bulletin,
        DistributionRow,
        IssueDate,
        IssueNumber,
        Masthead,
        Photo,
        Section,
    )

    p1 = make_photo("photos/a.jpg", 1200, 900)
    p2 = make_photo("photos/b.png", 600, 800)
    return Bulletin(
        masthead=Masthead(
            title="挂职简报",
            issue=IssueNumber(1, year=2020, total=25),
            issuer="吴中区年轻干部双向挂职工作小组",
            date=IssueDate(2020, 4),
            marking="内部资料 注意保存",
        ),
        preface=parse_paragraphs("本期编者按，说明本期内容。"),
        sections=(
            Section(
                "领导寄语",
                articles=(
                    Article(
                        title="打造实战化练兵平台 吴中区选派年轻干部开展双向挂职工作",
                        contents_title="打造实战化练兵平台",
                        unit="区委组织部",
                        authors=("张三", "李四"),
                        note=parse_paragraphs("这是一段按语。"),
                        body=parse_paragraphs(
                            "第一段，**加粗**文字。\n\n第二段 & < > \" ' {{ x }} {% y %} 𠮷。"
                        ),
                    ),
                ),
            ),
            Section(
                "挂职干部风采",
                photos=(
                    Photo(p1, "物流园吴志浩推进项目复工复产"),
                    Photo(p2, "区金融监管局倪力佳深入企业座谈调研"),
                ),
            ),
        ),
        distribution=(
            DistributionRow("报", "张瑛部长，区委组织部。"),
            DistributionRow("发", "挂职干部派驻单位、接收单位主要领导，全体挂职干部。"),
        ),
        copies=60,
        source=tmp_path / "issue.yaml",
    )

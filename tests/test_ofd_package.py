"""The OFD container writer: the bytes zipfile would write, read back by zipfile, reused deflate."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import bulletin_docs
from bulletin_docs.layout import DEFAULT
from bulletin_docs.ofd import package
from bulletin_docs.ofd.document import package_parts
from bulletin_docs.ofd.package import zip_parts
from bulletin_docs.pdf.render import layout_pages, load_fontset
from conftest import EXAMPLE, ROOT


def _zipfile_bytes(parts: dict[str, bytes]) -> bytes:
    """The container as zipfile writes it with the package's settings (the reference)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=package._DATE_TIME)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            stored = name.endswith(package._STORED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            level = package._FONT_LEVEL if name.endswith(".ttf") else package._XML_LEVEL
            zf.writestr(info, data, compresslevel=level)
    return buf.getvalue()


EXAMPLES = [EXAMPLE, ROOT / "examples" / "tongji-2024-06" / "issue.yaml"]


@pytest.mark.parametrize("issue", EXAMPLES, ids=lambda p: p.parent.name)
def test_the_examples_packages_are_what_zipfile_writes(issue: Path) -> None:
    bulletin = bulletin_docs.load(issue)
    fonts = load_fontset(None, None)
    parts = package_parts(bulletin, layout_pages(bulletin, fonts, DEFAULT), fonts, DEFAULT)
    assert any(n.endswith(".ttf") for n in parts) and any(n.endswith(".jpg") for n in parts)
    first = zip_parts(parts)
    assert first == _zipfile_bytes(parts)
    assert zip_parts(parts) == first  # the second time from kept deflate streams
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert zf.testzip() is None
        assert {n: zf.read(n) for n in zf.namelist()} == parts


def test_edge_parts_and_the_bound_on_what_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    parts = {
        "OFD.xml": b"",
        "Doc_0/Res/a.jpg": b"\xff\xd8 not deflated",
        "Doc_0/Res/f.ttf": bytes(range(256)) * 40,
        "Doc_0/Pages/Page_0/Content.xml": "正文 &amp;".encode() * 500,
    }
    assert zip_parts(parts) == _zipfile_bytes(parts)
    monkeypatch.setattr(package, "_kept", {})
    monkeypatch.setattr(package, "_KEPT_MOST", 2)
    zip_parts(parts)
    assert len(package._kept) == 2
    assert zip_parts(parts) == _zipfile_bytes(parts)

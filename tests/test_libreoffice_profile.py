"""A custom layout profile reaches LibreOffice: its font aliases and its .docx fixes."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import zipfile
from pathlib import Path
from types import MappingProxyType

import pytest

from bulletin_docs import api
from bulletin_docs.batch import build_many
from bulletin_docs.layout import DEFAULT, LayoutProfile
from bulletin_docs.libreoffice import convert
from bulletin_docs.libreoffice.docxfix import WORD_JOINER
from conftest import MINIMAL_YAML, has_soffice

DASHES_YAML = MINIMAL_YAML.replace("第一段，", "名村——陆巷，第一段，")

#: A profile whose LibreOffice numbers differ from DEFAULT's: another .docx font name for
#: 仿宋 (aliased by fontconfig) and "——" no longer joined (only "…" is).
CUSTOM = dataclasses.replace(
    DEFAULT,
    docx_font_names=MappingProxyType({**DEFAULT.docx_font_names, "fangsong": ("简报测试仿宋",)}),
    libreoffice=dataclasses.replace(DEFAULT.libreoffice, unhonoured_no_line_start="…"),
)


class FakeSoffice:
    """Stands in for soffice: keeps the fonts.conf and the .docx it was given, writes a PDF."""

    def __init__(self) -> None:
        self.fonts_conf = ""
        self.document_xml = ""

    def __call__(
        self, cmd: list[str], env: dict[str, str], timeout: float
    ) -> tuple[int, bytes, bytes]:
        self.fonts_conf = Path(env["FONTCONFIG_FILE"]).read_text(encoding="utf-8")
        with zipfile.ZipFile(Path(cmd[-1])) as z:
            self.document_xml = z.read("word/document.xml").decode("utf-8")
        outdir = Path(cmd[cmd.index("--outdir") + 1])
        (outdir / "in.pdf").write_bytes(b"%PDF-1.4 fake\n")
        return 0, b"", b""


@pytest.fixture
def fake(monkeypatch) -> FakeSoffice:
    soffice = FakeSoffice()
    monkeypatch.setattr(convert, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(convert, "run_in_group", soffice)
    return soffice


def _through_api(tmp_path: Path, profile: LayoutProfile) -> Path:
    bulletin = api.loads(DASHES_YAML, profile=profile)
    return api.render_pdf(bulletin, tmp_path / "api.pdf", engine="libreoffice", profile=profile)


def _through_batch(tmp_path: Path, profile: LayoutProfile) -> Path:
    issue = tmp_path / "issue.yaml"
    issue.write_text(DASHES_YAML, encoding="utf-8")
    (result,) = build_many([issue], pdf=True, pdf_engine="libreoffice", profile=profile)
    assert result.ok, result.error
    assert result.outputs[0].suffix == ".docx"
    return result.outputs[1]


@pytest.mark.parametrize("build", [_through_api, _through_batch], ids=["api", "batch"])
def test_the_profile_reaches_the_font_aliases_and_the_fixes(build, fake, tmp_path) -> None:
    out = build(tmp_path, DEFAULT)
    assert out.read_bytes() == b"%PDF-1.4 fake\n"
    assert "<family>简报测试仿宋</family>" not in fake.fonts_conf
    assert f"{WORD_JOINER}——" in fake.document_xml

    out = build(tmp_path, CUSTOM)
    assert out.read_bytes() == b"%PDF-1.4 fake\n"
    assert "<family>简报测试仿宋</family>" in fake.fonts_conf
    assert "——" in fake.document_xml and f"{WORD_JOINER}——" not in fake.document_xml


def _installed(family: str) -> bool:
    try:
        listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    except OSError:
        return False
    return any(family in line.split(",") for line in listed.splitlines())


UKAI = "AR PL UKai CN"
#: 仿宋 stood in for by AR PL UKai (楷体's face) instead of AR PL UMing: body text shows it.
UKAI_FANGSONG = dataclasses.replace(
    DEFAULT,
    libreoffice=dataclasses.replace(
        DEFAULT.libreoffice,
        font_stand_ins=MappingProxyType(
            {**DEFAULT.libreoffice.font_stand_ins, "fangsong": (UKAI,)}
        ),
    ),
)


@pytest.mark.libreoffice
@pytest.mark.skipif(not has_soffice(), reason="LibreOffice (soffice) 未安装")
@pytest.mark.skipif(
    not _installed(UKAI), reason=f"字体 {UKAI} 未安装：.ci/run 会安装 fonts-arphic-ukai"
)
@pytest.mark.parametrize("build", [_through_api, _through_batch], ids=["api", "batch"])
def test_libreoffice_draws_the_body_with_the_profiles_stand_in(build, tmp_path) -> None:
    import pdfplumber

    def body_fonts(profile: LayoutProfile, folder: Path) -> set[str]:
        folder.mkdir()
        with pdfplumber.open(build(folder, profile)) as pdf:
            return {
                c["fontname"].split("+")[-1]
                for page in pdf.pages
                for c in page.chars
                if abs(c["size"] - 16) < 0.1 and "段" in c["text"]  # "第一段"，"第二段": 仿宋
            }

    assert body_fonts(DEFAULT, tmp_path / "default") == {"UMingCN"}
    assert body_fonts(UKAI_FANGSONG, tmp_path / "ukai") == {"UKaiCN"}


def test_convert_to_pdf_takes_the_profile(fake, tmp_path) -> None:
    from bulletin_docs.docx.render import render_docx_bytes

    docx = tmp_path / "in.docx"
    docx.write_bytes(render_docx_bytes(api.loads(DASHES_YAML)))
    convert.convert_to_pdf(docx, tmp_path / "out.pdf", profile=CUSTOM)
    assert "<family>简报测试仿宋</family>" in fake.fonts_conf
    assert f"{WORD_JOINER}——" not in fake.document_xml
    with zipfile.ZipFile(io.BytesIO(docx.read_bytes())) as z:  # the .docx itself is untouched
        assert WORD_JOINER not in z.read("word/document.xml").decode("utf-8")

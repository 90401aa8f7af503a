"""The font resolver: user fonts first, system fonts by role, TrueType before CFF, fallbacks."""

from __future__ import annotations

import os
import struct
import warnings
from pathlib import Path

import pytest

from bulletin_docs.errors import BulletinWarning, FontError
from bulletin_docs.pdf.fonts import FONT_DIRS_ENV, _pick_face, resolve_fonts, user_font
from conftest import needs_cjk_font

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
ZENHEI = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
needs_uming = pytest.mark.skipif(not UMING.exists(), reason="fonts-arphic-uming 未安装")
needs_zenhei = pytest.mark.skipif(not ZENHEI.exists(), reason="fonts-wqy-zenhei 未安装")


def fake_cff(path: Path) -> Path:
    """A file with an OpenType header whose only outline table is 'CFF '."""
    header = b"OTTO" + struct.pack(">HHHH", 1, 16, 0, 0)
    record = struct.pack(">4sIII", b"CFF ", 0, 28, 4)
    path.write_bytes(header + record + b"\0\0\0\0")
    return path


def test_empty_folder_finds_nothing(tmp_path):
    assert all(f is None for f in resolve_fonts(font_dirs=[tmp_path]).values())


def test_env_folder_replaces_system_folders(tmp_path, monkeypatch):
    monkeypatch.setenv(FONT_DIRS_ENV, str(tmp_path))
    assert all(f is None for f in resolve_fonts().values())


@needs_uming
def test_roles_found_in_given_folder_by_table_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "uming.ttc").symlink_to(UMING)
    found = resolve_fonts(font_dirs=[tmp_path])
    for role in ("fangsong", "xiaobiaosong", "songti"):
        f = found[role]
        assert f is not None and f.path.name == "uming.ttc"
        assert f.family == "AR PL UMing CN" and f.index == 0 and f.source == "system"
    assert found["heiti"] is None and found["kaiti"] is None


@needs_uming
def test_collection_face_chosen_by_family():
    assert _pick_face(UMING, "AR PL UMing TW").index == 2
    assert _pick_face(UMING, "no such family").index == 0


def test_cff_font_found_when_no_truetype_face_is(tmp_path):
    fake_cff(tmp_path / "NotoSansCJK-Regular.ttc")
    found = resolve_fonts(font_dirs=[tmp_path])["heiti"]
    assert found is not None and found.cff and found.path.name == "NotoSansCJK-Regular.ttc"


@needs_zenhei
def test_truetype_face_wins_over_an_earlier_cff_candidate(tmp_path):
    fake_cff(tmp_path / "simhei.ttf")  # first in heiti's list, but CFF
    (tmp_path / "wqy-zenhei.ttc").symlink_to(ZENHEI)
    found = resolve_fonts(font_dirs=[tmp_path])["heiti"]
    assert found is not None and found.path.name == "wqy-zenhei.ttc" and not found.cff


def test_unreadable_cff_system_font_falls_back_to_cid(tmp_path):
    from bulletin_docs.pdf.render import load_fontset

    fake_cff(tmp_path / "NotoSansCJK-Regular.ttc")  # a header, no tables behind it
    fonts = load_fontset(font_dirs=[tmp_path])
    assert fonts.roles["heiti"].name == "STSong-Light"


def test_user_font_errors_in_chinese(tmp_path):
    with pytest.raises(FontError, match="找不到楷体字体文件"):
        user_font("kaiti", tmp_path / "missing.ttf")
    (tmp_path / "notes.ttf").write_text("not a font", encoding="utf-8")
    with pytest.raises(FontError, match="无法识别"):
        user_font("kaiti", tmp_path / "notes.ttf")
    assert user_font("heiti", fake_cff(tmp_path / "noto.otf")).cff
    with pytest.raises(FontError, match="字体路径不是文件"):
        user_font("heiti", tmp_path)
    with pytest.raises(FontError, match="未知的字体角色"):
        resolve_fonts({"comic": tmp_path / "x.ttf"})


@needs_zenhei
def test_user_font_wins(tmp_path):
    found = resolve_fonts({"fangsong": ZENHEI}, font_dirs=[tmp_path])
    assert found["fangsong"].path == ZENHEI.resolve()
    assert found["fangsong"].source == "user"
    assert found["kaiti"] is None


@needs_uming
def test_faces_parsed_once_per_process():
    from bulletin_docs.pdf import fontset
    from bulletin_docs.pdf.fonts import FontFile

    f = FontFile(UMING, 0, "AR PL UMing CN", "system")
    a = fontset.load_face(f)
    n = len(fontset._faces)
    b = fontset.load_face(f)
    assert a is b and len(fontset._faces) == n


@needs_uming
@needs_zenhei
def test_missing_glyph_drawn_with_another_font(tmp_path):
    import pdfplumber

    from bulletin_docs.pdf import fontset
    from bulletin_docs.pdf.fonts import FontFile
    from test_pdf_render import bulletin

    uming = fontset.load_face(FontFile(UMING, 0, "", "system"))
    zen = fontset.load_face(FontFile(ZENHEI, 0, "", "system"))
    ch = next(chr(c) for c in sorted(zen.cmap) if 0x4E00 <= c <= 0x9FFF and c not in uming.cmap)
    b = bulletin(f"正文里有一个{ch}字。")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fontset_render(b, tmp_path / "g.pdf", {"fangsong": UMING, "heiti": ZENHEI})
    assert not [w for w in caught if "字形" in str(w.message)]
    with pdfplumber.open(out) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"] == ch]
    assert chars and "ZenHei" in chars[0]["fontname"]


def fontset_render(b, out: Path, fonts) -> Path:
    from bulletin_docs.pdf.render import render_pdf_native

    return render_pdf_native(b, out, fonts=fonts)


@needs_cjk_font
def test_char_no_font_has_is_warned_once(tmp_path):
    from bulletin_docs.pdf.render import load_fontset, render_pdf_native
    from test_pdf_render import bulletin

    rare = "\U00020BB7"  # 𠮷: not in GB2312 faces
    fonts = load_fontset()
    has = fonts.face_for("fangsong", rare).has(rare)  # the role's face or a fallback
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_pdf_native(bulletin(f"{rare}字和{rare}字"), tmp_path / "r.pdf")
    msgs = [str(w.message) for w in caught if issubclass(w.category, BulletinWarning)]
    glyph = [m for m in msgs if "字形" in m]
    if has:
        assert not glyph
    else:
        assert len(glyph) == 1 and rare in glyph[0] and "\n" not in glyph[0]


def test_fonts_command(capsys, tmp_path):
    from bulletin_docs.cli import main

    assert main(["fonts"]) == 0
    out = capsys.readouterr().out
    for name in ("仿宋", "小标宋", "黑体", "楷体", "宋体", "仿宋_GB2312", "方正小标宋简体"):
        assert name in out
    assert main(["fonts", "--font-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("STSong-Light") == 5
    assert main(["fonts", "--font", f"kaiti={tmp_path / 'none.ttf'}"]) == 1
    assert "找不到楷体字体文件" in capsys.readouterr().err


def broken_truetype(path: Path) -> Path:
    """A file whose header says TrueType ('glyf') but whose tables are garbage."""
    header = b"\x00\x01\x00\x00" + struct.pack(">HHHH", 2, 32, 1, 0)
    records = struct.pack(">4sIII", b"glyf", 0, 44, 4) + struct.pack(">4sIII", b"name", 0, 48, 6)
    path.write_bytes(header + records + b"\0" * 4 + struct.pack(">HHH", 0, 0, 6))
    return path


def test_broken_user_font_is_a_font_error(tmp_path):
    from bulletin_docs.pdf.render import load_fontset

    bad = broken_truetype(tmp_path / "bad.ttf")
    with pytest.raises(FontError, match="无法使用楷体字体文件"):
        load_fontset({"kaiti": bad}, font_dirs=[tmp_path / "none"])


def test_broken_user_cff_font_is_a_font_error(tmp_path):
    from bulletin_docs.pdf.render import load_fontset

    with pytest.raises(FontError, match="无法使用黑体字体文件"):
        load_fontset({"heiti": fake_cff(tmp_path / "noto.otf")}, font_dirs=[tmp_path / "none"])


def test_broken_system_font_falls_back(tmp_path):
    from bulletin_docs.pdf.render import load_fontset

    broken_truetype(tmp_path / "simhei.ttf")
    fonts = load_fontset(font_dirs=[tmp_path])
    assert fonts.roles["heiti"].name == "STSong-Light"
    assert "heiti" in fonts.not_embedded()


def test_font_folders_of_every_platform():
    from bulletin_docs.pdf.fonts import default_font_dirs

    home = Path("/home/clerk")
    win = default_font_dirs("win32", {"WINDIR": r"D:\Windows", "LOCALAPPDATA": r"D:\Local"}, home)
    local = Path(r"D:\Local") / "Microsoft" / "Windows" / "Fonts"
    assert win == (Path(r"D:\Windows") / "Fonts", local)
    win_default = default_font_dirs("win32", {}, home)
    assert win_default[0] == Path(r"C:\Windows") / "Fonts"
    assert win_default[1] == home / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts"
    mac = default_font_dirs("darwin", {}, home)
    assert Path("/System/Library/Fonts/Supplemental") in mac and home / "Library" / "Fonts" in mac
    linux = default_font_dirs("linux", {}, home)
    assert linux[0] == Path("/usr/share/fonts") and home / ".local" / "share" / "fonts" in linux
    env = {FONT_DIRS_ENV: os.pathsep.join(["/a", "/b"])}
    assert default_font_dirs("win32", env, home) == (Path("/a"), Path("/b"))


@needs_uming
@pytest.mark.parametrize(
    "platform_file",
    ["simsunb.ttf", "SimSun-ExtB.ttf", "mingliub.ttc", "Songti.ttc", "PingFang.ttc",
     "HanaMinB.ttf", "BabelStoneHan.ttf"],
)
def test_extension_b_faces_of_every_platform_are_fallbacks(tmp_path, platform_file):
    from bulletin_docs.pdf.fonts import glyph_fallbacks

    # a stand-in file under each platform's name (the lookup goes by file name and face)
    (tmp_path / platform_file).symlink_to(UMING)
    found = glyph_fallbacks(font_dirs=[tmp_path])
    assert [f.path.name for f in found] == [platform_file]

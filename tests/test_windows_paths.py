"""Paths as offices have them, and fonts installed for one user on Windows, macOS and Linux.

Chinese folder and file names with spaces, photo paths with backslashes or other letter case,
drive letters and UNC shares (PureWindowsPath where such paths cannot exist here), paths
longer than Windows' old 260-character limit.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path, PureWindowsPath

import pytest

from bulletin_docs import load, render_docx, render_pdf
from bulletin_docs.errors import BulletinError
from bulletin_docs.issuefile import nextissue
from bulletin_docs.libreoffice import finder
from bulletin_docs.pdf.fonts import default_font_dirs, resolve_fonts
from conftest import MINIMAL_YAML, needs_cjk_font

PHOTO_YAML = MINIMAL_YAML.replace(
    "          接着一行。\n",
    "          接着一行。\n"
    "        photos:\n          - file: {file}\n            caption: 活动现场\n",
)


def _issue(folder: Path, photo: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "第1期 简报.yaml"
    path.write_text(PHOTO_YAML.format(file=photo), encoding="utf-8")
    return path


def test_photo_path_with_backslashes_in_chinese_folders_with_spaces(tmp_path, make_photo) -> None:
    make_photo("报送 材料/照片 2024/活动 一.jpg")
    bulletin = load(_issue(tmp_path / "报送 材料", r"照片 2024\活动 一.jpg"))
    (photo,) = bulletin.sections[0].articles[0].photos
    assert photo.file == tmp_path / "报送 材料" / "照片 2024" / "活动 一.jpg"


@pytest.mark.parametrize("written", [r"照片 2024\活动 一.JPG", "照片 2024/活动 一.JPG",
                                     r"ZhaoPian\A.jpg"])
def test_other_letter_case_names_the_file_that_exists(tmp_path, make_photo, written) -> None:
    make_photo("照片 2024/活动 一.jpg")
    make_photo("zhaopian/a.jpg")
    with pytest.raises(BulletinError) as info:
        load(_issue(tmp_path, written))
    # named from where the written path and the file differ
    wanted = "zhaopian/a.jpg" if written.startswith("Zhao") else "活动 一.jpg"
    assert f"（大小写不同：有 {wanted}，是不是要写这个？）" in str(info.value)


def test_a_typo_still_lists_the_nearest_names(tmp_path, make_photo) -> None:
    make_photo("照片/活动一.jpg")
    with pytest.raises(BulletinError) as info:
        load(_issue(tmp_path, r"照片\活动二.jpg"))
    assert "同一文件夹里有：活动一.jpg" in str(info.value)


def test_paths_longer_than_260_characters(tmp_path, make_photo) -> None:
    deep = tmp_path
    while len(str(deep)) <= 300:
        deep = deep / "挂职干部双向交流工作 简报材料 二〇二四年"
    make_photo(str((deep / "照片" / "活动.jpg").relative_to(tmp_path)))
    issue = _issue(deep, r"照片\活动.jpg")
    assert len(str(issue)) > 260
    bulletin = load(issue)
    docx = render_docx(bulletin, issue.with_suffix(".docx"))
    pdf = render_pdf(bulletin, issue.with_suffix(".pdf"))
    with zipfile.ZipFile(docx) as z:
        assert "进了村委门" in z.read("word/document.xml").decode("utf-8")
        assert any(n.startswith("word/media/") for n in z.namelist())
    assert pdf.read_bytes().startswith(b"%PDF-") and b"/Image" in pdf.read_bytes()


def test_next_issue_beside_one_on_a_unc_share() -> None:
    previous = PureWindowsPath(r"\\server\share\简报\2024\issue-2024-01.yaml")
    out = nextissue.default_output(previous, {"year": 2024, "number": 2})  # type: ignore[arg-type]
    assert str(out) == r"\\server\share\简报\2024\issue-2024-02.yaml"


def test_schema_line_when_the_new_file_is_on_another_drive(tmp_path, monkeypatch) -> None:
    """Windows' relpath refuses C: → D:; the line then points at the schema by its file URI."""
    previous = tmp_path / "copied" / "issue-2024-01.yaml"
    previous.parent.mkdir()
    text = "# yaml-language-server: $schema=../gone/issue.schema.json\nmasthead: {}\n"
    previous.write_text(text, encoding="utf-8")

    def relpath(path: str, start: str) -> str:
        raise ValueError("path is on mount 'C:', start on mount 'D:'")

    monkeypatch.setattr(nextissue.os.path, "relpath", relpath)
    line = nextissue.schema_line(text, previous, previous.with_name("issue-2024-02.yaml"))
    assert line is not None and line.startswith("# yaml-language-server: $schema=file:///")
    assert line.endswith("/issue.schema.json")


def test_soffice_on_a_unc_share_or_another_drive() -> None:
    unc = r"\\server\软件\LibreOffice\program\soffice.exe"
    exe = finder.find_soffice(
        platform="win32",
        environ={finder.SOFFICE_ENV: r"\\server\软件\LibreOffice"},
        which=lambda name, path: None,
        is_file=lambda p: str(p) == unc,
    )
    assert exe == unc


def test_font_folders_on_a_unc_profile_and_another_drive() -> None:
    env = {"WINDIR": r"D:\Windows", "LOCALAPPDATA": r"\\server\profiles\张三\AppData\Local"}
    dirs = [PureWindowsPath(str(d)) for d in default_font_dirs("win32", env, Path("/unused"))]
    assert dirs == [
        PureWindowsPath(r"D:\Windows\Fonts"),
        PureWindowsPath(r"\\server\profiles\张三\AppData\Local\Microsoft\Windows\Fonts"),
    ]


@needs_cjk_font
@pytest.mark.parametrize(
    ("platform", "user_folder"),
    [
        ("win32", "Local/Microsoft/Windows/Fonts"),
        ("darwin", "home/Library/Fonts"),
        ("linux", "home/.fonts"),
        ("linux", "home/.local/share/fonts"),
        ("linux", "data/fonts"),
    ],
)
def test_a_font_installed_for_one_user_is_found(tmp_path, platform, user_folder) -> None:
    """A fake machine whose only Chinese font is in the user's own font folder."""
    system = resolve_fonts()["fangsong"]
    assert system is not None
    folder = tmp_path / user_folder
    folder.mkdir(parents=True)
    shutil.copyfile(system.path, folder / system.path.name)
    env = {
        "WINDIR": str(tmp_path / "Windows"),
        "LOCALAPPDATA": str(tmp_path / "Local"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    dirs = default_font_dirs(platform, env, tmp_path / "home")
    user_dirs = [d for d in dirs if str(d).startswith(str(tmp_path))]
    found = resolve_fonts(font_dirs=user_dirs)["fangsong"]
    assert found is not None and found.path == folder / system.path.name
    assert found.family == system.family and found.index == system.index


def test_the_font_folder_variable_uses_the_platforms_separator() -> None:
    env = {"BULLETIN_DOCS_FONT_DIRS": os.pathsep.join(["/一 字体", "/二"])}
    assert default_font_dirs("linux", env, Path("/h")) == (Path("/一 字体"), Path("/二"))

"""Font roles into font files: the user's choice, then well-known Windows/macOS/Linux fonts.

TrueType faces are preferred; an OpenType/CFF face (Noto CJK, Source Han, Fandol) is used
for a role only when none of its TrueType candidates is installed (``pdf/cff.py`` converts it).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import FontError
from ..layout import ROLE_NAMES, ROLES
from .sfnt import FaceInfo, read_faces

#: Environment variable: folders to search instead of the system's (os.pathsep-separated).
FONT_DIRS_ENV = "BULLETIN_DOCS_FONT_DIRS"

_FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")


@dataclass(frozen=True)
class Candidate:
    """A well-known font file name and, for collections, the face family to prefer."""

    file: str
    face: str | None = None


# Per role, in the order of layout.md's Fonts table: Windows, macOS, then open fonts;
# OpenType/CFF faces last (used only when no TrueType candidate is installed).
_DROID = (Candidate("DroidSansFallbackFull.ttf"), Candidate("DroidSansFallback.ttf"))
#: Noto CJK and Source Han as Debian, Fedora, Arch and Adobe ship them (collections or SC files).
_SERIF = (
    Candidate("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    Candidate("NotoSerifCJKsc-Regular.otf"),
    Candidate("NotoSerifSC-Regular.otf"),
    Candidate("SourceHanSerif-Regular.ttc", "Source Han Serif SC"),
    Candidate("SourceHanSerifSC-Regular.otf"),
)
_SERIF_BOLD = (
    Candidate("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC"),
    Candidate("NotoSerifCJKsc-Bold.otf"),
    Candidate("NotoSerifSC-Bold.otf"),
    Candidate("SourceHanSerif-Bold.ttc", "Source Han Serif SC"),
    Candidate("SourceHanSerifSC-Bold.otf"),
)
_SANS = (
    Candidate("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    Candidate("NotoSansCJKsc-Regular.otf"),
    Candidate("NotoSansSC-Regular.otf"),
    Candidate("SourceHanSans-Regular.ttc", "Source Han Sans SC"),
    Candidate("SourceHanSansSC-Regular.otf"),
)
CANDIDATES: Mapping[str, tuple[Candidate, ...]] = {
    "fangsong": (
        Candidate("simfang.ttf"),
        Candidate("FangSong_GB2312.ttf"),
        Candidate("仿宋_GB2312.ttf"),
        Candidate("FS_GB2312.ttf"),
        Candidate("STFANGSO.TTF"),
        Candidate("Fangsong.ttf"),
        Candidate("cwTeXFangSong-zhonly.ttf"),
        Candidate("cwfs.ttf"),
        Candidate("uming.ttc", "AR PL UMing CN"),
        *_DROID,
        Candidate("FandolFang-Regular.otf"),
        *_SERIF,
    ),
    "xiaobiaosong": (
        Candidate("FZXBSJW.TTF"),
        Candidate("FZXBSJW--GB1-0.ttf"),
        Candidate("方正小标宋简体.ttf"),
        Candidate("FZXBSK.TTF"),  # 方正小标宋_GBK
        Candidate("Songti.ttc", "Songti SC Black"),
        Candidate("STSONG.TTF"),
        Candidate("gbsn00lp.ttf"),
        Candidate("uming.ttc", "AR PL UMing CN"),
        Candidate("wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
        *_SERIF_BOLD,
        Candidate("FandolSong-Bold.otf"),
    ),
    "heiti": (
        Candidate("simhei.ttf"),
        Candidate("STHeiti Medium.ttc"),
        Candidate("STHeiti Light.ttc"),
        Candidate("STHeiti.ttf"),
        Candidate("Hei.ttf"),
        Candidate("wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
        Candidate("wqy-microhei.ttc", "WenQuanYi Micro Hei"),
        *_DROID,
        *_SANS,
        Candidate("FandolHei-Regular.otf"),
    ),
    "kaiti": (
        Candidate("simkai.ttf"),
        Candidate("KaiTi_GB2312.ttf"),
        Candidate("楷体_GB2312.ttf"),
        Candidate("KT_GB2312.ttf"),
        Candidate("Kaiti.ttc", "Kaiti SC"),
        Candidate("STKAITI.TTF"),
        Candidate("ukai.ttc", "AR PL UKai CN"),
        Candidate("gkai00mp.ttf"),
        Candidate("LXGWWenKai-Regular.ttf"),
        Candidate("LXGWWenKaiGB-Regular.ttf"),
        Candidate("FandolKai-Regular.otf"),
        # no Kai face: a Hei face, as LibreOffice's last stand-in for KaiTi is; a Song face
        # would look like the 仿宋 body, so author lines and 按语 would no longer stand out
        *_SANS,
    ),
    "songti": (
        Candidate("simsun.ttc", "SimSun"),
        Candidate("simsun.ttf"),
        Candidate("Songti.ttc", "Songti SC"),
        Candidate("STSONG.TTF"),
        Candidate("uming.ttc", "AR PL UMing CN"),
        Candidate("FandolSong-Regular.otf"),
        *_SERIF,
    ),
}

#: Extra faces tried for characters a role's face lacks (after the other roles' faces):
#: the faces above, then the ones that cover CJK Extension A and B (生僻字 such as 䶮, 𠮷).
GLYPH_FALLBACKS: tuple[Candidate, ...] = (
    *_DROID,
    Candidate("uming.ttc", "AR PL UMing CN"),
    Candidate("ukai.ttc", "AR PL UKai CN"),
    Candidate("wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
    # Windows: SimSun (Extension A, GB18030), SimSun-ExtB and MingLiU-ExtB (Extension B)
    Candidate("simsun.ttc", "SimSun"),
    Candidate("simsunb.ttf"),
    Candidate("SimSun-ExtB.ttf"),
    Candidate("mingliub.ttc", "MingLiU-ExtB"),
    # macOS: /System/Library/Fonts/PingFang.ttc and …/Supplemental/Songti.ttc (Extension A, B)
    Candidate("PingFang.ttc", "PingFang SC"),
    Candidate("Songti.ttc", "Songti SC"),
    # Linux: Debian's fonts-hanazono (HanaMinA: BMP and Extension A, HanaMinB: plane 2),
    # BabelStone Han (BMP and plane 2)
    Candidate("HanaMinA.ttf"),
    Candidate("HanaMinB.ttf"),
    Candidate("BabelStoneHan.ttf"),
)


@dataclass(frozen=True)
class FontFile:
    """A face to embed: file, face index in a collection, and where it came from."""

    path: Path
    index: int
    family: str
    source: str  # "user", "system"
    cff: bool = False  # OpenType/CFF outlines: converted to TrueType to be embedded


def default_font_dirs(
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> tuple[Path, ...]:
    """The folders fonts are searched in on ``platform`` (default: this system).

    The system's folders and the user's own: Windows 10/11 installs a font "for me only" in
    ``%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts``; macOS in ``~/Library/Fonts``; Linux and the
    BSDs in ``~/.fonts`` or ``$XDG_DATA_HOME/fonts``. ``platform``, ``environ`` and ``home``
    default to ``sys.platform``, ``os.environ`` and the user's home folder; tests pass others
    to see every platform's folders.
    """
    platform = sys.platform if platform is None else platform
    environ = os.environ if environ is None else environ
    env = environ.get(FONT_DIRS_ENV)
    if env is not None:
        return tuple(Path(p) for p in env.split(os.pathsep) if p)
    home = Path.home() if home is None else home
    if platform == "win32":
        windir = Path(environ.get("WINDIR", r"C:\Windows"))
        local = Path(environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return (windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts")
    if platform == "darwin":
        return (
            Path("/System/Library/Fonts"),
            Path("/System/Library/Fonts/Supplemental"),
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
        )
    data_home = Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return tuple(dict.fromkeys((
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        home / ".local" / "share" / "fonts",
        data_home / "fonts",
    )))


#: fc-list started ahead of its use by start_font_listing (at most one), and whether the
#: listing has been read once in this process (later lookups find the index kept).
_listing: list[subprocess.Popen[bytes]] = []
_listed: list[bool] = [False]
_listing_lock = threading.Lock()


def _fc_list() -> subprocess.Popen[bytes] | None:
    """fc-list listing the files of the Chinese fonts fontconfig knows, started (None when
    it is missing or cannot be started)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        return subprocess.Popen(
            [exe, "-f", "%{file}\n", ":lang=zh"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError:
        return None


def start_font_listing() -> None:
    """Start fontconfig's listing now, in the background, for the system font lookup a PDF
    will make: it takes fc-list several milliseconds, which a build spends rendering the
    .docx instead of waiting. Nothing when the folders come from $BULLETIN_DOCS_FONT_DIRS
    (fontconfig is not asked) or the listing has been read in this process."""
    if os.environ.get(FONT_DIRS_ENV) is not None:
        return
    with _listing_lock:
        if _listing or _listed[0]:
            return
        proc = _fc_list()
        if proc is not None:
            _listing.append(proc)


def _fc_list_files() -> tuple[Path, ...]:
    """Font files fontconfig knows (none when fc-list is missing or fails).

    Its output is file names: decoded as the file system does (a Chinese font file name
    under ``LANG=C`` must not stop the lookup).
    """
    with _listing_lock:
        proc = _listing.pop() if _listing else None
        _listed[0] = True
    if proc is None:
        proc = _fc_list()
        if proc is None:
            return ()
    with proc:
        try:
            out, _err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return ()
        except (OSError, subprocess.SubprocessError):
            return ()
    return tuple(Path(os.fsdecode(line)) for line in out.splitlines() if line.strip())


@functools.lru_cache(maxsize=16)
def _index_dirs(dirs: tuple[Path, ...], use_fc: bool) -> Mapping[str, tuple[Path, ...]]:
    """Lower-case file name → font files found under ``dirs`` (and fontconfig's, if asked)."""
    found: dict[str, list[Path]] = {}

    def add(p: Path) -> None:
        if p.suffix.lower() in _FONT_SUFFIXES:
            found.setdefault(p.name.lower(), [])
            if p not in found[p.name.lower()]:
                found[p.name.lower()].append(p)

    for d in dirs:
        if not d.is_dir():
            continue
        for root, _subdirs, files in os.walk(d, followlinks=True):
            for name in sorted(files):
                add(Path(root) / name)
    if use_fc:
        for p in _fc_list_files():
            add(p)
    return {k: tuple(v) for k, v in found.items()}


@functools.lru_cache(maxsize=64)
def _faces(path: Path, mtime_ns: int) -> tuple[FaceInfo, ...]:
    """The faces of ``path``; ``mtime_ns`` only keys the cache (a changed file is read again)."""
    return read_faces(path)


def faces_of(path: Path) -> tuple[FaceInfo, ...]:
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return ()
    return _faces(path, mtime)


def _pick_face(path: Path, prefer: str | None, cff: bool = False) -> FaceInfo | None:
    """The face of ``path`` named ``prefer`` (else its first), TrueType or, if ``cff``, CFF."""
    faces = [f for f in faces_of(path) if f.truetype != cff]
    if not faces:
        return None
    if prefer:
        for f in faces:
            if any(name.lower() == prefer.lower() for name in f.families):
                return f
    return faces[0]


def user_font(role: str, path: str | os.PathLike[str]) -> FontFile:
    """A font file the user named for ``role``; FontError (in Chinese) when it cannot be used."""
    label = ROLE_NAMES.get(role, role)
    if role not in ROLES:
        raise FontError(f"未知的字体角色：{role}（可选：{', '.join(ROLES)}）")
    p = Path(path).expanduser()
    if not p.exists():
        raise FontError(f"找不到{label}字体文件：{p}", file=p)
    if not p.is_file():
        raise FontError(f"{label}字体路径不是文件：{p}", file=p)
    faces = faces_of(p)
    if not faces:
        raise FontError(f"无法识别{label}字体文件（不是 .ttf/.ttc/.otf 字体）：{p}", file=p)
    face = _pick_face(p, None) or _pick_face(p, None, cff=True)
    if face is None:
        raise FontError(f"无法识别{label}字体文件（没有 TrueType 或 CFF 轮廓）：{p}", file=p)
    family = face.families[0] if face.families else p.stem
    return FontFile(p.resolve(), face.index, family, "user", cff=not face.truetype)


def _find(
    candidates: Sequence[Candidate], index: Mapping[str, tuple[Path, ...]]
) -> FontFile | None:
    """The first candidate installed with a TrueType face; else the first with a CFF face."""
    for cff in (False, True):
        for cand in candidates:
            for path in index.get(cand.file.lower(), ()):
                face = _pick_face(path, cand.face, cff)
                if face is not None:
                    family = face.families[0] if face.families else path.stem
                    return FontFile(path, face.index, family, "system", cff=cff)
    return None


def resolve_fonts(
    user: Mapping[str, str | os.PathLike[str]] | None = None,
    font_dirs: Sequence[str | os.PathLike[str]] | None = None,
) -> dict[str, FontFile | None]:
    """Each role → the face the PDF embeds, or None when nothing usable was found.

    ``font_dirs`` replaces the system's font folders (and fontconfig); without it
    the folders come from $BULLETIN_DOCS_FONT_DIRS or the platform's defaults.
    """
    user = dict(user or {})
    for role in user:
        if role not in ROLES:
            raise FontError(f"未知的字体角色：{role}（可选：{', '.join(ROLES)}）")
    index = _system_index(font_dirs)
    out: dict[str, FontFile | None] = {}
    for role in ROLES:
        if role in user:
            out[role] = user_font(role, user[role])
        else:
            out[role] = _find(CANDIDATES[role], index)
    return out


def glyph_fallbacks(
    font_dirs: Sequence[str | os.PathLike[str]] | None = None,
) -> tuple[FontFile, ...]:
    """Extra installed faces tried for characters the chosen faces lack."""
    index = _system_index(font_dirs)
    out: list[FontFile] = []
    for cand in GLYPH_FALLBACKS:
        f = _find((cand,), index)
        if f is not None and f not in out:
            out.append(f)
    return tuple(out)


def _system_index(
    font_dirs: Sequence[str | os.PathLike[str]] | None,
) -> Mapping[str, tuple[Path, ...]]:
    if font_dirs is not None:
        return _index_dirs(tuple(Path(d) for d in font_dirs), False)
    use_fc = os.environ.get(FONT_DIRS_ENV) is None
    return _index_dirs(default_font_dirs(), use_fc)

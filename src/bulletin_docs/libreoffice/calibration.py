"""What LibreOffice 7.4 does unlike Word, measured, as the numbers its conversion and fixes take."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class LibreOfficeCalibration:
    """LibreOffice's measured behaviour: ``LayoutProfile.libreoffice``.

    The conversion (fontconfig aliases), the .docx fixes and the native PDF's line
    breaking (which breaks lines where LibreOffice breaks them) read these values.
    """

    #: Space between a Han character and an adjacent Latin letter or digit, in ems of the size
    #: (LibreOffice always adds it, ignoring w:autoSpaceDE/DN; measured 3.45 pt at 16 pt).
    latin_autospace_em: float = 0.215
    #: Extra width where a Latin run meets punctuation (not Han), in points: LibreOffice ends a
    #: text portion there and draws its last character without the spacing (measured 0.22–0.28).
    latin_portion_end_pt: float = 0.25
    #: Characters of the profile's no_line_start that LibreOffice's own zh-CN list lacks
    #: (measured: it honours every other one); the .docx's w:noLineBreaksBefore it ignores.
    unhonoured_no_line_start: str = "—…"
    #: Largest error (twips) a run's total spacing may keep after the portion-end
    #: compensation (docxfix.compensate_portion_ends); beyond it the run is left as it is.
    portion_end_tolerance_twips: float = 2.0
    #: Installed TrueType CJK families that can stand in for each role (layout.md, Fonts),
    #: best first: fontconfig aliases every .docx font name of the role to them.
    font_stand_ins: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType(
            {
                "fangsong": (
                    "FangSong",
                    "cwTeX Q Fangsong",
                    "AR PL UMing CN",
                    "Droid Sans Fallback",
                    "WenQuanYi Zen Hei",
                ),
                "xiaobiaosong": ("AR PL UMing CN", "AR PL SungtiL GB", "WenQuanYi Zen Hei"),
                "heiti": ("SimHei", "WenQuanYi Zen Hei", "Droid Sans Fallback"),
                "kaiti": (
                    "KaiTi",
                    "AR PL UKai CN",
                    "AR PL KaitiM GB",
                    "LXGW WenKai",
                    "WenQuanYi Zen Hei",
                ),
                "songti": ("SimSun", "AR PL UMing CN", "WenQuanYi Zen Hei"),
            }
        )
    )
    #: Further names offices type for the same roles (Windows English names and variants),
    #: aliased as well as the profile's docx_font_names.
    font_extra_names: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType(
            {
                "fangsong": ("仿宋", "仿宋_GB2312", "FangSong_GB2312", "FangSong"),
                "xiaobiaosong": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S"),
                "heiti": ("黑体", "SimHei"),
                "kaiti": ("楷体", "楷体_GB2312", "KaiTi_GB2312", "KaiTi"),
                "songti": ("宋体", "SimSun", "新宋体"),
            }
        )
    )

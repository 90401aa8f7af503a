"""The layout profile: every number of the page spec (shared/spec/layout.md), named once.

Both renderers (the .docx template generator and the native PDF) and the
inspector read these values; no layout number is written anywhere else.
Lengths are stored in millimetres or points as their names say; the derived
properties convert.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from .chars import NO_LINE_END, NO_LINE_START, em_width
from .libreoffice.calibration import LibreOfficeCalibration

MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
TWIPS_PER_PT = 20
EMU_PER_PT = 12700

Role = Literal["fangsong", "xiaobiaosong", "heiti", "kaiti", "songti"]
ROLES: tuple[Role, ...] = ("fangsong", "xiaobiaosong", "heiti", "kaiti", "songti")

#: Chinese names of the roles, for messages and reports.
ROLE_NAMES: MappingProxyType[str, str] = MappingProxyType(
    {
        "fangsong": "仿宋",
        "xiaobiaosong": "小标宋",
        "heiti": "黑体",
        "kaiti": "楷体",
        "songti": "宋体",
    }
)


def mm_to_pt(mm: float) -> float:
    return mm / MM_PER_INCH * PT_PER_INCH


def pt_to_mm(pt: float) -> float:
    return pt / PT_PER_INCH * MM_PER_INCH


def mm_to_twips(mm: float) -> int:
    return round(mm_to_pt(mm) * TWIPS_PER_PT)


@dataclass(frozen=True)
class TextStyle:
    """A font role, a size in points, bold or not, a colour (RRGGBB), and whether on the grid.

    ``grid``: the text sits on the body's character grid (the .docx's 3号 paragraphs), so
    its lines break as LibreOffice breaks them there (pdf/lines.py).
    """

    role: Role
    size_pt: float
    bold: bool = False
    color: str = "000000"
    grid: bool = False


@dataclass(frozen=True)
class LayoutProfile:
    """All the numbers of one page design. ``DEFAULT`` is GB/T 9704 practice."""

    # --- paper and type area (GB/T 9704-2012 §5) ---------------------------
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_top_mm: float = 37.0
    margin_bottom_mm: float = 35.0
    margin_left_mm: float = 28.0  # 订口
    margin_right_mm: float = 26.0
    lines_per_page: int = 22
    chars_per_line: int = 28
    #: Word's docGrid linePitch and exact line spacing, in twips (225 mm / 22).
    line_pitch_twips: int = 579

    # --- colours -------------------------------------------------------------
    red: str = "FF0000"
    black: str = "000000"
    #: 【请填写……】 placeholders in a draft (``build --draft``), in both renderings.
    placeholder_color: str = "0070C0"

    # --- fonts: names the .docx asks for, per role (first is preferred) ------
    docx_font_names: MappingProxyType[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType(
            {
                "fangsong": ("仿宋_GB2312", "仿宋"),
                "xiaobiaosong": ("方正小标宋简体",),
                "heiti": ("黑体",),
                "kaiti": ("楷体_GB2312", "楷体"),
                "songti": ("宋体",),
            }
        )
    )
    #: Latin font for page-number digits and dashes (半角宋体 in practice).
    latin_font_name: str = "Times New Roman"

    # --- sizes (号) -----------------------------------------------------------
    size_chuhao_pt: float = 42.0  # 初号
    size_erhao_pt: float = 22.0  # 2号
    size_sanhao_pt: float = 16.0  # 3号
    size_sihao_pt: float = 14.0  # 4号

    # --- 报头 (masthead) --------------------------------------------------------
    #: Top of the title's em box below the top of the type area (practice: 20–35 mm).
    title_top_mm: float = 25.0
    #: Smallest title size tried before the title is allowed to shrink no further.
    title_min_size_pt: float = 26.0
    #: Red rule: gap between the issuer/date line's baseline and the rule, and thickness.
    rule_gap_mm: float = 4.0
    rule_thickness_pt: float = 1.5

    # --- 本期要目 ---------------------------------------------------------------
    contents_heading: str = "本期要目"
    #: Indent of an article's contents title under its 【栏目】, in characters.
    contents_entry_indent_chars: int = 2

    # --- body -----------------------------------------------------------------
    first_line_indent_chars: int = 2
    #: Blank lines above a 【栏目】 heading, and above an article title.
    section_space_before_lines: int = 1
    article_space_before_lines: int = 1
    preface_lead: str = "编者按："
    note_lead: str = "按："

    # --- photos ---------------------------------------------------------------
    photos_per_row: int = 2
    #: Gap between the two photos of a row, in characters of the body size.
    photo_gap_chars: int = 1
    #: Tallest a photo may be drawn (portrait photos would otherwise fill a page).
    photo_max_height_mm: float = 70.0
    #: Resolution a photo is resampled to at its printed size (never upsampled).
    photo_print_dpi: int = 300
    #: Resolution assumed for a photo's natural size (never drawn larger than that).
    photo_natural_dpi: int = 96
    #: JPEG quality of resampled photos.
    photo_jpeg_quality: int = 85
    #: Pixel count above which a photo is refused as a decompression bomb.
    photo_max_pixels: int = 60_000_000

    # --- 报尾 (版记), GB/T 9704-2012 §7.4 -----------------------------------------
    footer_rule_outer_mm: float = 0.35
    footer_rule_inner_mm: float = 0.25
    #: Row indent, left and right, in characters of the row size.
    footer_indent_chars: int = 1
    #: Height of one 报尾 row, in lines of the body grid.
    footer_row_lines: int = 1

    # --- page numbers, GB/T 9704-2012 §7.5 --------------------------------------
    page_number_dash: str = "\u2014"
    #: From the bottom edge of the type area down to the top of the number's em box.
    page_number_gap_mm: float = 7.0
    #: Indent from the type area's outer edge, in characters of the number size.
    page_number_indent_chars: int = 1
    #: The spaces of "— 1 —" are the Latin font's (Times New Roman: a quarter em), as in the .docx.
    page_number_space_em: float = 0.25

    #: Share of the em above the baseline: em-box top = baseline - em_ascent * size.
    em_ascent: float = 0.88
    #: Where LibreOffice and Word put the baseline in an exact-height line: this share of the
    #: line height below the line's top (measured); the native PDF does the same.
    exact_line_baseline_share: float = 0.8
    #: Stroke width of fake bold (fill + stroke) where a face has no bold, in ems of the size.
    fake_bold_stroke_em: float = 0.03

    # --- CJK line breaking (kinsoku) -----------------------------------------------
    no_line_start: str = NO_LINE_START
    no_line_end: str = NO_LINE_END
    #: Punctuation that may hang past the right edge instead of moving a character down.
    #: None by default: the .docx turns hanging off (w:overflowPunct, flipped for LibreOffice,
    #: which reads it inverted); LibreOffice's own zh_CN set would be "，。、．：；？！,.:;?!".
    hanging_punctuation: str = ""

    # --- LibreOffice's measured behaviour (its conversion, its .docx fixes, and the native
    # PDF's line breaking, which breaks where LibreOffice does) ----------------------------
    libreoffice: LibreOfficeCalibration = field(default_factory=LibreOfficeCalibration)

    # ======================================================================
    # derived values
    @property
    def page_width_pt(self) -> float:
        return mm_to_pt(self.page_width_mm)

    @property
    def page_height_pt(self) -> float:
        return mm_to_pt(self.page_height_mm)

    @property
    def type_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def type_height_mm(self) -> float:
        return self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm

    @property
    def type_width_pt(self) -> float:
        return mm_to_pt(self.type_width_mm)

    @property
    def type_height_pt(self) -> float:
        return mm_to_pt(self.type_height_mm)

    @property
    def line_pitch_pt(self) -> float:
        """28.95 pt: Word's 579 twips (225 mm / 22, in whole twips), used by both renderers."""
        return self.line_pitch_twips / TWIPS_PER_PT

    @property
    def body_size_pt(self) -> float:
        return self.size_sanhao_pt

    @property
    def char_pitch_pt(self) -> float:
        """156 mm / 28 = 15.79 pt: the advance of one CJK character of the body."""
        return self.type_width_pt / self.chars_per_line

    @property
    def char_spacing_pt(self) -> float:
        """Extra spacing after each 16 pt character so that 28 fill a line (−0.21 pt)."""
        return self.char_pitch_pt - self.body_size_pt

    @property
    def grid_char_spacing_pt(self) -> float:
        """The spacing the native PDF draws with: char_spacing_pt rounded down to whole twips.

        The native PDF draws with it (−0.25 pt), and justification fills the few tenths of
        a point left at a full line's end. It breaks body lines as LibreOffice breaks the
        .docx, at the .docx's own spacing (word_char_spacing_twips, −0.2 pt) with its
        allowance (word_overhang_twips): pdf/lines.py.
        """
        return math.floor(self.char_spacing_pt * TWIPS_PER_PT) / TWIPS_PER_PT

    @property
    def word_char_spacing_twips(self) -> int:
        """The .docx's run spacing: char_spacing_pt rounded toward zero to whole twips (−4)."""
        return math.ceil(self.char_spacing_pt * TWIPS_PER_PT)

    @property
    def word_overhang_twips(self) -> int:
        """Negative right indent of the .docx's 3号 paragraphs (12 twips; docx/ooxml.py says why).

        The overflow of ``chars_per_line`` characters at the .docx's spacing, plus two
        characters' spacing (LibreOffice leaves it off a line's and a text portion's last one).
        """
        size = round(self.body_size_pt * TWIPS_PER_PT)
        spacing = self.word_char_spacing_twips
        overflow = self.chars_per_line * (size + spacing) - mm_to_twips(self.type_width_mm)
        return max(0, overflow - 2 * spacing)

    @property
    def first_line_indent_pt(self) -> float:
        return self.first_line_indent_chars * self.char_pitch_pt

    @property
    def photo_gap_pt(self) -> float:
        return self.photo_gap_chars * self.char_pitch_pt

    @property
    def photo_column_width_pt(self) -> float:
        n = self.photos_per_row
        return (self.type_width_pt - (n - 1) * self.photo_gap_pt) / n

    @property
    def footer_row_height_pt(self) -> float:
        return self.footer_row_lines * self.line_pitch_pt

    # --- text styles per element ------------------------------------------------
    @property
    def marking_style(self) -> TextStyle:
        return TextStyle("heiti", self.size_sanhao_pt, grid=True)

    @property
    def title_style(self) -> TextStyle:
        """The masthead title at its largest size; shrunk to fit one line."""
        return TextStyle("xiaobiaosong", self.size_chuhao_pt, color=self.red)

    @property
    def issue_line_style(self) -> TextStyle:
        return TextStyle("kaiti", self.size_sanhao_pt, grid=True)

    @property
    def issuer_line_style(self) -> TextStyle:
        return TextStyle("fangsong", self.size_sanhao_pt, grid=True)

    @property
    def contents_heading_style(self) -> TextStyle:
        return TextStyle("heiti", self.size_sanhao_pt, grid=True)

    @property
    def contents_section_style(self) -> TextStyle:
        return TextStyle("heiti", self.size_sanhao_pt, grid=True)

    @property
    def contents_entry_style(self) -> TextStyle:
        return TextStyle("kaiti", self.size_sanhao_pt, grid=True)

    @property
    def lead_style(self) -> TextStyle:
        """"编者按：" / "按：" before a preface or note."""
        return TextStyle("heiti", self.size_sanhao_pt, grid=True)

    @property
    def note_style(self) -> TextStyle:
        return TextStyle("kaiti", self.size_sanhao_pt, grid=True)

    @property
    def section_style(self) -> TextStyle:
        return TextStyle("heiti", self.size_sanhao_pt, grid=True)

    @property
    def article_title_style(self) -> TextStyle:
        return TextStyle("xiaobiaosong", self.size_erhao_pt)

    @property
    def byline_style(self) -> TextStyle:
        return TextStyle("kaiti", self.size_sanhao_pt, grid=True)

    @property
    def body_style(self) -> TextStyle:
        return TextStyle("fangsong", self.size_sanhao_pt, grid=True)

    @property
    def caption_style(self) -> TextStyle:
        return TextStyle("kaiti", self.size_sihao_pt)

    @property
    def footer_style(self) -> TextStyle:
        return TextStyle("fangsong", self.size_sihao_pt)

    @property
    def page_number_style(self) -> TextStyle:
        return TextStyle("songti", self.size_sihao_pt)

    def title_size_pt_for(self, title: str) -> float:
        """The masthead title's size: the largest, up to 初号, at which it fits one line.

        Both renderers take the size from here. Width is counted in ems: CJK and
        full-width characters 1, ASCII ½; sizes go in half points.
        """
        full = self.title_style.size_pt
        fit = math.floor(self.type_width_pt / em_width(title) * 2) / 2
        return max(self.title_min_size_pt, min(full, fit))

    def page_number_text(self, n: int) -> str:
        """"— 1 —"."""
        return f"{self.page_number_dash} {n} {self.page_number_dash}"


DEFAULT = LayoutProfile()

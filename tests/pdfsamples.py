"""The layout profile into a synthetic three-page bulletin PDF, right or with one chosen fault.

A test fixture: the inspector must catch every fault and pass the right page. It draws
with reportlab directly and is independent of the project's renderers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bulletin_docs.layout import DEFAULT, LayoutProfile, mm_to_pt

#: TrueType CJK fonts tried for the synthetic page (path, subfont index), per role.
FONT_FILES: dict[str, tuple[tuple[str, int], ...]] = {
    "song": (("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
             ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)),
    "hei": (("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
            ("/usr/share/fonts/truetype/arphic/uming.ttc", 0)),
    "kai": (("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
            ("/usr/share/fonts/truetype/arphic/uming.ttc", 0)),
}

FAULTS = (
    "margin",  # body 3 mm right of the 订口
    "lines21",  # 21 lines on a full page
    "chars27",  # 27 characters a full line
    "no_page_number",  # page 2 without its number
    "even_right",  # page 2's number flush right
    "footer_high",  # 报尾 three lines above the bottom of the type area
    "helvetica",  # the canvas references Helvetica (not embedded)
    "cid_font",  # page numbers in STSong-Light (a CID font, not embedded)
    "title_black",  # masthead title in black
    "pitch",  # line pitch 30 pt
    "no_red_rule",  # no red rule under the masthead
    "baseline_low",  # continuation pages start 2.5 pt lower than the profile's baseline
    "kinsoku",  # a wrapped line starts with a comma
    "overflow",  # a full line of 29 characters runs past the right edge
    "image_out",  # the photo on the last page runs 10 pt past the right edge
    "caption_wide",  # the photo's caption runs out of its column
)

_POOL = (
    "为深入学习贯彻总书记关于做好年轻干部工作的系列重要指示精神扎实推进我区年轻干部优苗精培"
    "工程吴中区委组织部召开第一书记和挂职干部座谈会回顾总结挂职工作并对今年工作进行动员部署"
    "区委常委组织部部长到会并作动员讲话对挂职工作进行了充分肯定并系统回顾了近年来挂职工作在"
    "围绕中心服务大局中取得的工作成效要求挂职的年轻干部全身心地投入到挂职工作中去"
)
#: Paragraph lengths in lines: page 1 ends inside paragraph 3, page 2 inside paragraph 4.
_PARAS = (5, 8, 12, 12, 5)


def fonts_available() -> bool:
    return all(any(Path(p).exists() for p, _ in files) for files in FONT_FILES.values())


def _register() -> dict[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names: dict[str, str] = {}
    for role, files in FONT_FILES.items():
        for path, index in files:
            if Path(path).exists():
                name = f"Sample-{role}"
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
                names[role] = name
                break
        else:
            raise FileNotFoundError(f"没有可用的 TrueType 中文字体（{role}）")
    return names


@dataclass
class _Geometry:
    p: LayoutProfile
    fault: str | None

    @property
    def h(self) -> float:
        return self.p.page_height_pt

    @property
    def left(self) -> float:
        return mm_to_pt(self.p.margin_left_mm + (3.0 if self.fault == "margin" else 0.0))

    @property
    def right(self) -> float:
        return mm_to_pt(self.p.page_width_mm - self.p.margin_right_mm)

    @property
    def top(self) -> float:
        return mm_to_pt(self.p.margin_top_mm)

    @property
    def bottom(self) -> float:
        return mm_to_pt(self.p.page_height_mm - self.p.margin_bottom_mm)

    @property
    def pitch(self) -> float:
        return 30.0 if self.fault == "pitch" else self.p.line_pitch_pt

    def slot(self, k: int) -> float:
        """Baseline of grid line k (0-based), from the page top, where the profile puts it."""
        return self.top + (k + self.p.exact_line_baseline_share) * self.pitch


def _lines(p: LayoutProfile, fault: str | None) -> list[tuple[str, bool, bool]]:
    """(text, indented, last of paragraph) for every body line."""
    per = p.chars_per_line - (1 if fault == "chars27" else 0)
    out: list[tuple[str, bool, bool]] = []
    pos = 0

    def take(n: int) -> str:
        nonlocal pos
        s = "".join(_POOL[(pos + i) % len(_POOL)] for i in range(n))
        pos += n
        return s

    for n_lines in _PARAS:
        for i in range(n_lines):
            first, last = i == 0, i == n_lines - 1
            n = 9 if last else per - (p.first_line_indent_chars if first else 0)
            out.append((take(n) + ("。" if last else ""), first, last))
    if fault != "chars27":  # 禁则: a character carried down with the comma after it
        (a, ia, la), (b, ib, lb) = out[6], out[7]
        out[6], out[7] = (a[:-1], ia, la), (a[-1] + "，" + b[:-2], ib, lb)
    hanging = p.hanging_punctuation
    if hanging and fault is None:  # a comma hanging past the edge, as the profile allows
        a, ia, la = out[16]
        out[16] = (a + hanging[0], ia, la)
        b, ib, lb = out[17]
        out[17] = (b[1:] + _POOL[0], ib, lb)
    if fault == "overflow":
        a, ia, la = out[16]
        out[16] = (a + _POOL[3], ia, la)
    if fault == "kinsoku":
        a, ia, la = out[8]
        out[8] = ("，" + a[1:], ia, la)
    return out


def draw_sample(out: Path, fault: str | None = None, profile: LayoutProfile = DEFAULT) -> Path:
    """Draw the synthetic bulletin (right, or with ``fault`` from FAULTS) to ``out``."""
    from reportlab.pdfgen import canvas

    if fault is not None and fault not in FAULTS:
        raise ValueError(f"未知的错误类型：{fault}")
    p = profile
    g = _Geometry(p, fault)
    f = _register()
    kw = {} if fault == "helvetica" else {"initialFontName": f["song"]}
    c = canvas.Canvas(str(out), pagesize=(p.page_width_pt, p.page_height_pt), **kw)
    H = g.h

    def text(x: float, y: float, s: str, font: str, size: float, space: float = 0.0,
             color: str = "000000") -> None:
        t = c.beginText(x, H - y)
        t.setFont(font, size)
        t.setCharSpace(space)
        t.setFillColor("#" + color)
        t.textOut(s)
        c.drawText(t)

    def width(s: str, font: str, size: float) -> float:
        return c.stringWidth(s, font, size)

    lines = _lines(p, fault)
    body = p.body_size_pt
    per_page = [14, 21 if fault == "lines21" else p.lines_per_page, 99]
    first_slot = [8, 0, 0]
    number_font = f["song"]
    if fault == "cid_font":
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        number_font = "STSong-Light"
    idx = 0
    for page in range(3):
        if page == 0:
            _masthead(c, g, f, text, width)
        for k in range(per_page[page]):
            if idx >= len(lines):
                break
            s, indented, last = lines[idx]
            x = g.left + (p.first_line_indent_pt if indented else 0.0)
            space = p.char_spacing_pt
            runs_over = fault == "overflow" and len(s) > p.chars_per_line
            if not last and fault != "chars27" and not runs_over:  # justified to the edge
                n = len(s) - (1 if len(s) > p.chars_per_line and not indented else 0)
                space = (g.left + p.type_width_pt - x - n * body) / (n - 1)
            low = 2.5 if fault == "baseline_low" and page > 0 else 0.0
            text(x, g.slot(first_slot[page] + k) + low, s, f["song"], body, space)
            idx += 1
        if page == 2:
            _photo(c, g, f, text, width)
            _footer(c, g, f, text)
        n = page + 1
        label = p.page_number_text(n)
        size = p.page_number_style.size_pt
        if not (fault == "no_page_number" and n == 2):
            y = g.bottom + mm_to_pt(p.page_number_gap_mm) + p.em_ascent * size
            right = n % 2 == 1 or (fault == "even_right" and n == 2)
            indent = p.page_number_indent_chars * size
            base = mm_to_pt(p.margin_left_mm)
            x = g.right - indent - width(label, number_font, size) if right else base + indent
            text(x, y, label, number_font, size)
        c.showPage()
    c.save()
    return out


def _masthead(c, g: _Geometry, f: dict[str, str], text, width) -> None:
    p = g.p
    base = mm_to_pt(p.margin_left_mm)
    centre = (base + g.right) / 2
    size = p.size_chuhao_pt
    title = "挂职简报"
    y = g.top + mm_to_pt(p.title_top_mm) + p.em_ascent * size
    colour = "000000" if g.fault == "title_black" else p.red
    text(centre - width(title, f["song"], size) / 2, y, title, f["song"], size, color=colour)
    issue = "（2020年第1期）"
    body = p.body_size_pt
    text(centre - width(issue, f["kai"], body) / 2, g.slot(4), issue, f["kai"], body)
    y_issuer = g.slot(6)
    text(base, y_issuer, "吴中区年轻干部双向挂职工作小组", f["song"], body)
    date = "2020年4月"
    text(g.right - width(date, f["song"], body), y_issuer, date, f["song"], body)
    if g.fault != "no_red_rule":
        c.setStrokeColor("#" + p.red)
        c.setLineWidth(p.rule_thickness_pt)
        y = g.h - (y_issuer + mm_to_pt(p.rule_gap_mm))
        c.line(base, y, g.right, y)


def _photo(c, g: _Geometry, f: dict[str, str], text, width) -> None:
    """A grey photo one column wide under the last page's text (or past the edge: image_out)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    p = g.p
    w = p.photo_column_width_pt
    h = w * 0.75
    x = g.right - w + (10.0 if g.fault == "image_out" else 0.0)
    y_top = g.slot(9)
    c.drawImage(ImageReader(Image.new("RGB", (40, 30), (128, 128, 128))), x, g.h - y_top - h, w, h)
    size = p.caption_style.size_pt
    caption = "物流园吴志浩推进项目复工复产"
    if g.fault == "caption_wide":
        caption += "和村庄环境整治"
    cx = g.right - w / 2 - width(caption, f["kai"], size) / 2
    text(cx, y_top + h + p.line_pitch_pt * 0.8, caption, f["kai"], size)


def _footer(c, g: _Geometry, f: dict[str, str], text) -> None:
    p = g.p
    base = mm_to_pt(p.margin_left_mm)
    rows = ("报：张瑛部长，区委组织部。", "发：挂职干部派驻单位，全体挂职干部。")
    row_h = p.footer_row_height_pt
    bottom = g.bottom - (3 * p.line_pitch_pt if g.fault == "footer_high" else 0.0)
    size = p.footer_style.size_pt
    ys = [bottom - (len(rows) - i) * row_h for i in range(len(rows) + 1)]
    c.setStrokeColor("#" + p.black)
    for i, y in enumerate(ys):
        outer = i in (0, len(ys) - 1)
        c.setLineWidth(mm_to_pt(p.footer_rule_outer_mm if outer else p.footer_rule_inner_mm))
        c.line(base, g.h - y, g.right, g.h - y)
    for i, row in enumerate(rows):
        y = ys[i] + (row_h - size) / 2 + p.em_ascent * size
        text(base + p.footer_indent_chars * size, y, row, f["song"], size)

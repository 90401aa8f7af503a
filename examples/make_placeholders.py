"""Photo descriptions into the example's placeholder JPEGs (deterministic, English text only).

Run from anywhere: ``python examples/make_placeholders.py``. The pictures are
drawn with Pillow's built-in font (no CJK font needed), so the same Pillow
version always writes the same bytes. They only stand in for the real photos
of 挂职简报 2020年第1期, which are not part of this repository.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
PHOTOS = HERE / "guazhi-2020-01" / "photos"
SIZE = (1600, 1200)

#: file name, background colour, English label standing in for the Chinese caption.
PLACEHOLDERS: tuple[tuple[str, tuple[int, int, int], str], ...] = (
    ("1-wuzhihao.jpg", (118, 146, 168), "Logistics park: Wu Zhihao restarts projects"),
    ("2-nilijia.jpg", (132, 160, 128), "Finance bureau: Ni Lijia visits enterprises"),
    ("3-zhaojian.jpg", (170, 150, 120), "Taihu village: Zhao Jian improves the village"),
    ("4-chengliang.jpg", (150, 130, 160), "Dongcai village: Cheng Liang and the tea harvest"),
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _centered(draw: ImageDraw.ImageDraw, y: int, text: str, size: int, fill: str) -> None:
    font = _font(size)
    left, _top, right, _bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((SIZE[0] - (right - left)) // 2, y), text, font=font, fill=fill)


def make(index: int, name: str, colour: tuple[int, int, int], label: str) -> Image.Image:
    """One placeholder picture: a calm colour, a frame, PLACEHOLDER and the label."""
    im = Image.new("RGB", SIZE, colour)
    draw = ImageDraw.Draw(im)
    w, h = SIZE
    draw.rectangle((40, 40, w - 41, h - 41), outline="white", width=8)
    draw.line((40, 40, w - 41, h - 41), fill=(255, 255, 255), width=3)
    draw.line((40, h - 41, w - 41, 40), fill=(255, 255, 255), width=3)
    draw.rectangle((160, 330, w - 161, 870), fill=colour)
    _centered(draw, 360, "PLACEHOLDER", 190, "white")
    _centered(draw, 600, f"Example photo {index} of {len(PLACEHOLDERS)}", 64, "white")
    _centered(draw, 700, label, 54, "white")
    _centered(draw, 790, "sample placeholder image - not a real photo", 44, "white")
    return im


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成示例简报的占位照片（JPEG）")
    parser.add_argument("--out", type=Path, default=PHOTOS, help="输出文件夹")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for i, (name, colour, label) in enumerate(PLACEHOLDERS, start=1):
        path = args.out / name
        make(i, name, colour, label).save(path, "JPEG", quality=80, optimize=True)
        print(f"已写入 {path}（{path.stat().st_size // 1024} KB）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Photos in the .docx: two a row with captions, upright, never upscaled, resampled small."""

from __future__ import annotations

import dataclasses
import io
import os
import zipfile

from bulletin_docs.layout import DEFAULT, EMU_PER_PT
from bulletin_docs.model import Photo, Section
from test_docx_support import NS, build, part, qn, texts_of


def _extents(docx):
    root = part(docx, "word/document.xml")
    return [
        (int(e.get("cx")) / EMU_PER_PT, int(e.get("cy")) / EMU_PER_PT)
        for e in root.iter(qn("wp:extent"))
    ]


def _photo_bulletin(b, photos):
    sec = Section("挂职干部风采", photos=tuple(Photo(p, f"图{i}") for i, p in enumerate(photos)))
    return dataclasses.replace(b, sections=(sec,))


def test_two_photos_a_row_with_captions(sample_bulletin, tmp_path):
    docx = build(sample_bulletin, tmp_path)
    root = part(docx, "word/document.xml")
    tables = root.findall(".//w:tbl", NS)
    photo_table = tables[0]
    rows = photo_table.findall("w:tr", NS)
    assert len(rows) == 1
    cells = rows[0].findall("w:tc", NS)
    n = DEFAULT.photos_per_row
    assert len(cells) == 2 * n - 1  # photo, gap, photo
    for cell in cells[::2]:
        assert len(list(cell.iter(qn("w:drawing")))) == 1
    for cell in cells[1::2]:
        assert not list(cell.iter(qn("w:drawing")))
        assert "".join(t.text or "" for t in cell.iter(qn("w:t"))) == ""
    assert texts_of(docx, "简报图注") == [
        "物流园吴志浩推进项目复工复产",
        "区金融监管局倪力佳深入企业座谈调研",
    ]
    # borderless
    for b in photo_table.find("w:tblPr/w:tblBorders", NS):
        assert b.get(qn("w:val")) == "nil"
    with zipfile.ZipFile(docx) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
    assert len(media) == 2


def _twips(el, tag):
    return int(el.get(qn(tag)))


def test_photo_table_columns_are_the_profile_columns(sample_bulletin, tmp_path):
    """Photo column, gap, photo column: exactly the type width, no indent, no cell padding."""
    docx = build(sample_bulletin, tmp_path)
    table = part(docx, "word/document.xml").findall(".//w:tbl", NS)[0]
    cols = [_twips(g, "w:w") for g in table.findall("w:tblGrid/w:gridCol", NS)]
    twips = DEFAULT.type_width_pt * 20
    assert abs(sum(cols) - twips) <= 1
    assert abs(cols[0] - DEFAULT.photo_column_width_pt * 20) <= 1
    assert abs(cols[1] - DEFAULT.photo_gap_pt * 20) <= 1
    assert cols[0] == cols[2]
    tblpr = table.find("w:tblPr", NS)
    assert _twips(tblpr.find("w:tblInd", NS), "w:w") == 0
    for side in tblpr.find("w:tblCellMar", NS):
        assert _twips(side, "w:w") == 0


def test_inline_pictures_have_no_distance_from_text(sample_bulletin, tmp_path):
    """LibreOffice would otherwise put 9 pt left of a picture (past the type area)."""
    docx = build(sample_bulletin, tmp_path)
    inlines = list(part(docx, "word/document.xml").iter(qn("wp:inline")))
    assert inlines
    for el in inlines:
        assert [el.get(a) for a in ("distT", "distB", "distL", "distR")] == ["0"] * 4


def test_odd_number_of_photos_pads_the_last_row(sample_bulletin, tmp_path, make_photo):
    photos = [make_photo(f"p{i}.jpg", 800, 600) for i in range(3)]
    docx = build(_photo_bulletin(sample_bulletin, photos), tmp_path)
    root = part(docx, "word/document.xml")
    rows = root.findall(".//w:tbl", NS)[0].findall("w:tr", NS)
    assert len(rows) == 2
    assert len(list(rows[1].iter(qn("w:drawing")))) == 1
    assert texts_of(docx, "简报图注") == ["图0", "图1", "图2", ""]


def test_sizes_fit_the_column_and_are_never_upscaled(sample_bulletin, tmp_path, make_photo):
    big = make_photo("big.jpg", 3000, 2000)
    small = make_photo("small.jpg", 120, 90)
    docx = build(_photo_bulletin(sample_bulletin, [big, small]), tmp_path)
    (bw, bh), (sw, sh) = _extents(docx)
    assert abs(bw - DEFAULT.photo_column_width_pt) < 0.5
    assert abs(bh / bw - 2000 / 3000) < 0.01
    # 120 px at the natural 96 dpi = 90 pt: drawn at its natural size, not stretched
    assert abs(sw - 120 / DEFAULT.photo_natural_dpi * 72) < 0.5
    assert abs(sh - 90 / DEFAULT.photo_natural_dpi * 72) < 0.5


def test_exif_rotated_photo_comes_out_portrait(sample_bulletin, tmp_path, make_photo):
    from PIL import Image

    rotated = make_photo(
        "rot.jpg", 1200, 900, exif_orientation=6
    )  # stored landscape, shown portrait
    docx = build(_photo_bulletin(sample_bulletin, [rotated]), tmp_path)
    [(w, h)] = _extents(docx)
    assert h > w
    assert h <= DEFAULT.photo_max_height_mm / 25.4 * 72 + 0.5
    with zipfile.ZipFile(docx) as zf:
        [name] = [n for n in zf.namelist() if n.startswith("word/media/")]
        im = Image.open(io.BytesIO(zf.read(name)))
        assert im.height > im.width


def test_large_phone_photos_do_not_make_a_large_docx(sample_bulletin, tmp_path):
    from PIL import Image

    paths = []
    total = 0
    for i in range(3):
        p = tmp_path / f"phone{i}.jpg"
        noise = Image.frombytes("RGB", (2400, 3200), os.urandom(2400 * 3200 * 3))
        noise.save(p, "JPEG", quality=92)
        total += p.stat().st_size
        paths.append(p)
    assert total > 9_000_000
    docx = build(_photo_bulletin(sample_bulletin, paths), tmp_path)
    size = docx.stat().st_size
    assert size < 3_000_000
    assert size < total / 4
    with zipfile.ZipFile(docx) as zf:
        for n in zf.namelist():
            if n.startswith("word/media/"):
                im = Image.open(io.BytesIO(zf.read(n)))
                # ≤ 300 dpi at the drawn width
                assert im.width <= DEFAULT.photo_column_width_pt / 72 * DEFAULT.photo_print_dpi + 1

"""The 合订本: 12 generated monthly issues and the seed example bound into one PDF (and .docx),
read back: pages, page numbers, 目录 numbers against where the titles are, outline, index."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

import bulletin_docs
from bulletin_docs.cli import main
from bulletin_docs.errors import BulletinErrors
from bulletin_docs.volume import build_volume
from bulletin_docs.volume.collect import find_issue_files, load_issues
from bulletin_docs.volume.ledger import number_text, read_ledger
from conftest import EXAMPLE, MINIMAL_YAML, needs_cjk_font
from issuegen import make_year

pymupdf = pytest.importorskip("pymupdf", reason="PyMuPDF (the test extra) reads the volume back")

pytestmark = needs_cjk_font

#: The article titles' size (2号) and the masthead's red, as the PDF reports them.
TITLE_SIZE = 22.0
RED = 0xFF0000
NUMBER = re.compile(r"^— (\d+) —$")


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def volume(tmp_path_factory: pytest.TempPathFactory):
    """The volume of a year of monthly issues (2021) and the seed example (2020), PDF and .docx."""
    root = tmp_path_factory.mktemp("volume")
    make_year(root / "2021", n_articles=4, photo_size=(480, 360))
    out = root / "合订本.pdf"
    docx = root / "合订本.docx"
    result = build_volume([root / "2021", EXAMPLE], out, docx=docx)
    doc = pymupdf.open(out)
    yield result, doc, docx
    doc.close()


def page_lines(page) -> list[tuple[float, float, str, float, int]]:
    """(baseline y, x, text, size, colour) of every span on ``page``, top to bottom."""
    out = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                if span["text"].strip():
                    x, y = span["origin"]
                    out.append((round(y, 1), x, span["text"], span["size"], span["color"]))
    return sorted(out)


def test_order_and_ledger(volume) -> None:
    result, _, _ = volume
    issues = [p.issue for p in result.plan.placed]
    assert [number_text(i) for i in issues] == ["2020年第1期"] + [
        f"2021年第{n}期" for n in range(1, 13)
    ]
    assert result.ledger.problems == ()


def test_page_count_is_cover_contents_issues_blanks_index(volume) -> None:
    result, doc, _ = volume
    plan = result.plan
    standalone = []
    for item in plan.placed:
        data = bulletin_docs.api.to_pdf_bytes(item.issue.bulletin)
        with pymupdf.open(stream=data, filetype="pdf") as one:
            standalone.append(one.page_count)
    assert [p.plan.pages for p in plan.placed] == standalone
    blank = [i for i in range(1, doc.page_count + 1) if not doc[i - 1].get_text().strip()]
    starts = [p.start for p in plan.placed] + [plan.index_first]
    # a blank page is the cover's back or the left-hand page before an issue or the index
    assert blank[0] == 2
    assert all(n % 2 == 0 and n + 1 in starts for n in blank[1:])
    index_pages = doc.page_count - plan.index_first + 1
    assert index_pages >= 1
    expected = 1 + plan.contents_pages + sum(standalone) + len(blank) + index_pages
    assert doc.page_count == plan.pages == expected
    assert all(s % 2 == 1 for s in starts)
    assert plan.placed[0].start == 3 + plan.contents_pages + (plan.contents_pages % 2)


def test_page_numbers_run_through_odd_right_even_left(volume) -> None:
    _, doc, _ = volume
    width = doc[0].rect.width
    numbered = 0
    for i, page in enumerate(doc, start=1):
        numbers = [(x, int(m.group(1))) for _, x, text, _, _ in page_lines(page)
                   if (m := NUMBER.match(text.strip()))]
        text = page.get_text().strip()
        if i == 1 or not text:  # the cover and blank pages carry none
            assert numbers == []
            continue
        assert [n for _, n in numbers] == [i], f"page {i}"
        x = numbers[0][0]
        assert (x > width / 2) if i % 2 else (x < width / 2), f"page {i}"
        numbered += 1
    assert numbered > 100


def _title_pages(doc, result) -> list[int]:
    """Where each article title is found in the PDF: the issues' pages read in order, the
    runs at the titles' size (not red) taken as many characters as each title has."""
    runs = []
    for item in result.plan.placed:
        for n in range(item.start, item.start + item.plan.pages):
            for _, _, text, size, colour in page_lines(doc[n - 1]):
                if abs(size - TITLE_SIZE) < 0.1 and colour != RED:
                    runs.append((n, squeeze(text)))
    pages = []
    pos = 0
    for item in result.plan.placed:
        for section in item.issue.bulletin.sections:
            for article in section.articles:
                want = squeeze(article.title)
                pages.append(runs[pos][0])
                got = ""
                while len(got) < len(want):
                    got += runs[pos][1]
                    pos += 1
                assert got == want
    assert pos == len(runs)
    return pages


def _contents_lines(doc, result) -> list[tuple[str, int]]:
    """The 目录 read back: each entry's text (over its lines) and the number at its right."""
    width = doc[0].rect.width
    out = []
    text = ""
    for n in range(3, 3 + result.plan.contents_pages):
        rows: dict[float, list[tuple[float, str]]] = {}
        for y, x, span, _, _ in page_lines(doc[n - 1]):
            if NUMBER.match(span.strip()) or span.strip() == "目　录":
                continue
            rows.setdefault(y, []).append((x, span))
        for y in sorted(rows):
            spans = sorted(rows[y])
            last_x, last = spans[-1]
            if last.strip().isdigit() and last_x > width * 0.7:
                text += "".join(s for _, s in spans[:-1])
                out.append((squeeze(text), int(last)))
                text = ""
            elif spans[0][1].strip().startswith("【") and not text:
                continue  # a section's line: no number
            else:
                text += "".join(s for _, s in spans)
    assert text == ""
    return out


def test_contents_numbers_are_where_the_titles_are(volume) -> None:
    result, doc, _ = volume
    found = iter(_title_pages(doc, result))
    expected = []
    for item in result.plan.placed:
        b = item.issue.bulletin
        head = squeeze(f"{number_text(item.issue)}{b.masthead.date.text}")
        # the issue's line points at the page that prints its 期号 under its masthead
        assert squeeze(b.masthead.issue.text) in squeeze(doc[item.start - 1].get_text())
        expected.append((head, item.start))
        for section in b.sections:
            for article in section.articles:
                expected.append((squeeze(article.title + (article.byline or "")), next(found)))
    assert _contents_lines(doc, result) == expected


def test_outline_has_every_issue_section_and_article(volume) -> None:
    result, doc, _ = volume
    toc = doc.get_toc()
    pages = iter(_title_pages(doc, result))
    expected = [[1, "目录", 3]]
    for item in result.plan.placed:
        b = item.issue.bulletin
        expected.append([1, number_text(item.issue), item.start])
        for i, section in enumerate(b.sections):
            found = [next(pages) for _ in section.articles]
            # a section of photos only: where its heading is (the plan's mark)
            first = found[0] if found else item.start + item.plan.sections[i].page - 1
            expected.append([2, section.label, first])
            expected += [[3, a.title, p] for a, p in zip(section.articles, found, strict=True)]
    expected.append([1, "投稿单位索引", result.plan.index_first])
    assert toc == expected


def test_index_counts_each_units_articles(volume) -> None:
    result, doc, _ = volume
    counts: dict[str, int] = {}
    for item in result.plan.placed:
        for section in item.issue.bulletin.sections:
            for article in section.articles:
                who = article.unit or "、".join(article.authors)
                counts[who] = counts.get(who, 0) + 1
    text = squeeze("".join(doc[n - 1].get_text() for n in range(result.plan.index_first,
                                                                 doc.page_count + 1)))
    assert text.startswith("投稿单位索引")
    for unit, n in counts.items():
        assert squeeze(f"{unit}（{n}篇）") in text
    assert sum(counts.values()) == sum(
        len(s.articles) for p in result.plan.placed for s in p.issue.bulletin.sections
    )


def test_each_issue_passes_inspect_inside_the_volume(volume, tmp_path: Path) -> None:
    """Every check applies but the page numbers' values, which are the volume's."""
    result, doc, _ = volume
    for item in result.plan.placed:
        part = pymupdf.open()
        part.insert_pdf(doc, from_page=item.start - 1, to_page=item.start + item.plan.pages - 2)
        path = tmp_path / f"{item.start}.pdf"
        part.save(path)
        part.close()
        report = bulletin_docs.inspect(path)
        failed = [c.id for c in report.failures]
        assert failed == ["page_number_text"], (item.issue.path, report.to_text())


def test_cover(volume) -> None:
    _, doc, _ = volume
    lines = page_lines(doc[0])
    assert squeeze("".join(t for _, _, t, _, _ in lines)) == squeeze(
        "挂职简报2020—2021年合订本2020年第1期至2021年第12期吴中区年轻干部双向挂职工作小组"
    )
    assert lines[0][2] == "挂职简报" and lines[0][4] == RED
    assert doc.metadata["title"] == "挂职简报2020—2021年合订本"


def test_docx_volume(volume) -> None:
    from docx import Document
    from docx.enum.section import WD_SECTION

    result, _, path = volume
    word = Document(path)
    sections = word.sections
    assert len(sections) == 3 + len(result.plan.placed)  # cover, 目录, issues, index
    assert [s.start_type for s in sections[1:]] == [WD_SECTION.ODD_PAGE] * (len(sections) - 1)
    texts = [p.text for p in word.paragraphs]
    assert texts[:4] == [
        "挂职简报",
        "2020—2021年合订本",
        "2020年第1期至2021年第12期",
        "吴中区年轻干部双向挂职工作小组",
    ]
    # the 目录 as static text with the PDF's page numbers; every issue's masthead follows
    for item in result.plan.placed:
        for i, section in enumerate(item.issue.bulletin.sections):
            for j, article in enumerate(section.articles):
                line = f"{article.title}　{article.byline}" if article.byline else article.title
                assert f"{line}\t{item.page_of(i, j)}" in texts
    assert texts.count("挂职简报") == 1 + len(result.plan.placed)
    photos = sum(len(p.issue.bulletin.photos()) for p in result.plan.placed)
    assert len(word.inline_shapes) == photos
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
        ids = re.findall(r'<wp:docPr id="(\d+)"', xml)
        assert len(ids) == len(set(ids)) == photos
        rels = z.read("word/_rels/document.xml.rels").decode()
        for rid in set(re.findall(r'r:embed="(rId\d+)"', xml)):
            target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels)
            assert target is not None and f"word/{target.group(1)}" in z.namelist()


def test_an_issue_with_errors_stops_the_volume(tmp_path: Path) -> None:
    good = tmp_path / "a" / "issue.yaml"
    good.parent.mkdir()
    good.write_text(MINIMAL_YAML, encoding="utf-8")
    bad = tmp_path / "b" / "issue.yaml"
    bad.parent.mkdir()
    bad.write_text(MINIMAL_YAML.replace("number: 1", "number: 一"), encoding="utf-8")
    empty = tmp_path / "c" / "issue.yaml"
    empty.parent.mkdir()
    empty.write_text(MINIMAL_YAML.replace("number: 1", "number: 3").replace(
        "    articles:\n", "    articles_x:\n", 1), encoding="utf-8")
    out = tmp_path / "v.pdf"
    out.write_bytes(b"%PDF-1.4 old\n")
    with pytest.raises(BulletinErrors) as info:
        build_volume([tmp_path], out)
    files = {e.file for e in info.value.errors}
    assert files == {str(bad), str(empty)}
    assert out.read_bytes() == b"%PDF-1.4 old\n"  # nothing half-written
    status = main(["volume", str(tmp_path), "-o", str(out)])
    assert status == 1
    assert out.read_bytes() == b"%PDF-1.4 old\n"


def test_cli_volume_progress_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for n in (1, 2, 4):
        path = tmp_path / f"{n:02d}" / "issue.yaml"
        path.parent.mkdir()
        path.write_text(MINIMAL_YAML.replace("number: 1", f"number: {n}"), encoding="utf-8")
    out = tmp_path / "v.pdf"
    assert main(["volume", str(tmp_path), "-o", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "期号不连续" in err and not out.exists()
    assert main(["volume", str(tmp_path), "-o", str(out), "--title", "挂职快报"]) == 0
    captured = capsys.readouterr()
    assert "排版 3/3" in captured.err and "提示：期号检查：期号不连续" in captured.err
    assert str(out) in captured.out
    with pymupdf.open(out) as doc:
        assert doc[0].get_text().split("\n")[0] == "挂职快报"
        assert [e[1] for e in doc.get_toc() if e[0] == 1] == [
            "目录", "2020年第1期", "2020年第2期", "2020年第4期", "投稿单位索引"
        ]


def test_outputs_are_checked_before_work(tmp_path: Path) -> None:
    issue = tmp_path / "issue.yaml"
    issue.write_text(MINIMAL_YAML, encoding="utf-8")
    notes = tmp_path / "notes.pdf"
    notes.write_text("not a pdf", encoding="utf-8")
    with pytest.raises(bulletin_docs.BulletinError, match="不是"):
        build_volume([issue], notes)
    with pytest.raises(bulletin_docs.BulletinError, match="简报文件"):
        build_volume([issue], tmp_path / "x.pdf", docx=tmp_path / "issue.yaml")
    assert notes.read_text(encoding="utf-8") == "not a pdf"


def test_finding_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "issue.yaml").write_text(MINIMAL_YAML, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.yaml").write_text("x: 1", encoding="utf-8")
    assert find_issue_files([tmp_path, tmp_path / "a" / "issue.yaml"]) == [
        tmp_path / "a" / "issue.yaml"
    ]
    (tmp_path / "photos").mkdir()
    with pytest.raises(bulletin_docs.BulletinError, match="没有简报文件"):
        find_issue_files([tmp_path / "photos"])
    with pytest.raises(bulletin_docs.BulletinError, match="找不到"):
        find_issue_files([tmp_path / "nothing"])
    ledger = read_ledger(load_issues(find_issue_files([tmp_path])))
    assert len(ledger.issues) == 1


def test_volume_pdf_reads_as_pdf(volume) -> None:
    """The outline opens on the first level; the file is one PDF, not several pasted."""
    result, doc, _ = volume
    assert doc.page_count == result.plan.pages
    assert result.outputs[0].read_bytes()[:5] == b"%PDF-"
    with zipfile.ZipFile(io.BytesIO(result.outputs[1].read_bytes())) as z:
        assert "word/document.xml" in z.namelist()

"""Generated issues (tests/issuegen.py) into checks: valid v1 YAML, deterministic, loadable."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from issuegen import make_issue


def _articles(data: dict) -> int:
    return sum(len(s.get("articles") or ()) for s in data["sections"])


@pytest.mark.parametrize("n", [0, 1, 7, 40])
def test_yaml_has_requested_articles(tmp_path: Path, n: int) -> None:
    path = make_issue(tmp_path / "issue", n, photos=n > 0, photo_size=(320, 240))
    assert path == tmp_path / "issue" / "issue.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert _articles(data) == n
    assert data["masthead"]["title"] == "挂职简报"
    assert data["distribution"] and data["sections"]


def test_articles_look_like_a_bulletin(tmp_path: Path) -> None:
    data = yaml.safe_load(make_issue(tmp_path, 40, photo_size=(320, 240)).read_text("utf-8"))
    articles = [a for s in data["sections"] for a in s.get("articles") or ()]
    text_sections = [s for s in data["sections"] if s.get("articles")]
    assert all(len(s["articles"]) <= 5 for s in text_sections)
    bold = 0
    for a in articles:
        paras = a["body"].strip().split("\n\n")
        assert 3 <= len(paras) <= 6
        for p in paras:
            assert 100 <= len(p.replace("**", "")) <= 400, p
        bold += a["body"].count("**") // 2
    assert bold > 0
    photo_sections = [s for s in data["sections"] if s.get("photos")]
    assert photo_sections
    for s in photo_sections:
        assert 2 <= len(s["photos"]) <= 4
        for ph in s["photos"]:
            assert (tmp_path / ph["file"]).is_file() and ph["caption"]


def test_deterministic_for_a_seed(tmp_path: Path) -> None:
    a = make_issue(tmp_path / "a", 12, seed=3, photo_size=(320, 240))
    b = make_issue(tmp_path / "b", 12, seed=3, photo_size=(320, 240))
    c = make_issue(tmp_path / "c", 12, seed=4, photo_size=(320, 240))
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    for p in sorted((tmp_path / "a" / "photos").iterdir()):
        assert p.read_bytes() == (tmp_path / "b" / "photos" / p.name).read_bytes()


def test_photos_are_distinct_jpegs(tmp_path: Path) -> None:
    from PIL import Image

    make_issue(tmp_path, 40, photo_size=(640, 480))
    files = sorted((tmp_path / "photos").glob("*.jpg"))
    assert len(files) >= 4
    assert len({f.read_bytes() for f in files}) == len(files)
    with Image.open(files[0]) as im:
        assert im.format == "JPEG" and im.size == (640, 480)
    assert files[0].stat().st_size > 20_000  # noisy enough not to compress to nothing


def test_generated_issue_loads(tmp_path: Path) -> None:
    import bulletin_docs

    b = bulletin_docs.load(make_issue(tmp_path, 12, photo_size=(320, 240)))
    assert sum(len(s.articles) for s in b.sections) == 12
    assert b.photos()
    spans = [sp for s in b.sections for a in s.articles for p in a.body for sp in p.spans]
    assert any(sp.bold for sp in spans)


@pytest.mark.slow
def test_forty_articles_make_thirty_pages(tmp_path: Path) -> None:
    import pdfplumber

    import bulletin_docs

    b = bulletin_docs.load(make_issue(tmp_path, 40, photo_size=(800, 600)))
    out = bulletin_docs.render_pdf(b, tmp_path / "issue.pdf", engine="native")
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= 30

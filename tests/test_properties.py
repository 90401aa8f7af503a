"""Random issue files into verdicts: valid ones load to their texts, broken ones fail cleanly."""

from __future__ import annotations

import copy
import datetime as _dt
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import bulletin_docs
from bulletin_docs.errors import BulletinError
from bulletin_docs.issuefile.dates import DateError, read_date
from bulletin_docs.model import Bulletin

#: Examples per property; a deep run: BULLETIN_EXAMPLES=2000 pytest tests/test_properties.py
EXAMPLES = int(os.environ.get("BULLETIN_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Characters clerks type, and the ones that break naive renderers (markup, templates, escapes).
_CJK = "简报挂职工作动态领导寄语区委组织部东山镇陆巷村张顺流第一段推进项目复工复产㐀𠮷"
_ASCII = "abcXYZ0129 -_.,;:!?#@%&<>\"'`{}[]()/\\|=+~^$"
_PUNCT = "，。、：；“”‘’（）【】《》—…·\u3000😀"
ALPHABET = _CJK + _ASCII + _PUNCT
_DATE_LIKE = re.compile(r"\s*\d{4}-\d{1,2}(-\d{1,2})?\s*")
#: What a 报尾 label ends with that the renderers print themselves (报： prints as 报：).
_LABEL_COLON = " \t\u3000：:"


def _date_form(text: str) -> bool:
    """Whether the loader reads ``text`` as a date (2020.4, 2020/4/15 …) rather than literal."""
    try:
        return read_date(text) is not None
    except DateError:
        return True


def _round_trips(value: str) -> bool:
    return yaml.safe_load(yaml.safe_dump({"v": value}, allow_unicode=True))["v"] == value


def texts(alphabet: str = ALPHABET, max_size: int = 30) -> st.SearchStrategy[str]:
    """One-line text with something visible in it, kept exactly by YAML."""
    return (
        st.text(alphabet=alphabet, min_size=1, max_size=max_size)
        .filter(lambda s: s.strip() != "")
        .filter(_round_trips)
    )


_PARA_ALPHABET = ALPHABET.replace("*", "")
para_text = texts(_PARA_ALPHABET, 60).filter(lambda s: s == s.strip(" \t\u3000\r"))


@st.composite
def paragraph(draw: st.DrawFn) -> list[tuple[str, bool]]:
    """A paragraph as (text, bold) segments; bold segments are written as **text**."""
    segments = draw(st.lists(st.tuples(para_text, st.booleans()), min_size=1, max_size=3))
    return segments


def paragraph_source(segments: list[tuple[str, bool]]) -> str:
    return "".join(f"**{t}**" if bold else t for t, bold in segments)


def paragraph_plain(segments: list[tuple[str, bool]]) -> str:
    return "".join(t for t, _ in segments)


paragraphs = st.lists(paragraph(), min_size=1, max_size=3)


def body_source(paras: list[list[tuple[str, bool]]]) -> str:
    return "\n\n".join(paragraph_source(p) for p in paras) + "\n"


def dates(max_year: int = 2999) -> st.SearchStrategy[str | _dt.date]:
    """``2020-04``, a date (dumped as 2020-04-15) or a literal text."""
    return st.one_of(
        st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1000, max_year), st.integers(1, 12)),
        st.dates(min_value=_dt.date(1000, 1, 1), max_value=_dt.date(max_year, 12, 31)),
        texts().filter(lambda s: not _date_form(s)),
    )

PHOTO_FILES = ("a.jpg", "b.png", "sub/c.jpg")


@pytest.fixture(scope="module")
def photo_dir() -> Iterator[Path]:
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "sub").mkdir()
        for name in PHOTO_FILES:
            fmt = "PNG" if name.endswith(".png") else "JPEG"
            Image.new("RGB", (64, 48), (120, 80, 40)).save(root / name, fmt)
        yield root


photos = st.lists(
    st.fixed_dictionaries({"file": st.sampled_from(PHOTO_FILES), "caption": texts()}),
    max_size=2,
)


def _optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict holding any subset of ``fields``."""
    return st.fixed_dictionaries({}, optional=fields)


@st.composite
def articles(draw: st.DrawFn) -> dict[str, Any]:
    paras = draw(paragraphs)
    a: dict[str, Any] = {"title": draw(texts())}
    a.update(
        draw(
            _optional(
                contents_title=texts(),
                unit=texts(),
                author=st.one_of(texts(), st.lists(texts(), min_size=1, max_size=3)),
                note=st.builds(body_source, paragraphs),
                photos=photos,
            )
        )
    )
    a["body"] = body_source(paras)
    a["_paras"] = paras
    return a


@st.composite
def sections(draw: st.DrawFn) -> dict[str, Any]:
    s: dict[str, Any] = {"title": draw(texts())}
    s.update(
        draw(_optional(articles=st.lists(articles(), max_size=3), photos=photos))
    )
    return s


@st.composite
def issues(draw: st.DrawFn, max_year: int = 2999) -> dict[str, Any]:
    """A valid issue as a dict (article dicts carry their paragraphs under ``_paras``)."""
    issue: dict[str, Any] = {"number": draw(st.integers(1, 10_000))}
    issue.update(
        draw(
            _optional(year=st.integers(1, 9999), total=st.integers(1, 10_000), label=texts())
        )
    )
    masthead: dict[str, Any] = {
        "title": draw(texts()),
        "issue": issue,
        "issuer": draw(texts()),
        "date": draw(dates(max_year)),
    }
    masthead.update(draw(_optional(marking=texts())))
    data: dict[str, Any] = {"masthead": masthead}
    data.update(draw(_optional(contents=st.booleans(), preface=st.builds(body_source, paragraphs))))
    data["sections"] = draw(st.lists(sections(), min_size=1, max_size=3))
    data["distribution"] = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "label": texts().filter(lambda s: s.rstrip(_LABEL_COLON) != ""),
                    "to": st.one_of(texts(), st.lists(texts(), min_size=1)),
                }
            ),
            min_size=1,
            max_size=3,
        )
    )
    data.update(draw(_optional(copies=st.integers(1, 100_000))))
    return data


def strip_private(data: Any) -> Any:
    """The issue dict without the test's own ``_paras`` keys, ready to dump."""
    if isinstance(data, dict):
        return {k: strip_private(v) for k, v in data.items() if not k.startswith("_")}
    if isinstance(data, list):
        return [strip_private(v) for v in data]
    return data


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(strip_private(data), allow_unicode=True, sort_keys=False)


def expected_to(to: str | list[str]) -> str:
    if isinstance(to, str):
        return to
    joined = "，".join(to)
    return joined if joined.endswith("。") else joined + "。"


def check_texts(b: Bulletin, data: dict[str, Any], base: Path) -> None:
    m, dm = b.masthead, data["masthead"]
    assert (m.title, m.issuer, m.marking) == (dm["title"], dm["issuer"], dm.get("marking"))
    di = dm["issue"]
    assert (m.issue.number, m.issue.year, m.issue.total, m.issue.label) == (
        di["number"], di.get("year"), di.get("total"), di.get("label"),
    )
    date = dm["date"]
    if isinstance(date, _dt.date):
        assert (m.date.year, m.date.month, m.date.day) == (date.year, date.month, date.day)
    elif _DATE_LIKE.fullmatch(date):
        y, mo = date.split("-")
        assert (m.date.year, m.date.month, m.date.day) == (int(y), int(mo), None)
    else:
        assert m.date.literal == date
    assert b.contents == data.get("contents", True)
    assert b.copies == data.get("copies")
    assert [p.text for p in b.preface] == plain_paragraphs(data.get("preface"))
    assert len(b.sections) == len(data["sections"])
    for s, ds in zip(b.sections, data["sections"], strict=True):
        assert s.title == ds["title"]
        assert len(s.articles) == len(ds.get("articles", []))
        for a, da in zip(s.articles, ds.get("articles", []), strict=True):
            assert a.title == da["title"]
            assert a.contents_title == da.get("contents_title")
            assert a.unit == da.get("unit")
            author = da.get("author", [])
            assert a.authors == ((author,) if isinstance(author, str) else tuple(author))
            assert [p.text for p in a.body] == [paragraph_plain(p) for p in da["_paras"]]
            assert [p.text for p in a.note] == plain_paragraphs(da.get("note"))
            assert [[(sp.text, sp.bold) for sp in p.spans] for p in a.body] == [
                _merge(p) for p in da["_paras"]
            ]
            assert [(ph.file, ph.caption) for ph in a.photos] == [
                ((base / p["file"]).resolve(), p["caption"]) for p in da.get("photos", [])
            ]
        assert [(ph.file, ph.caption) for ph in s.photos] == [
            ((base / p["file"]).resolve(), p["caption"]) for p in ds.get("photos", [])
        ]
    assert [(r.label, r.to) for r in b.distribution] == [
        (r["label"].rstrip(_LABEL_COLON), expected_to(r["to"])) for r in data["distribution"]
    ]


def plain_paragraphs(source: str | None) -> list[str]:
    """The paragraph texts of a generated body_source (no "*" but the bold marks)."""
    if source is None:
        return []
    return [p.replace("**", "") for p in source.rstrip("\n").split("\n\n")]


def _merge(segments: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Spans as text.parse_spans makes them: adjacent plain segments run together."""
    out: list[tuple[str, bool]] = []
    for text, bold in segments:
        if out and not bold and not out[-1][1]:
            out[-1] = (out[-1][0] + text, False)
        else:
            out.append((text, bold))
    return out


@SETTINGS
@given(data=issues())
def test_random_valid_issues_load_with_their_texts(data: dict[str, Any], photo_dir: Path) -> None:
    text = dump(data)
    b = bulletin_docs.loads(text, base_dir=photo_dir, file="issue.yaml")
    check_texts(b, data, photo_dir)


# --- mutations: either a Bulletin or a BulletinError, never anything else ------------------


def _leaf_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _leaf_paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _leaf_paths(v, (*path, i))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.dates(),
    st.binary(max_size=4),
)


def _loads_or_input_error(text: str, base: Path) -> None:
    try:
        bulletin_docs.loads(text, base_dir=base, file="issue.yaml")
    except BulletinError as exc:
        assert str(exc)  # the message is printable
        assert "Traceback" not in str(exc)


@SETTINGS
@given(data=issues(), choice=st.data())
def test_structural_mutations_load_or_raise_bulletin_error(
    data: dict[str, Any], choice: st.DataObject, photo_dir: Path
) -> None:
    data = strip_private(copy.deepcopy(data))
    paths = _leaf_paths(data)
    path = choice.draw(st.sampled_from(paths))
    parent = _parent(data, path)
    action = choice.draw(st.sampled_from(["delete", "retype", "rename"]))
    if action == "delete":
        del parent[path[-1]]
    elif action == "retype":
        parent[path[-1]] = choice.draw(odd_values)
    elif isinstance(parent, dict):
        parent[choice.draw(st.text(max_size=8))] = parent.pop(path[-1])
    _loads_or_input_error(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), photo_dir)


@SETTINGS
@given(data=issues(), choice=st.data())
def test_text_mutations_load_or_raise_bulletin_error(
    data: dict[str, Any], choice: st.DataObject, photo_dir: Path
) -> None:
    text = dump(data)
    action = choice.draw(st.sampled_from(["insert", "truncate", "delete_line", "replace"]))
    pos = choice.draw(st.integers(0, len(text)))
    if action == "insert":
        text = text[:pos] + choice.draw(st.text(min_size=1, max_size=5)) + text[pos:]
    elif action == "truncate":
        text = text[:pos]
    elif action == "delete_line":
        lines = text.splitlines(keepends=True)
        del lines[choice.draw(st.integers(0, len(lines) - 1))]
        text = "".join(lines)
    else:
        char = choice.draw(st.sampled_from(list(":-[]{}&*!|>'\"#%@` \t\n\x00\x0c\x1b\u2028\ufeff")))
        text = text[:pos] + char + text[pos + 1 :]
    _loads_or_input_error(text, photo_dir)


@SETTINGS
@given(data=issues(), choice=st.data())
def test_byte_mutations_through_load_raise_only_bulletin_errors(
    data: dict[str, Any], choice: st.DataObject, photo_dir: Path
) -> None:
    raw = bytearray(dump(data).encode("utf-8"))
    for _ in range(choice.draw(st.integers(1, 3))):
        pos = choice.draw(st.integers(0, len(raw) - 1))
        raw[pos] = choice.draw(st.integers(0, 255))
    path = photo_dir / "mutated.yaml"
    path.write_bytes(bytes(raw))
    try:
        bulletin_docs.load(path)
    except BulletinError as exc:
        assert str(exc)


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_text_loads_or_raises_bulletin_error(text: str) -> None:
    assume(text.strip() != "")
    _loads_or_input_error(text, Path.cwd())


# --- the .docx holds the same texts ---------------------------------------------------------


def _docx_paragraph_texts(path: Path) -> list[str]:
    """Every paragraph of the document body (tables included), in document order; a line
    break inside one (a caption set on two balanced lines: captions.py) is not text."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as DocxParagraph

    document = docx.Document(str(path))
    return [
        DocxParagraph(p, document).text.replace("\n", "")
        for p in document.element.body.iter(qn("w:p"))
    ]


def _expected_in_order(b: Bulletin) -> list[tuple[str, bool]]:
    """(text, exact) in document order; a note may be led by the renderer's "按："."""
    out = [(b.masthead.title, True), (b.masthead.issue.text, True)]
    for s in b.sections:
        out.append((s.label, True))
        for a in s.articles:
            out.append((a.title, True))
            if a.byline:
                out.append((a.byline, True))
            out += [(p.text, False) for p in a.note]
            out += [(p.text, True) for p in a.body]
            out += [(ph.caption, True) for ph in a.photos]
        out += [(ph.caption, True) for ph in s.photos]
    return out


def _is_subsequence(wanted: list[tuple[str, bool]], have: list[str]) -> bool:
    it = iter(have)
    return all(any(h == w or (not exact and h.endswith(w)) for h in it) for w, exact in wanted)


@settings(SETTINGS, max_examples=max(1, EXAMPLES * 2 // 3))
@given(data=issues())
def test_random_valid_issues_build_a_docx_with_the_same_texts(
    data: dict[str, Any], photo_dir: Path
) -> None:
    b = bulletin_docs.loads(dump(data), base_dir=photo_dir, file="issue.yaml")
    out = photo_dir / "out.docx"
    bulletin_docs.render_docx(b, out)
    have = _docx_paragraph_texts(out)
    wanted = _expected_in_order(b)
    assert _is_subsequence(wanted, have), (wanted, have)
    for row in b.distribution:
        assert any(h.startswith(row.text) for h in have), (row.text, have)


#: The last time a zip (DOS) entry can carry: two-second resolution, years 1980–2107.
ZIP_LAST = (2107, 12, 31, 23, 59, 58)


@settings(SETTINGS, max_examples=max(1, EXAMPLES // 10))
@given(year=st.integers(2106, 9999), month=st.integers(1, 12), day=st.integers(1, 28))
def test_docx_of_an_issue_dated_after_2107(
    year: int, month: int, day: int, photo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The .docx is stamped with the issue date; its zip entries, which end in 2107, clamp to it."""
    import zipfile

    import docx

    from conftest import MINIMAL_YAML

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    issued = _dt.datetime(year, month, day)
    b = bulletin_docs.loads(
        MINIMAL_YAML.replace("date: 2020-04", f"date: {issued.date().isoformat()}")
    )
    out = bulletin_docs.render_docx(b, photo_dir / "far.docx")
    document = docx.Document(str(out))
    utc = issued.replace(tzinfo=_dt.timezone.utc)
    assert document.core_properties.created == utc
    assert document.core_properties.modified == utc
    with zipfile.ZipFile(out) as z:
        stamps = {info.date_time for info in z.infolist()}
    assert stamps == {min(issued.timetuple()[:6], ZIP_LAST)}
    assert any(t.endswith(f"\t{year}年{month}月{day}日") for t in _docx_paragraph_texts(out))

"""The items of a Word 简报 into an issue file's mapping, its photos and the notes on what
could not be placed: masthead, 本期要目, sections, articles, bylines, bodies, photos, 版记."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..issuefile.headings import heading_level
from .items import Item, Para, Picture, Tbl

_SECTION = re.compile(r"^【(.+)】$")
_ISSUE = re.compile(
    r"^[（(]?\s*(?:(?P<year>\d{4})\s*年\s*)?第\s*(?P<number>\d+)\s*期\s*[）)]?"
    r"\s*(?:[（(]\s*总第\s*(?P<total>\d+)\s*期\s*[）)])?$"
)
_LABEL_ISSUE = re.compile(r"^(?P<label>[（(]?[^（(）)]*增刊[^（(）)]*[）)]?)"
                          r"\s*(?:[（(]\s*总第\s*(?P<total>\d+)\s*期\s*[）)])?$")
#: The masthead date at a line's end: 2021年3月15日, 2021.3.15 / 2021-03 / 2021/3/15, or one
#: in Chinese numerals (二〇二一年三月), kept as typed (a literal date).
_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日)?"
    r"|(?P<y2>\d{4})[.\-/](?P<m2>\d{1,2})(?:[.\-/](?P<d2>\d{1,2}))?"
    r"|(?P<lit>[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?))"
    r"\s*$"
)
_MARKING = re.compile(r"内部|注意保存|秘密|机密|绝密|妥善保管")
_DISTRIBUTION = re.compile(r"^\s*(报|送|抄送|抄报|发|印发|分送)\s*[：:]\s*(.*)$", re.S)
#: Where a second 版记 row starts when a clerk typed two on one line (…领导。送：…).
_NEXT_ROW = re.compile(r"(?<=[。；;])\s*(?=(?:报|送|抄送|抄报|发|印发|分送)\s*[：:])")
_COPIES = re.compile(r"[（(]\s*共印\s*(\d+)\s*份\s*[）)]")
_PREFACE = re.compile(r"^\s*(编者按|编者的话)\s*[：:]\s*")
_NOTE = re.compile(r"^\s*(按语|按|编者按)\s*[：:]\s*")
_UNIT_END = re.compile(
    r"(科|局|组|办|部|室|镇|村|街道|区|处|委|会|院|中心|队|所|站|公司|厂|校|学|馆|社区|专班|园)$"
)
#: The caption of a photo that has none under it: ``check`` asks for it to be filled in.
_NO_CAPTION = "【请填写图片说明】"
#: Spaces clerks type to indent or to spread a line (ASCII, full-width, no-break).
_INDENT = " \t\u3000\xa0"
_WIDE = r"[\u3000-\u9fff\uff00-\uffef]"
_CJK_SPACE = re.compile(rf"(?<={_WIDE})[ \u3000\xa0]+(?={_WIDE})")


@dataclass(frozen=True)
class Note:
    """Something the import could not place: the original's paragraph number and what it is."""

    paragraph: int
    message: str
    text: str = ""
    #: The title of the section or article it stands in (its comment goes there), if any.
    anchor: str | None = None

    def __str__(self) -> str:
        tail = f"：{self.text[:40]}" if self.text else ""
        return f"原文第 {self.paragraph} 段：{self.message}{tail}"


@dataclass
class Draft:
    """The issue file's mapping (photo paths under photos/), the photos' bytes by path, notes."""

    data: dict[str, object]
    photos: dict[str, bytes] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def _squeeze(text: str) -> str:
    """A line's text without the spaces clerks put between CJK characters to spread it."""
    return _CJK_SPACE.sub("", text.strip(_INDENT + "\r\n"))


def _markup(spans: list[tuple[str, bool]], plain_upto: int = 0) -> str:
    """Spans as body text: indent removed, ``**bold**`` kept (none in the first ``plain_upto``)."""
    merged: list[list[object]] = []
    pos = 0
    for text, bold in spans:
        text = text.replace("\t", "")
        for i, ch in enumerate(text):
            b = bold and pos + i >= plain_upto
            if merged and merged[-1][1] == b:
                merged[-1][0] = str(merged[-1][0]) + ch
            else:
                merged.append([ch, b])
        pos += len(text)
    out = "".join(f"**{t}**" if b and str(t).strip() else str(t) for t, b in merged)
    return out.strip(_INDENT)


def _without_lead(p: Para, lead: re.Pattern[str]) -> str:
    """The paragraph's text with its typed label (编者按：, 按：) removed, bold kept."""
    m = lead.match(p.text)
    cut = m.end() if m else 0
    spans: list[tuple[str, bool]] = []
    pos = 0
    for text, bold in p.spans:
        if pos + len(text) > cut:
            spans.append((text[max(cut - pos, 0) :], bold))
        pos += len(text)
    return _markup(spans)


def _body_text(p: Para) -> str:
    plain = p.text.replace("\t", "").lstrip(_INDENT)
    lead = len(p.text.replace("\t", "")) - len(plain)
    found = heading_level(plain)
    upto = 0
    if found is not None:
        m = re.compile(r"[。！？：]").search(plain, found[1])
        upto = lead + (m.end() if m else len(plain))
    return _markup(p.spans, upto)


def _byline(text: str) -> dict[str, object]:
    parts = text.split()
    if len(parts) == 1:
        names = parts[0].split("、")
        if len(names) == 1 and (_UNIT_END.search(parts[0]) or len(parts[0]) > 4):
            return {"unit": parts[0]}
        return {"author": names[0] if len(names) == 1 else names}
    unit = " ".join(parts[:-1])
    names = parts[-1].split("、")
    return {"unit": unit, "author": names[0] if len(names) == 1 else names}


class Recogniser:
    """One pass over the items; state: where we are (masthead, contents, body, footer)."""

    def __init__(self) -> None:
        self.masthead: dict[str, object] = {}
        self.contents: list[tuple[str, list[str]]] = []
        self.has_contents = False
        self.preface: list[str] = []
        self.sections: list[dict[str, Any]] = []
        self.distribution: list[dict[str, str]] = []
        self.copies: int | None = None
        self.photos: dict[str, bytes] = {}
        self.notes: list[Note] = []
        self.phase = "masthead"
        self.article: dict[str, Any] | None = None
        self.body: list[str] = []
        self.last = ""  # kind of the last placed paragraph: title, byline, body, photo…
        #: A paragraph's pictures waiting for the caption paragraph under them.
        self.pending_pictures: tuple[list[Picture], int] = ([], 0)

    def note(self, number: int, message: str, text: str = "") -> None:
        """Record what could not be placed, anchored at the article or section it stands in."""
        anchor = self.article["title"] if self.article is not None else (
            self.sections[-1]["title"] if self.sections and self.phase != "masthead" else None
        )
        self.notes.append(Note(number, message, text, anchor))

    # --- masthead ------------------------------------------------------------------------

    def masthead_para(self, p: Para) -> None:
        text = p.text.strip(_INDENT + "\r\n")
        if not text:
            if (p.border or p.line) and "title" in self.masthead:
                self.phase = "body"
            return
        squeezed = _squeeze(text)
        if squeezed == "本期要目" or squeezed == "本期目录":
            self.has_contents = True
            self.phase = "contents"
            return
        if _SECTION.match(squeezed) or _PREFACE.match(text):
            self.phase = "body"
            self.body_para(p)
            return
        if self.issue(squeezed):
            return
        if "title" not in self.masthead:
            big = p.style == "简报名称" or (p.red and (p.size or 0) >= 20) or (
                p.centered and (p.size or 0) >= 26
            )
            if big:
                self.masthead["title"] = squeezed
                return
            if _MARKING.search(squeezed) and len(squeezed) <= 30:
                self.masthead["marking"] = re.sub(r"[ \u3000\xa0]+", " ", text)
                return
        if self.issuer_date(text):
            if p.border:
                self.phase = "body"
            return
        if "title" not in self.masthead and p.centered:
            self.masthead["title"] = squeezed
            return
        self.note(p.number, "报头中无法识别的一行，已作为注释保留", text)

    def issue(self, text: str) -> bool:
        m = _ISSUE.match(text)
        if m:
            issue: dict[str, object] = {"number": int(m["number"])}
            if m["year"]:
                issue["year"] = int(m["year"])
            if m["total"]:
                issue["total"] = int(m["total"])
            if "issue" not in self.masthead:
                self.masthead["issue"] = issue
            return True
        m = _LABEL_ISSUE.match(text)
        if m and "issue" not in self.masthead:
            issue = {"number": 1, "label": m["label"]}
            if m["total"]:
                issue["total"] = int(m["total"])
            self.masthead["issue"] = issue
            return True
        return False

    def issuer_date(self, text: str) -> bool:
        """编印单位 and date on one line (spaces, a tab, or table cells joined by a tab)."""
        m = _DATE.search(text)
        if m is None or "issuer" in self.masthead:
            return False
        issuer = text[: m.start()].strip(_INDENT)
        if issuer:
            self.masthead["issuer"] = issuer
        if m["lit"]:
            self.masthead["date"] = m["lit"]
            return True
        y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["y2"], m["m2"], m["d2"])
        self.masthead["date"] = (
            f"{int(y)}-{int(mo):02d}-{int(d):02d}" if d else f"{int(y)}-{int(mo):02d}"
        )
        return True

    def masthead_table(self, t: Tbl) -> None:
        cells = [c for row in t.cell_texts() for c in row if c]
        joined = "\t".join(cells)
        if self.issuer_date(joined):
            return
        if cells:
            self.note(t.number, "报头中无法识别的表格，已作为注释保留", joined)

    # --- 本期要目 ----------------------------------------------------------------------------

    def contents_para(self, p: Para) -> None:
        text = _squeeze(p.text)
        if not text:
            return
        m = _SECTION.match(text)
        if _PREFACE.match(text):
            self.phase = "body"
            self.body_para(p)
            return
        if p.style == "简报栏目" or (
            m and self.contents and m.group(1) in [label for label, _ in self.contents]
            and p.style != "简报要目栏目"
        ):
            self.phase = "body"
            self.body_para(p)
            return
        if m:
            self.contents.append((m.group(1), []))
        elif self.contents:
            self.contents[-1][1].append(re.sub(r"[ \u3000\xa0]+", " ", p.text.strip(_INDENT)))
        else:
            self.note(p.number, "本期要目中无法识别的一行，已略去", text)

    # --- body ----------------------------------------------------------------------------

    def close_article(self) -> None:
        if self.article is not None:
            # Photos after the last paragraph are the article's photos (format v1 `photos`).
            while self.body and self.body[-1].startswith("!["):
                refs = re.findall(r"!\[(.*?)\]\((photos/[^)]+)\)", self.body.pop())
                self.article["photos"] = [
                    {"file": n, "caption": c} for c, n in refs
                ] + self.article.get("photos", [])
            body = "\n\n".join(self.body)
            if body:
                self.article["body"] = body
            self.article = None
        self.body = []

    def section(self, title: str) -> None:
        self.close_article()
        self.sections.append({"title": title})
        self.last = "section"

    def new_article(self, title: str) -> None:
        self.close_article()
        if not self.sections:
            self.sections.append({"title": "未命名栏目"})
            self.note(0, "第一篇文章前没有【栏目】，已放入“未命名栏目”")
        article: dict[str, Any] = {"title": title}
        self.sections[-1].setdefault("articles", []).append(article)
        self.article = article
        self.last = "title"

    def photo(self, pictures: list[Picture], captions: list[str], number: int) -> None:
        """Pictures with their captions, in the body, the article or the section they stand in."""
        if self.article is None and not self.sections:
            self.note(number, "第一个栏目之前的照片，未导入")
            return
        if _NO_CAPTION in captions:
            self.note(number, f"照片下没有说明，已写作{_NO_CAPTION}")
        refs = []
        for pic, caption in zip(pictures, captions, strict=False):
            named = "" if caption == _NO_CAPTION else caption
            stem = re.sub(r"[^\w\u4e00-\u9fff]+", "", named)[:12] or "photo"
            name = f"photos/{len(self.photos) + 1:02d}-{stem}{pic.suffix}"
            self.photos[name] = pic.data
            refs.append((name, caption))
        if self.article is not None and self.body:
            self.body.append("  ".join(f"![{c}]({n})" for n, c in refs))
            self.last = "photo"
        elif self.article is not None:
            self.article.setdefault("photos", []).extend(
                {"file": n, "caption": c} for n, c in refs
            )
        else:
            self.sections[-1].setdefault("photos", []).extend(
                {"file": n, "caption": c} for n, c in refs
            )

    def flush_pictures(self) -> None:
        """Pictures with no caption under them: placed with the placeholder caption, noted."""
        if self.last != "picture":
            return
        pictures, number = self.pending_pictures
        self.last = ""
        self.photo(pictures, [_NO_CAPTION] * len(pictures), number)

    def is_title(self, p: Para, text: str) -> bool:
        if p.style == "简报标题":
            return True
        if p.style.startswith("简报") or p.pictures or len(text) > 60 or text.endswith("。"):
            return False
        if self.last in ("section",) and p.centered:
            return True
        return p.centered and (p.bold or (p.size or 0) >= 17)

    def body_para(self, p: Para) -> None:
        raw = p.text.strip(_INDENT + "\r\n")
        text = _squeeze(raw)
        for box in p.boxes:
            self.note(p.number, "文本框中的文字，未导入", box)
        if p.pictures:
            self.pending_pictures = (p.pictures, p.number)
            self.last = "picture"
            if not text:
                return
        if not text:
            return
        if self.last == "picture":
            short = len(text) <= 40 and not text.endswith(("。", "！", "？"))
            if p.style in ("简报图注", "Caption") or p.centered or short:
                pictures, number = self.pending_pictures
                self.photo(pictures, [raw] + [_NO_CAPTION] * (len(pictures) - 1), number)
                return
            self.flush_pictures()
        if text in ("本期要目", "本期目录") and not self.sections:
            self.has_contents = True
            self.phase = "contents"
            return
        m = _SECTION.match(text)
        if m:
            self.section(m.group(1))
            return
        if self.footer_line(raw):
            return
        if not self.sections and (_PREFACE.match(raw) or p.style == "简报编者按" or self.preface):
            self.preface.append(_without_lead(p, _PREFACE))
            return
        if self.is_title(p, text):
            self.new_article(re.sub(r"[ \u3000\xa0]{2,}", " ", raw))
            return
        if self.article is None:
            self.note(p.number, "栏目与文章之间无法归位的段落，已作为注释保留", raw)
            return
        if self.last == "title" and (p.style == "简报署名" or (
            p.centered and len(text) <= 40 and not text.endswith("。") and p.style != "简报正文"
        )):
            self.article.update(_byline(re.sub(r"[ \u3000\xa0\t]+", " ", raw)))
            self.last = "byline"
            return
        if (p.style == "简报按语" or _NOTE.match(raw)) and not self.body:
            text = _without_lead(p, _NOTE)
            prev = self.article.get("note")
            self.article["note"] = f"{prev}\n\n{text}" if prev else text
            self.last = "note"
            return
        self.body.append(_body_text(p))
        self.last = "body"

    def footer_line(self, raw: str) -> bool:
        copies = _COPIES.search(raw)
        rest = _COPIES.sub("", raw).strip(_INDENT) if copies else raw
        if copies:
            self.copies = int(copies.group(1))
        pieces = _NEXT_ROW.split(rest)
        if len(pieces) > 1 and all(_DISTRIBUTION.match(x) for x in pieces):
            return all(self.footer_line(x) for x in pieces)
        m = _DISTRIBUTION.match(rest)
        if m and (self.phase == "footer" or self.article is None or len(rest) < 200):
            self.close_article()
            self.phase = "footer"
            self.distribution.append(
                {"label": m.group(1), "to": re.sub(r"\s+", " ", m.group(2)).strip()}
            )
            return True
        return bool(copies) and not rest

    def table(self, t: Tbl) -> None:
        self.flush_pictures()
        texts = t.cell_texts()
        pictures = [
            (pic, cell) for row in t.rows for cell in row for p in cell for pic in p.pictures
        ]
        if pictures:
            pics: list[Picture] = []
            captions: list[str] = []
            for row in t.rows:
                for cell in row:
                    cell_pics = [pic for p in cell for pic in p.pictures]
                    if not cell_pics:
                        continue
                    caption = " ".join(p.text.strip(_INDENT) for p in cell if p.text.strip())
                    pics.extend(cell_pics)
                    captions.extend([caption or _NO_CAPTION] + [_NO_CAPTION] * (len(cell_pics) - 1))
            if self.article is not None and self.body:
                for i in range(0, len(pics), 2):
                    self.photo(pics[i : i + 2], captions[i : i + 2], t.number)
            else:
                self.photo(pics, captions, t.number)
            return
        flat = [c for row in texts for c in row if c]
        if (flat and all(
            _DISTRIBUTION.match(c) or _COPIES.fullmatch(c.strip()) for c in flat
        )) or (flat and _DISTRIBUTION.match(flat[0]) and self.phase != "masthead"):
            for c in flat:
                for line in c.split("\n"):
                    if line.strip() and not self.footer_line(line.split("\t")[0].strip()):
                        self.note(t.number, "版记中无法识别的一行", line)
                    if "\t" in line:
                        self.footer_line(line.split("\t", 1)[1].strip())
            return
        if self.article is None:
            self.note(t.number, "文章之外的表格，已作为注释保留", "\t".join(flat))
            return
        rows = [[c.replace("\n", " ").replace("|", "｜") for c in row] for row in texts]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        self.body.append("\n".join(lines))
        self.last = "table"

    # --- the whole -----------------------------------------------------------------------

    def feed(self, items: list[Item]) -> None:
        for item in items:
            if isinstance(item, Tbl):
                if self.phase == "masthead":
                    self.masthead_table(item)
                elif self.phase == "contents":
                    self.note(item.number, "本期要目中的表格，已略去")
                else:
                    self.table(item)
                continue
            if self.phase == "masthead":
                self.masthead_para(item)
            elif self.phase == "contents":
                self.contents_para(item)
            else:
                self.body_para(item)
        self.flush_pictures()
        self.close_article()

    def cross_check(self) -> None:
        """本期要目's lines: a line differing from its article's title is its contents_title."""
        by_label = dict(self.contents)
        for s in self.sections:
            lines = by_label.get(str(s["title"]))
            articles = s.get("articles", [])
            if lines is None:
                continue
            for a, line in zip(articles, lines, strict=False):
                if line != a["title"]:
                    a_items = list(a.items())
                    a.clear()
                    a.update(a_items[:1])
                    a["contents_title"] = line
                    a.update(a_items[1:])

    def draft(self) -> Draft:
        self.cross_check()
        data: dict[str, object] = {}
        masthead = dict(self.masthead)
        order = ("title", "issue", "issuer", "date", "marking")
        data["masthead"] = {k: masthead[k] for k in order if k in masthead}
        if not self.has_contents:
            data["contents"] = False
        if self.preface:
            data["preface"] = "\n\n".join(self.preface)
        data["sections"] = self.sections
        data["distribution"] = self.distribution
        if self.copies is not None:
            data["copies"] = self.copies
        return Draft(data, self.photos, self.notes)


def recognise(items: list[Item]) -> Draft:
    """The items of a Word 简报 as an issue file's mapping, photos and notes."""
    r = Recogniser()
    r.feed(items)
    return r.draft()

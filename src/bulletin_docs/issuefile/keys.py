"""Format v1's mappings into their keys: what each holds, where a stray key belongs, typos' fixes.

The one table of keys. Validation reads each mapping's known keys (and the
Chinese words naming them in messages) from here; the hints for a key written at
the wrong level are derived from the same table, so a key added to a mapping is
known everywhere at once. ``issue.schema.json`` is held to the same keys by
``tests/test_schema.py``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

#: Each mapping's keys, in the order the README lists them, and what each holds.
TOP_KEYS = {
    "masthead": "报头",
    "contents": "是否印本期要目，true 或 false",
    "preface": "编者按",
    "sections": "栏目列表",
    "distribution": "报尾（版记）各行",
    "copies": "印数",
}
MASTHEAD_KEYS = {
    "title": "简报名称",
    "issue": "期号",
    "issuer": "编印单位",
    "date": "日期",
    "marking": "密级或提示，如 内部资料 注意保存",
}
ISSUE_KEYS = {
    "number": "期号数字",
    "year": "年份",
    "total": "总期数",
    "label": "期号文字，如 增刊",
}
SECTION_KEYS = {"title": "栏目名称", "articles": "文章列表", "photos": "照片列表"}
ARTICLE_KEYS = {
    "title": "文章标题",
    "contents_title": "本期要目中显示的标题",
    "unit": "作者单位",
    "author": "作者，一个名字或名字列表",
    "note": "按语",
    "body": "正文",
    "photos": "照片列表",
}
PHOTO_KEYS = {"file": "照片文件，JPEG 或 PNG", "caption": "图片说明"}
ROW_KEYS = {"label": "行名，如 报、送、发", "to": "发送对象"}

#: Every key of the format, at any level (to recognise a line of the file as ``key:``).
ALL_KEYS = frozenset(
    key
    for keys in (
        TOP_KEYS, MASTHEAD_KEYS, ISSUE_KEYS, SECTION_KEYS, ARTICLE_KEYS, PHOTO_KEYS, ROW_KEYS
    )
    for key in keys
)

#: Where the keys of a mapping go, said to a clerk who wrote one at another level.
TO_TOP = "这是顶层的键：请顶格写（前面不要有空格）"
IN_MASTHEAD = "这是报头的键：请写在 masthead: 下面，缩进两格"
IN_ISSUE = "这是期号的键：请写在 issue: 下面，再缩进两格"
IN_SECTIONS = "这是栏目的键：请写在 sections: 列表的栏目里（“- title: …”的下面）"
IN_ARTICLE = "这是文章的键：请写在 articles: 列表的文章里（“- title: …”的下面）"
IN_PHOTO = "这是照片的键：请写在 photos: 列表里（“- file: …”的下面）"
UP_TO_MASTHEAD = "这是报头的键：请与 issue 对齐（少缩进两格）"
UP_TO_SECTION = "这是栏目的键：请与栏目的 title 对齐（少缩进）"
UP_TO_ARTICLE = "这是文章的键：请与 photos 对齐（少缩进）"


def strays(
    own: Mapping[str, str],
    *homes: tuple[Mapping[str, str], str],
    leave: Collection[str] = (),
) -> dict[str, str]:
    """``{key: hint}`` for keys of the ``homes`` mappings written in ``own`` by mistake.

    A key of ``own`` itself is never a stray; a key of several homes gets the
    first one's hint; keys in ``leave`` (whose home cannot be told) are left to
    the nearest-key suggestion.
    """
    out: dict[str, str] = {}
    for keys, hint in homes:
        for key in keys:
            if key not in own and key not in leave:
                out.setdefault(key, hint)
    return out


#: For each mapping, the keys of its neighbours and where they belong (a slip of indentation).
TOP_STRAYS = strays(
    TOP_KEYS,
    (MASTHEAD_KEYS, IN_MASTHEAD),
    (ISSUE_KEYS, IN_ISSUE),
    (SECTION_KEYS, IN_SECTIONS),
    (ARTICLE_KEYS, IN_ARTICLE),
    leave={"label"},  # a 期号 label or a 报尾 row's
)
MASTHEAD_STRAYS = strays(MASTHEAD_KEYS, (ISSUE_KEYS, IN_ISSUE), (TOP_KEYS, TO_TOP))
ISSUE_STRAYS = strays(
    ISSUE_KEYS, (MASTHEAD_KEYS, UP_TO_MASTHEAD), (TOP_KEYS, TO_TOP), leave={"issue"}
)
SECTION_STRAYS = strays(
    SECTION_KEYS, (ARTICLE_KEYS, IN_ARTICLE), (PHOTO_KEYS, IN_PHOTO), (TOP_KEYS, TO_TOP)
)
ARTICLE_STRAYS = strays(
    ARTICLE_KEYS, (PHOTO_KEYS, IN_PHOTO), (SECTION_KEYS, UP_TO_SECTION), (TOP_KEYS, TO_TOP)
)
PHOTO_STRAYS = strays(
    PHOTO_KEYS, (ARTICLE_KEYS, UP_TO_ARTICLE), (TOP_KEYS, TO_TOP), leave={"photos"}
)
ROW_STRAYS = strays(ROW_KEYS, (TOP_KEYS, TO_TOP))

#: Chinese words clerks may type as keys, and the key they mean.
CHINESE_KEYS = {
    "报头": "masthead",
    "标题": "title",
    "名称": "title",
    "期号": "issue",
    "期数": "number",
    "年份": "year",
    "总期号": "total",
    "编印单位": "issuer",
    "日期": "date",
    "密级": "marking",
    "要目": "contents",
    "本期要目": "contents",
    "编者按": "preface",
    "栏目": "sections",
    "文章": "articles",
    "单位": "unit",
    "作者": "author",
    "按语": "note",
    "正文": "body",
    "照片": "photos",
    "图片": "photos",
    "文件": "file",
    "说明": "caption",
    "图注": "caption",
    "报尾": "distribution",
    "版记": "distribution",
    "印数": "copies",
    "份数": "copies",
}


def suggest(key: str, known: Mapping[str, str]) -> str | None:
    """The known key nearest to ``key`` (typos, capitals, Chinese words), if any is near."""
    if key.lower() in known:
        return key.lower()
    chinese = CHINESE_KEYS.get(key.strip())
    if chinese in known:
        return chinese
    import difflib  # only for an unknown key: not imported by every load

    close = difflib.get_close_matches(key.lower(), list(known), n=1, cutoff=0.6)
    return close[0] if close else None

"""Section, article and photo nodes into model objects, every photo file checked on disk."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PhotoError, Position
from ..layout import LayoutProfile
from ..model import Article, Block, Photo, PhotoBlock, Section
from ..photos import check_photo
from ..tables import TableTooWide, table_geometry
from .blocks import PhotoRefs, TableAt, parse_blocks
from .fields import Fields
from .keys import (
    ARTICLE_KEYS,
    ARTICLE_STRAYS,
    PHOTO_KEYS,
    PHOTO_STRAYS,
    SECTION_KEYS,
    SECTION_STRAYS,
)
from .markup import strip_lead
from .nodes import MappingNode, Node, ScalarNode, SequenceNode


@dataclass
class SectionReader:
    """Reads ``sections`` with the shared field reader; photos are checked relative to base_dir."""

    fields: Fields
    base_dir: Path
    profile: LayoutProfile
    #: Photo files already checked in this issue, and the message if one failed.
    checked: dict[Path | bytes, str | None] = field(default_factory=dict)

    def sections(self, node: Node | None) -> tuple[Section, ...] | None:
        items = self.fields.sequence(node, "sections（栏目）", "如 - title: 工作动态")
        if items is None:
            return None
        if not items:
            assert node is not None
            self.fields.error(node.position, "sections（栏目）至少要有一个栏目")
            return None
        out = [self.section(item) for item in items]
        return None if any(s is None for s in out) else tuple(s for s in out if s)

    def section(self, node: Node) -> Section | None:
        m = self.fields.mapping(node, "每个栏目", "如 - title: 工作动态")
        if m is None:
            return None
        f = self.fields
        f.check_keys(m, SECTION_KEYS, SECTION_STRAYS)
        title = f.text(f.required(m, "title", SECTION_KEYS), SECTION_KEYS["title"], required=True)
        articles = self.articles(f.optional(m, "articles"))
        photos = self.photos(f.optional(m, "photos"))
        if title is None or articles is None or photos is None:
            return None
        return Section(title, articles=articles, photos=photos)

    def articles(self, node: Node | None) -> tuple[Article, ...] | None:
        if node is None:
            return ()
        items = self.fields.sequence(node, "articles（文章列表）", "如 - title: 文章标题")
        if items is None:
            return None
        out = [self.article(item) for item in items]
        return None if any(a is None for a in out) else tuple(a for a in out if a)

    def article(self, node: Node) -> Article | None:
        m = self.fields.mapping(node, "每篇文章", "如 - title: 文章标题")
        if m is None:
            return None
        f, keys = self.fields, ARTICLE_KEYS
        f.check_keys(m, keys, ARTICLE_STRAYS)
        title = f.text(f.required(m, "title", keys), keys["title"], required=True)
        contents_title = f.text(f.optional(m, "contents_title"), keys["contents_title"])
        unit = f.text(f.optional(m, "unit"), keys["unit"])
        authors = self.authors(f.optional(m, "author"))
        note = f.paragraphs(f.optional(m, "note"), keys["note"])
        key = m.key_node("body")
        indent = key.position.column if key is not None else None
        body = self.body(f.required(m, "body", keys), indent)
        photos = self.photos(f.optional(m, "photos"))
        if title is None or authors is None or body is None or photos is None:
            return None
        return Article(
            title=title,
            body=body,
            contents_title=contents_title,
            unit=unit,
            authors=authors,
            note=strip_lead(note or (), self.profile.note_lead),
            photos=photos,
        )

    def body(self, node: Node | None, indent: int | None) -> tuple[Block, ...] | None:
        """The body's blocks (format 1.1): photos in place checked, tables measured.

        ``indent``: the column of the ``body`` key (a ``|`` body's lines are two further in).
        """
        label = ARTICLE_KEYS["body"]
        if self.fields.paragraphs(node, label, required=True) is None:
            return None
        assert isinstance(node, ScalarNode)
        out: list[Block] = []
        ok = True
        for raw in parse_blocks(node.raw):
            if isinstance(raw, PhotoRefs):
                photos = []
                for ref in raw.refs:
                    where = _body_line(node, ref.line, indent)
                    path = self.photo_path(ref.name)
                    if not ref.caption:
                        self.fields.error(where, "照片缺少说明：写成 ![图片说明](photos/a.jpg)")
                        ok = False
                    elif self.check(path, where):
                        photos.append(Photo(path, ref.caption, position=where))
                    else:
                        ok = False
                out.append(PhotoBlock(tuple(photos)))
            elif isinstance(raw, TableAt):
                where = _body_line(node, raw.line, indent)
                t = raw.table
                table = type(t)(t.header, t.rows, t.title, t.note, where)
                try:
                    table_geometry(table, self.profile)
                except TableTooWide as exc:
                    self.fields.error(where, f"{table.title or '表格'}：{exc}")
                    ok = False
                out.append(table)
            else:
                out.append(raw)
        return tuple(out) if ok else None

    def authors(self, node: Node | None) -> tuple[str, ...] | None:
        """``author: 张三`` or ``author: [张三, 李四]``."""
        if node is None or node.bad:
            return ()
        label = ARTICLE_KEYS["author"]
        if isinstance(node, SequenceNode):
            return self.fields.texts(node.items, "作者名字")
        if isinstance(node, MappingNode):
            self.fields.error(
                node.position, f"应为文字或文字列表（{label}），实际是映射（键: 值）"
            )
            return None
        name = self.fields.text(node, label)
        return (name,) if name else ()

    def photos(self, node: Node | None) -> tuple[Photo, ...] | None:
        if node is None:
            return ()
        items = self.fields.sequence(
            node, "photos（照片列表）", "每张照片写 - file: 照片文件 和 caption: 图片说明"
        )
        if items is None:
            return None
        out = [self.photo(item) for item in items]
        return None if any(p is None for p in out) else tuple(p for p in out if p)

    def photo(self, node: Node) -> Photo | None:
        m = self.fields.mapping(
            node, "每张照片", "写 file: photos/a.jpg 和 caption: 图片说明 两项"
        )
        if m is None:
            return None
        f = self.fields
        f.check_keys(m, PHOTO_KEYS, PHOTO_STRAYS)
        file_node = f.required(m, "file", PHOTO_KEYS)
        data = _photo_bytes(file_node)
        name = None if data is not None else f.text(file_node, PHOTO_KEYS["file"], required=True)
        caption = f.text(f.required(m, "caption", PHOTO_KEYS), PHOTO_KEYS["caption"], required=True)
        if file_node is None or (name is None and data is None):
            return None
        source = data if data is not None else self.photo_path((name or "").strip())
        if not self.check(source, file_node.position):
            return None
        if caption is None:
            return None
        if isinstance(source, bytes):  # given by a script (from_dict): the bytes, no file
            return Photo(None, caption, position=file_node.position, data=source)
        return Photo(source, caption, position=file_node.position)

    def photo_path(self, name: str) -> Path:
        """The absolute path of ``file``; Windows backslashes work when no such file exists."""
        path = Path(os.path.abspath(self.base_dir / name))
        if "\\" in name and not _exists(path):
            return Path(os.path.abspath(self.base_dir / name.replace("\\", "/")))
        return path

    def check(self, path: Path | bytes, position: Position) -> bool:
        """Check the photo (once per issue); report a PhotoError and return False if bad."""
        if path not in self.checked:
            try:
                check_photo(path, position, self.profile)
                self.checked[path] = None
            except PhotoError as exc:
                near = _near_names(path) if isinstance(path, Path) else ""
                self.checked[path] = exc.message + near
            except (OSError, ValueError) as exc:
                name = "照片数据" if isinstance(path, bytes) else str(path)
                self.checked[path] = f"无法读取照片：{name}（{exc}）"
        message = self.checked[path]
        if message is not None:
            self.fields.problems.add(PhotoError.at(position, message))
            return False
        return True


def _body_line(node: ScalarNode, line: int, indent: int | None) -> Position:
    """Where line ``line`` of a body stands in the file (a ``|`` body starts a line below)."""
    pos = node.position
    if pos.line is None:
        return pos
    below = 1 if node.raw.endswith("\n") else 0
    column = pos.column if below == 0 or indent is None else indent + 2
    return Position(pos.file, pos.line + below + line, column, pos.key_path)


def _photo_bytes(node: Node | None) -> bytes | None:
    """A photo's bytes, when ``from_dict`` was given bytes or a file object for ``file``."""
    if isinstance(node, ScalarNode) and node.tag == "binary" and not node.bad:
        assert isinstance(node.value, bytes)
        return node.value
    return None


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _near_names(path: Path) -> str:
    """For a missing photo: the file that is there in other letter case (folders too), else
    the nearest names in its folder (extension, typos)."""
    if _exists(path):
        return ""
    known = path
    while not _exists(known) and known.parent != known:
        known = known.parent
    found: list[str] = []
    folder = known
    for part in path.relative_to(known).parts:
        try:
            match = [p for p in folder.iterdir() if p.name.lower() == part.lower()][:1]
        except (OSError, ValueError):
            match = []
        if not match:
            break
        folder = match[0]
        found.append(folder.name)
    else:
        if found:
            return f"（大小写不同：有 {'/'.join(found)}，是不是要写这个？）"
    try:
        names = [p.name for p in path.parent.iterdir() if p.is_file()][:5000]
    except (OSError, ValueError):
        return ""
    import difflib  # only for a photo that is not there: not imported by every load

    near = difflib.get_close_matches(path.name, names, n=3, cutoff=0.6)
    if not near:
        return ""
    return f"（同一文件夹里有：{'、'.join(near)}，是不是要写这个？）"

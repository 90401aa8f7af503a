"""Input and output errors, and their collector: what went wrong, where in the file, in Chinese."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Most errors listed for one file; the rest are counted in ``BulletinErrors.omitted``.
MAX_ERRORS = 50


@dataclass(frozen=True)
class Position:
    """Where a value sits in the issue file: file, 1-based line and column, key path."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    key_path: str = ""

    def child(self, key: str | int) -> str:
        """The key path of a child of this node: ``a.b`` or ``a[2]``."""
        if isinstance(key, int):
            return f"{self.key_path}[{key}]"
        return f"{self.key_path}.{key}" if self.key_path else key

    def where(self) -> str:
        """``file:line:column`` as far as it is known."""
        parts = [self.file or "<文本>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class BulletinError(Exception):
    """Base of every error the library reports about its input or output.

    Carries the file, line, column and key path of the offending value and a
    Chinese message. ``str(error)`` is the line the CLI prints.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        key_path: str = "",
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.key_path = key_path
        super().__init__(self.__str__())

    @classmethod
    def at(cls, position: Position | None, message: str) -> BulletinError:
        """An error of this class at ``position``."""
        if position is None:
            return cls(message)
        return cls(
            message,
            file=position.file,
            line=position.line,
            column=position.column,
            key_path=position.key_path,
        )

    @property
    def position(self) -> Position:
        return Position(self.file, self.line, self.column, self.key_path)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled whole (``build_many``'s worker processes send errors back)."""
        where = {"file": self.file, "line": self.line, "column": self.column}
        return (_rebuild, (type(self), (self.message,), {**where, "key_path": self.key_path}))

    def __str__(self) -> str:
        where = self.position.where() if (self.file or self.line) else ""
        key = f"{self.key_path}：" if self.key_path else ""
        head = f"{where}：" if where else ""
        return f"{head}{key}{self.message}"


class YamlSyntaxError(BulletinError):
    """The file is not valid YAML (or uses a YAML feature the format refuses)."""


class SchemaError(BulletinError):
    """A key is missing, unknown, or holds a value of the wrong type or form."""


class PhotoError(BulletinError):
    """A photo is missing, unreadable, corrupt, unsupported or too large."""


class TemplateError(BulletinError):
    """A .docx template is unreadable, unsafe, or uses an unknown variable."""


class OutputError(BulletinError):
    """The output file cannot be written (missing folder, locked file, full disk)."""


class FontError(BulletinError):
    """A font given by the user cannot be used."""


class RenderError(BulletinError):
    """An external renderer (LibreOffice) failed or is missing."""


class BulletinErrors(BulletinError):
    """Several input errors found in one file, reported together.

    ``errors`` holds each one; the exception's own position is the first's.
    """

    def __init__(self, errors: Iterable[BulletinError], *, omitted: int = 0) -> None:
        self.errors: tuple[BulletinError, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("BulletinErrors needs at least one error")
        self.omitted = omitted
        first = self.errors[0]
        super().__init__(
            first.message,
            file=first.file,
            line=first.line,
            column=first.column,
            key_path=first.key_path,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), (self.errors,), {"omitted": self.omitted}))

    def __str__(self) -> str:
        lines = [str(e) for e in self.errors]
        if self.omitted:
            lines.append(f"……另有 {self.omitted} 处错误未列出。")
        return "\n".join(lines)


def _rebuild(
    cls: type[BulletinError], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> BulletinError:
    """An error from its pickled parts (see ``BulletinError.__reduce__``)."""
    return cls(*args, **kwargs)


@dataclass
class Problems:
    """Every input error found in one file, raised together at the end."""

    errors: list[BulletinError] = field(default_factory=list)

    def add(self, error: BulletinError) -> None:
        self.errors.append(error)

    def __len__(self) -> int:
        return len(self.errors)

    def raise_if_any(self) -> None:
        """Raise nothing, the single error itself, or BulletinErrors in file order."""
        if not self.errors:
            return
        if len(self.errors) == 1:
            raise self.errors[0]
        ordered = sorted(
            self.errors, key=lambda e: (e.line if e.line is not None else 0, e.column or 0)
        )
        shown = ordered[:MAX_ERRORS]
        raise BulletinErrors(shown, omitted=len(ordered) - len(shown))


class BulletinWarning(UserWarning):
    """Something the build fell back on (a font not embedded, a glyph no font has).

    Raised through :mod:`warnings`; the CLI prints each in Chinese.
    """

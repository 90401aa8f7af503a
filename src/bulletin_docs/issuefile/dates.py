"""A date as a clerk types it (2024-6-18, 2024.6.18, 2024/6/18, 2024年6月18日) into its parts."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

#: The forms README lists: year, month and optional day, with -, ., / or 年月日.
_NUMERIC = re.compile(r"(\d{4})\s*([-./])\s*(\d{1,2})(?:\s*\2\s*(\d{1,2}))?")
_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")


class DateError(ValueError):
    """A text in one of the date forms naming a day or month that does not exist."""


@dataclass(frozen=True)
class DateParts:
    year: int
    month: int
    day: int | None = None


def read_date(text: str) -> DateParts | None:
    """The parts of a date in one of the forms, None for other text (printed as typed).

    Raises DateError, in Chinese, for a month or day that does not exist.
    """
    value = text.strip()
    numeric = _NUMERIC.fullmatch(value)
    chinese = _CHINESE.fullmatch(value)
    if numeric:
        year, month, day = numeric.group(1), numeric.group(3), numeric.group(4)
    elif chinese:
        year, month, day = chinese.groups()
    else:
        return None
    parts = DateParts(int(year), int(month), int(day) if day is not None else None)
    if not 1 <= parts.month <= 12:
        raise DateError(f"日期 {value} 不存在：月份应在 1 到 12 之间")
    if parts.year < 1:
        raise DateError(f"日期 {value} 不存在：年份应为四位数")
    if parts.day is not None:
        try:
            _dt.date(parts.year, parts.month, parts.day)
        except ValueError:
            raise DateError(
                f"日期 {value} 不存在：{parts.year}年{parts.month}月没有{parts.day}日"
            ) from None
    return parts

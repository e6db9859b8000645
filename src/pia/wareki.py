"""和暦 (Japanese era) dates: reading, converting and writing them.

Official documents write dates as 「令和7年12月1日」, 「R7年12月1日」 or 「R7.12.1」;
this module reads those (and ISO dates), rejects dates that never existed with a
Japanese message, and writes dates back in the house styles.

Only dates from 明治6年(1873年)1月1日 on are supported: before that Japan used the
lunisolar calendar, so a Gregorian date cannot be written as an era date directly.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pia.errors import PiaError

__all__ = [
    "ERAS",
    "GREGORIAN_START",
    "STYLES",
    "Era",
    "WarekiDate",
    "WarekiError",
    "format_both",
    "format_period",
    "format_wareki",
    "parse_date",
    "parse_year_month",
    "to_wareki",
]

GREGORIAN_START = date(1873, 1, 1)
LAST_YEAR = 2999  # the last year a date may name (date arithmetic stays far from date.max)
"""First supported day: 明治6年1月1日, when Japan adopted the solar calendar."""

_GREGORIAN_START_KEY = (
    GREGORIAN_START.year,
    GREGORIAN_START.month,
    GREGORIAN_START.day,
)
PERIOD_SEPARATOR = "～"


class WarekiError(PiaError, ValueError):
    """A date that cannot be read or never existed; the message is for users (Japanese)."""


@dataclass(frozen=True)
class Era:
    """One era: kanji name, one-letter abbreviation, first and last day."""

    name: str
    letter: str
    start: date
    end: date | None  # last day; None for the current era

    def year_of(self, day: date) -> int:
        """Era year of a day inside this era (1 is 元年)."""
        return day.year - self.start.year + 1

    def gregorian_year(self, era_year: int) -> int:
        return self.start.year + era_year - 1


_ERA_STARTS: tuple[tuple[str, str, date], ...] = (
    ("明治", "M", date(1868, 10, 23)),
    ("大正", "T", date(1912, 7, 30)),
    ("昭和", "S", date(1926, 12, 25)),
    ("平成", "H", date(1989, 1, 8)),
    ("令和", "R", date(2019, 5, 1)),
)


def _build_eras(rows: Sequence[tuple[str, str, date]]) -> tuple[Era, ...]:
    """An era's last day is the day before the next era starts."""
    ends: list[date | None] = [start - timedelta(days=1) for _, _, start in rows[1:]]
    ends.append(None)
    return tuple(Era(name, letter, start, end) for (name, letter, start), end in zip(rows, ends, strict=True))


ERAS: tuple[Era, ...] = _build_eras(_ERA_STARTS)
_ERA_BY_TOKEN: dict[str, Era] = {token: era for era in ERAS for token in (era.name, era.letter)}


@dataclass(frozen=True)
class WarekiDate:
    """A day written in an era: ``WarekiDate("令和", 1, 5, 1)`` is 令和元年5月1日."""

    era: str
    year: int  # 1 for 元年
    month: int
    day: int

    @property
    def era_letter(self) -> str:
        return _ERA_BY_TOKEN[self.era].letter

    @property
    def year_text(self) -> str:
        """「元」 for the first year, otherwise the number."""
        return _year_text(self.year)


def _year_text(era_year: int) -> str:
    return "元" if era_year == 1 else str(era_year)


# --- converting ---------------------------------------------------------------------


def _as_date(day: date) -> date:
    """Drop the time part of a datetime so comparisons with dates work."""
    return date(day.year, day.month, day.day)


def _check_supported(shown: str, year: int, month: int, day: int) -> None:
    if (year, month, day) < _GREGORIAN_START_KEY:
        raise WarekiError(f"{shown}には対応していません。明治6年(1873年)1月1日より前は太陽暦の採用前のため扱えません。")
    if year > LAST_YEAR:  # leaves room for the periods added to a date (5 years, retention …)
        raise WarekiError(f"{shown}には対応していません。{LAST_YEAR}年までの日付にしてください。")


def _era_of(day: date) -> Era:
    for era in reversed(ERAS):
        if era.start <= day:
            return era
    raise WarekiError(f"{day.year}年{day.month}月{day.day}日に当たる元号がありません。")


def to_wareki(day: date) -> WarekiDate:
    """The era date of ``day``; raises WarekiError before 明治6年1月1日."""
    day = _as_date(day)
    _check_supported(f"{day.year}年{day.month}月{day.day}日", day.year, day.month, day.day)
    era = _era_of(day)
    return WarekiDate(era.name, era.year_of(day), day.month, day.day)


# --- writing ------------------------------------------------------------------------

_FORMATTERS: dict[str, Callable[[WarekiDate], str]] = {
    "long": lambda w: f"{w.era}{w.year_text}年{w.month}月{w.day}日",
    "short": lambda w: f"{w.era_letter}{w.year}.{w.month}.{w.day}",
    "abbr": lambda w: f"{w.era_letter}{w.year}年{w.month}月{w.day}日",
    "month": lambda w: f"{w.era}{w.year_text}年{w.month}月",
    "abbr_month": lambda w: f"{w.era_letter}{w.year}年{w.month}月",
}
STYLES: tuple[str, ...] = tuple(_FORMATTERS)
"""long 令和7年12月1日, short R7.12.1, abbr R7年12月1日, month 令和7年12月, abbr_month R7年12月."""


def format_wareki(day: date, *, style: str = "long") -> str:
    """Write ``day`` as an era date in one of :data:`STYLES` (half-width digits)."""
    formatter = _FORMATTERS.get(style)
    if formatter is None:
        raise ValueError(f"書式 {style!r} はありません(使える書式: {', '.join(STYLES)})。")
    return formatter(to_wareki(day))


def format_both(day: date) -> str:
    """House style: era date with the ISO date beside it, 「令和7年12月1日(2025-12-01)」."""
    day = _as_date(day)
    return f"{format_wareki(day)}({day.isoformat()})"


def format_period(start: date, end: date, style: str = "abbr") -> str:
    """A period such as 「R7年12月1日～R8年1月5日」; the end may not precede the start."""
    first, last = format_wareki(start, style=style), format_wareki(end, style=style)
    if _as_date(end) < _as_date(start):
        raise WarekiError(f"期間の終わり({last})が始まり({first})より前になっています。")
    return f"{first}{PERIOD_SEPARATOR}{last}"


# --- reading ------------------------------------------------------------------------

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ー", "-"))
_ERA_ALTERNATIVES = "|".join([era.name for era in ERAS] + [era.letter for era in ERAS])
_YEAR = r"(?P<year>[0-9]{4})"
_ERA_YEAR = rf"(?P<era>{_ERA_ALTERNATIVES})\s*(?P<year>[0-9]{{1,2}}|元)"
_MONTH = r"(?P<month>[0-9]{1,2})"
_DAY = r"(?P<day>[0-9]{1,2})"
_KANJI_MONTH = rf"\s*年\s*{_MONTH}\s*月"
_KANJI_DAY = rf"{_KANJI_MONTH}\s*{_DAY}\s*日"
_SEP_MONTH = rf"[-/.]{_MONTH}"
_SEP_DAY = rf"(?P<sep>[-/.]){_MONTH}(?P=sep){_DAY}"


def _compile(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.ASCII | re.IGNORECASE) for p in patterns)


_DATE_PATTERNS = _compile(_YEAR + _SEP_DAY, _YEAR + _KANJI_DAY, _ERA_YEAR + _KANJI_DAY, _ERA_YEAR + _SEP_DAY)
_MONTH_PATTERNS = _compile(
    _YEAR + _SEP_MONTH,
    _YEAR + _KANJI_MONTH,
    _ERA_YEAR + _KANJI_MONTH,
    _ERA_YEAR + _SEP_MONTH,
)


@dataclass(frozen=True)
class _Written:
    """The parts of a date as the user wrote them (year in the era, if an era is given)."""

    era: Era | None
    year: int
    month: int
    day: int | None  # None when only a year and month were written

    @property
    def year_label(self) -> str:
        if self.era is None:
            return f"{self.year}年"
        return f"{self.era.name}{_year_text(self.year)}年"

    @property
    def shown(self) -> str:
        """The date as written, for messages: 「令和元年4月30日」."""
        day = "" if self.day is None else f"{self.day}日"
        return f"{self.year_label}{self.month}月{day}"

    @property
    def gregorian_year(self) -> int:
        return self.year if self.era is None else self.era.gregorian_year(self.year)


def _normalize(text: str) -> str:
    """Full-width digits, letters and punctuation to half-width; dash variants to '-'."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES).strip()


def _read(text: str, patterns: Sequence[re.Pattern[str]], what: str) -> _Written:
    if not text.strip():
        raise WarekiError(f"{what}が入力されていません。")
    normalized = _normalize(text)
    for pattern in patterns:
        match = pattern.fullmatch(normalized)
        if match is not None:
            return _written(match)
    raise WarekiError(f"{what}として読み取れません: {text!r}")


def _written(match: re.Match[str]) -> _Written:
    parts = match.groupdict()
    era = _ERA_BY_TOKEN[parts["era"].upper()] if parts.get("era") else None
    year = 1 if parts["year"] == "元" else int(parts["year"])
    day = parts.get("day")
    return _Written(era, year, int(parts["month"]), None if day is None else int(day))


def _era_until(era: Era, end: date) -> str:
    return f"{era.name}は{_year_text(era.year_of(end))}年{end.month}月{end.day}日まで"


def _era_from(era: Era) -> str:
    return f"{era.name}は元年{era.start.month}月{era.start.day}日から"


def _check_era_year(era: Era, year: int) -> None:
    if year == 0:
        raise WarekiError(f"{era.name}0年という年はありません。")
    if era.end is not None and year > era.year_of(era.end):
        raise WarekiError(f"{era.name}{year}年は存在しません({_era_until(era, era.end)})。")


def _first_day(written: _Written) -> date:
    """The written day (or the first of the written month), checked to exist."""
    year, month, day = written.gregorian_year, written.month, written.day
    day = 1 if day is None else day
    if not 1 <= month <= 12:
        raise WarekiError(f"{written.shown}は存在しません(月は1～12です)。")
    _check_supported(written.shown, year, month, day)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        which = f"{written.year_label}の2月" if month == 2 else f"{month}月"
        raise WarekiError(f"{written.shown}は存在しない日付です({which}は{last}日までです)。")
    return date(year, month, day)


def _check_in_era(written: _Written, era: Era, first: date, last: date) -> None:
    """Reject a day or month wholly outside its era, suggesting the right era."""
    if era.end is not None and first > era.end:
        limit = _era_until(era, era.end)
    elif last < era.start:
        limit = _era_from(era)
    else:
        return
    hint = format_wareki(first, style="month" if written.day is None else "long")
    raise WarekiError(f"{written.shown}は存在しません({limit})。{hint}のことではありませんか。")


def _resolve(written: _Written) -> date:
    """The written day, or the first day of the written month, checked against its era."""
    if written.era is not None:
        _check_era_year(written.era, written.year)
    first = _first_day(written)
    last = first
    if written.day is None:
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if written.era is not None:
        _check_in_era(written, written.era, first, last)
    return first


def parse_date(text: str) -> date:
    """Read 「令和7年12月1日」, 「R7.12.1」, 「2025-12-01」 and similar forms.

    Full-width characters and surrounding spaces are accepted; dates that never
    existed (平成32年, 令和元年4月30日, 2月30日 ...) raise WarekiError.
    """
    return _resolve(_read(text, _DATE_PATTERNS, "日付"))


def as_date(value: object) -> date:
    """A ``date`` as it is, anything else read as text by :func:`parse_date` (WarekiError)."""
    return value if isinstance(value, date) else parse_date(str(value))


def parse_year_month(text: str) -> tuple[int, int]:
    """Read a year and month such as 「R8年3月」, 「令和8年3月」 or 「2026-03」.

    Returns the Gregorian ``(year, month)``.
    """
    first = _resolve(_read(text, _MONTH_PATTERNS, "年月"))
    return first.year, first.month

"""The expected date written in a 未定 text of a 評価書.

A 委託先名 that is not known yet is written 「未定(令和8年3月頃契約締結予定)」; a 再委託事項 or a
contract may be 「令和8年度中」 or 「2026年4月予定」. The register keeps such a date as a follow-up
and how precisely it was written: the day itself, or the last day of the month, 年度 (31 March)
or year written, so a follow-up is never due before the text allows. Era arithmetic is
``pia.wareki``'s (an era date that never existed is no date: the text gives none)."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pia.wareki import ERAS, WarekiError, format_wareki, parse_date, parse_year_month, to_wareki

UNDECIDED = "未定"


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    FISCAL_YEAR = "fiscal_year"
    YEAR = "year"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {Precision.DAY: "日", Precision.MONTH: "月", Precision.FISCAL_YEAR: "年度", Precision.YEAR: "年"}


@dataclass(frozen=True)
class ExpectedDate:
    """``on`` is the last day the text allows (the day, or the end of its month, 年度 or year)."""

    on: date
    precision: Precision

    def describe(self) -> str:
        """As a person would write it: 「令和8年3月頃」, 「令和8年度中」, 「令和8年3月15日」."""
        if self.precision is Precision.DAY:
            return format_wareki(self.on)
        if self.precision is Precision.MONTH:
            return f"{format_wareki(self.on, style='month')}頃"
        if self.precision is Precision.FISCAL_YEAR:
            # A 年度 is named by the era of its first 31 December (令和元年度 began in 平成31年4月).
            named = to_wareki(date(self.on.year - 1, 12, 31))
            return f"{named.era}{named.year_text}年度中"
        end = to_wareki(self.on)
        return f"{end.era}{end.year_text}年中"


def is_undecided(text: str) -> bool:
    """Whether a value says it is not decided yet (「未定」, 「未定(…予定)」)."""
    return unicodedata.normalize("NFKC", text).strip().startswith(UNDECIDED)


_ERA_TOKENS = "|".join([era.name for era in ERAS] + [era.letter for era in ERAS])
_YEAR = rf"(?:(?P<era>{_ERA_TOKENS})\s*(?P<eyear>[0-9]{{1,2}}|元)|(?P<year>[0-9]{{4}}))"
_PATTERNS = (
    (Precision.DAY, re.compile(rf"{_YEAR}\s*年\s*(?P<month>[0-9]{{1,2}})\s*月\s*(?P<day>[0-9]{{1,2}})\s*日")),
    (Precision.DAY, re.compile(rf"{_YEAR}(?P<sep>[./-])(?P<month>[0-9]{{1,2}})(?P=sep)(?P<day>[0-9]{{1,2}})(?![0-9])")),
    (Precision.MONTH, re.compile(rf"{_YEAR}\s*年\s*(?P<month>[0-9]{{1,2}})\s*月")),
    (Precision.MONTH, re.compile(rf"{_YEAR}[./-](?P<month>[0-9]{{1,2}})(?![0-9./-])")),
    (Precision.FISCAL_YEAR, re.compile(rf"{_YEAR}\s*年\s*度")),
    (Precision.YEAR, re.compile(rf"{_YEAR}\s*年(?!\s*[0-9度])")),
)


def expected_date(text: str) -> ExpectedDate | None:
    """The first date the text gives, at the precision it is written; None when it gives none."""
    normalised = unicodedata.normalize("NFKC", text or "")
    found: list[tuple[int, ExpectedDate]] = []
    for precision, pattern in _PATTERNS:
        for match in pattern.finditer(normalised):
            expected = _read(match, precision)
            if expected is not None:
                found.append((match.start(), expected))
                break
    if not found:
        return None
    first = min(start for start, _ in found)
    # Of the readings that start where the first date does, the most precise (patterns are in that order).
    return next(expected for start, expected in found if start == first)


def _read(match: re.Match[str], precision: Precision) -> ExpectedDate | None:
    parts = match.groupdict()
    year = _gregorian_year(parts)
    try:
        if precision is Precision.DAY:
            return ExpectedDate(parse_date(f"{_year_text(parts)}年{parts['month']}月{parts['day']}日"), precision)
        if precision is Precision.MONTH:
            y, m = parse_year_month(f"{_year_text(parts)}年{parts['month']}月")
            return ExpectedDate(date(y, m, calendar.monthrange(y, m)[1]), precision)
    except WarekiError:
        return None
    if year is None or not 1873 <= year <= 2998:
        return None
    if precision is Precision.FISCAL_YEAR:  # 年度: 1 April to 31 March of the next year
        return ExpectedDate(date(year + 1, 3, 31), precision)
    return ExpectedDate(date(year, 12, 31), precision)


def _year_text(parts: dict[str, str | None]) -> str:
    if parts.get("era"):
        return f"{parts['era']}{parts['eyear']}"
    return str(parts["year"])


def _gregorian_year(parts: dict[str, str | None]) -> int | None:
    """The Gregorian year of the written year; an era year past the era's end is no year."""
    if not parts.get("era"):
        return int(str(parts["year"]))
    token = str(parts["era"]).upper() if len(str(parts["era"])) == 1 else str(parts["era"])
    era = next(e for e in ERAS if token in (e.name, e.letter))
    era_year = 1 if parts["eyear"] == "元" else int(str(parts["eyear"]))
    if era_year == 0 or (era.end is not None and era_year > era.year_of(era.end)):
        return None
    return era.gregorian_year(era_year)

"""Tests for pia.wareki: reading, rejecting and writing 和暦 dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pia.wareki import (
    ERAS,
    STYLES,
    WarekiDate,
    WarekiError,
    format_both,
    format_period,
    format_wareki,
    parse_date,
    parse_year_month,
    to_wareki,
)

DAY_STYLES = ("long", "short", "abbr")

ACCEPTED_DATES = [
    # ISO and Gregorian forms
    ("2025-12-01", date(2025, 12, 1)),
    ("2025/12/1", date(2025, 12, 1)),
    ("2025.12.1", date(2025, 12, 1)),
    ("2025年12月1日", date(2025, 12, 1)),
    # era forms
    ("令和7年12月1日", date(2025, 12, 1)),
    ("R7年12月1日", date(2025, 12, 1)),
    ("R7.12.1", date(2025, 12, 1)),
    ("R07.12.01", date(2025, 12, 1)),
    ("r7.12.1", date(2025, 12, 1)),
    ("R7/12/1", date(2025, 12, 1)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("令和1年5月1日", date(2019, 5, 1)),
    ("R1.5.1", date(2019, 5, 1)),
    ("H31.4.30", date(2019, 4, 30)),
    ("令和 7年 12月 1日", date(2025, 12, 1)),
    # full-width input and surrounding spaces
    ("令和７年１２月１日", date(2025, 12, 1)),
    ("Ｒ７．１２．１", date(2025, 12, 1)),
    ("ｒ７．１２．１", date(2025, 12, 1)),
    ("２０２５－１２－０１", date(2025, 12, 1)),
    ("２０２５／１２／１", date(2025, 12, 1)),
    ("２０２５年１２月１日", date(2025, 12, 1)),
    ("  令和7年12月1日  ", date(2025, 12, 1)),
    ("\u3000R7.12.1\u3000", date(2025, 12, 1)),
    ("\t2025-12-01\n", date(2025, 12, 1)),
    ("㋿7年12月1日", date(2025, 12, 1)),
    # era boundaries
    ("平成31年4月30日", date(2019, 4, 30)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("昭和64年1月7日", date(1989, 1, 7)),
    ("S64.1.7", date(1989, 1, 7)),
    ("平成元年1月8日", date(1989, 1, 8)),
    ("H1.1.8", date(1989, 1, 8)),
    ("大正15年12月24日", date(1926, 12, 24)),
    ("昭和元年12月25日", date(1926, 12, 25)),
    ("明治45年7月29日", date(1912, 7, 29)),
    ("大正元年7月30日", date(1912, 7, 30)),
    ("T1.7.30", date(1912, 7, 30)),
    ("明治6年1月1日", date(1873, 1, 1)),
    ("M6.1.1", date(1873, 1, 1)),
    ("1873-01-01", date(1873, 1, 1)),
    # leap day
    ("令和6年2月29日", date(2024, 2, 29)),
    ("R6.2.29", date(2024, 2, 29)),
    ("平成12年2月29日", date(2000, 2, 29)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED_DATES)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text) == expected


REJECTED_DATES = [
    # (text, fragments the message must contain)
    ("平成32年1月1日", ["平成32年は存在しません", "平成は31年4月30日まで"]),
    ("H32.1.1", ["平成32年"]),
    ("昭和65年1月1日", ["昭和65年", "昭和は64年1月7日まで"]),
    ("平成31年5月1日", ["平成31年5月1日", "平成は31年4月30日まで", "令和元年5月1日"]),
    ("H31.5.1", ["平成31年5月1日", "令和元年5月1日"]),
    ("昭和64年1月8日", ["昭和64年1月8日", "平成元年1月8日"]),
    ("令和0年1月1日", ["令和0年という年はありません"]),
    ("R0.1.1", ["令和0年"]),
    ("R00.01.01", ["令和0年"]),
    ("令和元年4月30日", ["令和元年4月30日", "令和は元年5月1日から", "平成31年4月30日"]),
    ("平成元年1月7日", ["平成元年1月7日", "昭和64年1月7日"]),
    ("令和5年2月29日", ["令和5年2月29日は存在しない日付です", "2月は28日まで"]),
    ("R5.2.29", ["令和5年2月29日"]),
    ("令和7年2月30日", ["令和7年2月30日", "2月30日は存在しない日付です"]),
    ("2025-02-30", ["2025年2月30日は存在しない日付です"]),
    ("令和7年4月31日", ["令和7年4月31日", "4月は30日まで"]),
    ("令和7年12月0日", ["令和7年12月0日"]),
    ("令和7年13月1日", ["令和7年13月1日", "月は1～12"]),
    ("2025-13-01", ["2025年13月1日"]),
    ("2025-00-01", ["2025年0月1日"]),
    ("明治5年12月2日", ["明治5年12月2日", "明治6年(1873年)1月1日より前"]),
    ("明治元年1月1日", ["明治元年1月1日", "1873年"]),
    ("1872-12-31", ["1872年12月31日", "1873年"]),
    ("", ["日付が入力されていません"]),
    ("   ", ["日付が入力されていません"]),
    ("\u3000", ["日付が入力されていません"]),
    ("xxx", ["日付として読み取れません: 'xxx'"]),
    ("X7.12.1", ["日付として読み取れません: 'X7.12.1'"]),
    ("2025-12/01", ["読み取れません"]),
    ("令和7年12月", ["読み取れません"]),
    ("R7.12.1.5", ["読み取れません"]),
    ("令和123年1月1日", ["読み取れません"]),
]


@pytest.mark.parametrize(("text", "fragments"), REJECTED_DATES)
def test_parse_date_rejects(text: str, fragments: list[str]) -> None:
    with pytest.raises(WarekiError) as caught:
        parse_date(text)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_wareki_error_is_value_error() -> None:
    with pytest.raises(ValueError, match="平成32年"):
        parse_date("平成32年1月1日")


ACCEPTED_MONTHS = [
    ("R8年3月", (2026, 3)),
    ("令和8年3月", (2026, 3)),
    ("r8年3月", (2026, 3)),
    ("R8.3", (2026, 3)),
    ("R08.03", (2026, 3)),
    ("2026-03", (2026, 3)),
    ("2026/3", (2026, 3)),
    ("2026年3月", (2026, 3)),
    ("Ｒ８年３月", (2026, 3)),
    ("令和８年３月", (2026, 3)),
    (" 令和8年3月 ", (2026, 3)),
    ("令和元年5月", (2019, 5)),
    ("平成31年4月", (2019, 4)),
    ("昭和64年1月", (1989, 1)),
    ("平成元年1月", (1989, 1)),
    ("明治6年1月", (1873, 1)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED_MONTHS)
def test_parse_year_month_accepts(text: str, expected: tuple[int, int]) -> None:
    assert parse_year_month(text) == expected


REJECTED_MONTHS = [
    ("平成31年5月", ["平成31年5月は存在しません", "令和元年5月"]),
    ("令和元年4月", ["令和元年4月は存在しません", "平成31年4月"]),
    ("平成32年1月", ["平成32年は存在しません"]),
    ("令和0年3月", ["令和0年という年はありません"]),
    ("令和8年13月", ["令和8年13月", "月は1～12"]),
    ("2026-00", ["2026年0月"]),
    ("明治5年12月", ["明治5年12月", "1873年"]),
    ("", ["年月が入力されていません"]),
    ("R8年3月1日", ["年月として読み取れません"]),
    ("R8年3月（予定）", ["年月として読み取れません"]),
]


@pytest.mark.parametrize(("text", "fragments"), REJECTED_MONTHS)
def test_parse_year_month_rejects(text: str, fragments: list[str]) -> None:
    with pytest.raises(WarekiError) as caught:
        parse_year_month(text)
    for fragment in fragments:
        assert fragment in str(caught.value)


TO_WAREKI = [
    (date(2025, 12, 1), WarekiDate("令和", 7, 12, 1)),
    (date(2019, 5, 1), WarekiDate("令和", 1, 5, 1)),
    (date(2019, 4, 30), WarekiDate("平成", 31, 4, 30)),
    (date(1989, 1, 8), WarekiDate("平成", 1, 1, 8)),
    (date(1989, 1, 7), WarekiDate("昭和", 64, 1, 7)),
    (date(1926, 12, 25), WarekiDate("昭和", 1, 12, 25)),
    (date(1926, 12, 24), WarekiDate("大正", 15, 12, 24)),
    (date(1912, 7, 30), WarekiDate("大正", 1, 7, 30)),
    (date(1912, 7, 29), WarekiDate("明治", 45, 7, 29)),
    (date(1873, 1, 1), WarekiDate("明治", 6, 1, 1)),
]


@pytest.mark.parametrize(("day", "expected"), TO_WAREKI)
def test_to_wareki(day: date, expected: WarekiDate) -> None:
    assert to_wareki(day) == expected


def test_to_wareki_accepts_datetime() -> None:
    assert to_wareki(datetime(2025, 12, 1, 13, 45)) == WarekiDate("令和", 7, 12, 1)


def test_wareki_date_helpers() -> None:
    assert WarekiDate("令和", 1, 5, 1).year_text == "元"
    assert WarekiDate("令和", 7, 12, 1).year_text == "7"
    assert WarekiDate("平成", 31, 4, 30).era_letter == "H"


@pytest.mark.parametrize("day", [date(1872, 12, 31), date(1868, 10, 23), date(1, 1, 1)])
def test_to_wareki_rejects_before_gregorian_calendar(day: date) -> None:
    with pytest.raises(WarekiError, match="1873年"):
        to_wareki(day)


FORMATTED = [
    (date(2025, 12, 1), "long", "令和7年12月1日"),
    (date(2025, 12, 1), "short", "R7.12.1"),
    (date(2025, 12, 1), "abbr", "R7年12月1日"),
    (date(2025, 12, 1), "month", "令和7年12月"),
    (date(2025, 12, 1), "abbr_month", "R7年12月"),
    (date(2026, 3, 31), "month", "令和8年3月"),
    (date(2026, 3, 31), "abbr_month", "R8年3月"),
    (date(2019, 5, 1), "long", "令和元年5月1日"),
    (date(2019, 5, 1), "short", "R1.5.1"),
    (date(2019, 5, 1), "abbr", "R1年5月1日"),
    (date(2019, 5, 1), "month", "令和元年5月"),
    (date(2019, 5, 1), "abbr_month", "R1年5月"),
    (date(2019, 4, 30), "long", "平成31年4月30日"),
    (date(2019, 4, 30), "short", "H31.4.30"),
    (date(1989, 1, 7), "long", "昭和64年1月7日"),
    (date(1989, 1, 8), "long", "平成元年1月8日"),
    (date(1989, 1, 8), "short", "H1.1.8"),
    (date(1926, 12, 25), "abbr", "S1年12月25日"),
    (date(1912, 7, 30), "long", "大正元年7月30日"),
    (date(1912, 7, 29), "short", "M45.7.29"),
    (date(2024, 2, 29), "long", "令和6年2月29日"),
]


@pytest.mark.parametrize(("day", "style", "expected"), FORMATTED)
def test_format_wareki(day: date, style: str, expected: str) -> None:
    assert format_wareki(day, style=style) == expected


def test_format_wareki_default_style_is_long() -> None:
    assert format_wareki(date(2025, 12, 1)) == "令和7年12月1日"


def test_format_wareki_rejects_unknown_style() -> None:
    with pytest.raises(ValueError, match="'iso'"):
        format_wareki(date(2025, 12, 1), style="iso")


def test_styles_lists_every_style() -> None:
    assert STYLES == ("long", "short", "abbr", "month", "abbr_month")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 12, 1), "令和7年12月1日(2025-12-01)"),
        (date(2019, 5, 1), "令和元年5月1日(2019-05-01)"),
        (datetime(2019, 4, 30, 23, 59), "平成31年4月30日(2019-04-30)"),
    ],
)
def test_format_both(day: date, expected: str) -> None:
    assert format_both(day) == expected


@pytest.mark.parametrize(
    ("start", "end", "style", "expected"),
    [
        (date(2025, 12, 1), date(2026, 1, 5), "abbr", "R7年12月1日～R8年1月5日"),
        (date(2025, 12, 1), date(2026, 1, 5), "long", "令和7年12月1日～令和8年1月5日"),
        (date(2019, 4, 1), date(2019, 5, 31), "short", "H31.4.1～R1.5.31"),
        (date(2025, 12, 1), date(2025, 12, 1), "abbr", "R7年12月1日～R7年12月1日"),
        (date(2025, 12, 1), date(2026, 3, 31), "month", "令和7年12月～令和8年3月"),
    ],
)
def test_format_period(start: date, end: date, style: str, expected: str) -> None:
    assert format_period(start, end, style) == expected


def test_format_period_default_style_is_abbr() -> None:
    assert format_period(date(2025, 12, 1), date(2026, 1, 5)) == "R7年12月1日～R8年1月5日"


def test_format_period_rejects_reversed_period() -> None:
    with pytest.raises(WarekiError, match="R7年12月1日") as caught:
        format_period(date(2025, 12, 1), date(2025, 1, 5))
    assert "R7年1月5日" in str(caught.value)


def test_eras_table() -> None:
    assert [(era.name, era.letter, era.start) for era in ERAS] == [
        ("明治", "M", date(1868, 10, 23)),
        ("大正", "T", date(1912, 7, 30)),
        ("昭和", "S", date(1926, 12, 25)),
        ("平成", "H", date(1989, 1, 8)),
        ("令和", "R", date(2019, 5, 1)),
    ]


def test_each_era_ends_the_day_before_the_next_starts() -> None:
    for era, following in pairwise(ERAS):
        assert era.end == following.start - timedelta(days=1)
    assert ERAS[-1].end is None


ROUND_TRIP_DAYS = [
    date(1873, 1, 1),
    date(1912, 7, 29),
    date(1912, 7, 30),
    date(1926, 12, 24),
    date(1926, 12, 25),
    date(1989, 1, 7),
    date(1989, 1, 8),
    date(2019, 4, 30),
    date(2019, 5, 1),
    date(2024, 2, 29),
    date(2025, 12, 1),
]


@pytest.mark.parametrize("style", DAY_STYLES)
@pytest.mark.parametrize("day", ROUND_TRIP_DAYS)
def test_round_trip(day: date, style: str) -> None:
    assert parse_date(format_wareki(day, style=style)) == day


@pytest.mark.parametrize("day", ROUND_TRIP_DAYS)
def test_round_trip_year_month(day: date) -> None:
    for style in ("month", "abbr_month"):
        assert parse_year_month(format_wareki(day, style=style)) == (day.year, day.month)


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    style=st.sampled_from(DAY_STYLES),
)
def test_round_trip_property(day: date, style: str) -> None:
    assert parse_date(format_wareki(day, style=style)) == day
    assert parse_date(format_both(day).split("(")[1].rstrip(")")) == day


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_round_trip_year_month_property(day: date) -> None:
    for style in ("month", "abbr_month"):
        assert parse_year_month(format_wareki(day, style=style)) == (day.year, day.month)

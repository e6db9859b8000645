"""pia.contractors.expected: the expected date of a 未定 text, at the precision it is written."""

from __future__ import annotations

from datetime import date

import pytest

from pia.contractors import ExpectedDate, Precision, expected_date, is_undecided

M, D, FY, Y = Precision.MONTH, Precision.DAY, Precision.FISCAL_YEAR, Precision.YEAR

CASES = [
    # the seed's 委託事項2 ⑥委託先名
    ("未定(令和8年3月頃契約締結予定)", date(2026, 3, 31), M),
    ("未定(令和8年3月頃契約締結予定)", date(2026, 3, 31), M),  # full-width parentheses (NFKC)
    ("令和8年度中", date(2027, 3, 31), FY),
    ("令和８年度中に契約予定", date(2027, 3, 31), FY),  # a full-width digit
    ("2026年4月予定", date(2026, 4, 30), M),
    ("2026年2月予定", date(2026, 2, 28), M),
    ("2028年2月予定", date(2028, 2, 29), M),  # a leap year
    ("R8年3月頃", date(2026, 3, 31), M),
    ("2026-04", date(2026, 4, 30), M),
    ("未定(令和8年3月15日契約予定)", date(2026, 3, 15), D),
    ("R8.3.15", date(2026, 3, 15), D),
    ("令和元年度中", date(2020, 3, 31), FY),  # 令和元年度 begins in 平成31年4月
    ("令和8年中", date(2026, 12, 31), Y),
    ("未定(令和8年3月頃。遅くとも令和8年度中)", date(2026, 3, 31), M),  # the first date written
]


@pytest.mark.parametrize(("text", "on", "precision"), CASES)
def test_the_date_a_text_expects(text: str, on: date, precision: Precision) -> None:
    assert expected_date(text) == ExpectedDate(on, precision)


@pytest.mark.parametrize(
    "text",
    ["", "未定", "株式会社肥後システムサービス", "令和8年13月頃", "平成32年3月", "令和0年度", "10人以上50人未満"],
)
def test_no_date_is_none(text: str) -> None:
    assert expected_date(text) is None


@pytest.mark.parametrize(
    ("expected", "text"),
    [
        (ExpectedDate(date(2026, 3, 31), M), "令和8年3月頃"),
        (ExpectedDate(date(2027, 3, 31), FY), "令和8年度中"),
        (ExpectedDate(date(2026, 3, 15), D), "令和8年3月15日"),
        (ExpectedDate(date(2026, 12, 31), Y), "令和8年中"),
        (ExpectedDate(date(2020, 3, 31), FY), "令和元年度中"),
    ],
)
def test_described_as_written(expected: ExpectedDate, text: str) -> None:
    assert expected.describe() == text


@pytest.mark.parametrize(
    ("text", "undecided"),
    [
        ("未定", True),
        ("未定(令和8年3月頃契約締結予定)", True),
        (" 未定 ", True),
        ("株式会社未定産業", False),
        ("", False),
    ],
)
def test_undecided_texts(text: str, undecided: bool) -> None:
    assert is_undecided(text) is undecided


def test_precision_labels_are_japanese() -> None:
    assert [p.label for p in Precision] == ["日", "月", "年度", "年"]

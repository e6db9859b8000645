"""Converters of the rules data's values (a value and where it is → the typed value), each
failure a ``RuleDataError`` naming the table, row and key (「規則データ constants[0].status: …」)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from pia.rules.rulerows import STATUSES, RuleDataError

Conv = Callable[[Any, str], Any]


def fail(where: str, message: str) -> RuleDataError:
    return RuleDataError(f"規則データ {where}: {message}")


def text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(where, "空でない文字列にしてください。")
    return value


def integer(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise fail(where, "0以上の整数にしてください。")
    return value


def boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise fail(where, "true か false にしてください。")
    return value


def texts(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail(where, "文字列のリストにしてください。")
    return tuple(text(v, f"{where}[{i}]") for i, v in enumerate(value))


def iso_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise fail(where, "日付は YYYY-MM-DD で書いてください。") from None


def month_day(value: Any, where: str) -> tuple[int, int]:
    try:
        parsed = date.fromisoformat(f"2000-{text(value, where)}")
    except ValueError:
        raise fail(where, "月日は MM-DD で書いてください(例: 12-29)。") from None
    return parsed.month, parsed.day


def one_of(allowed: Sequence[str]) -> Conv:
    def convert(value: Any, where: str) -> str:
        if value not in allowed:
            raise fail(where, f"{' / '.join(allowed)} のいずれかにしてください。")
        return str(value)

    return convert


status: Conv = one_of(STATUSES)

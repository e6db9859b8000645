"""Format checks (draft level): is each stored value the right shape for its item kind?

Each function takes the item and the stored value and returns ``(code, message)`` pairs;
the engine adds the path and the label.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pia.document.paths import ELEMENT_ID
from pia.document.values import period_bounds, ticked
from pia.forms.model import Item, Kind
from pia.wareki import WarekiError, parse_date

Problem = tuple[str, str]


def _options_text(item: Item) -> str:
    return "、".join(f"{o.no}) {o.label}" for o in item.options)


def check_text(item: Item, value: Any) -> Iterator[Problem]:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        yield "value.type", "文章で記入してください(リストや入れ子の値は使えません)。"


def check_choice(item: Item, value: Any) -> Iterator[Problem]:
    if value == "":
        return
    if not isinstance(value, str) or item.option(value) is None:
        yield "choice.invalid-option", f"「{value}」は選択肢にありません。次から選んでください: {_options_text(item)}"


def check_checkbox(item: Item, value: Any) -> Iterator[Problem]:
    if not isinstance(value, list):
        yield "value.type", "チェック項目はリストで記入してください(例: [専用線, {その他: …}])。"
        return
    entries = ticked(value)
    if len(entries) != len(value):
        yield "value.type", "チェック項目の各要素は選択肢名か {選択肢名: 記入内容} の形で記入してください。"
    for label in entries:
        if item.option(label) is None:
            yield (
                "checkbox.invalid-option",
                f"「{label}」はチェック項目にありません。次から選んでください: {_options_text(item)}",
            )


def check_date(item: Item, value: Any) -> Iterator[Problem]:
    if value == "":
        return
    try:
        parse_date(str(value))
    except WarekiError as exc:
        yield "date.invalid", f"日付が正しくありません: {exc}"


def check_period(item: Item, value: Any) -> Iterator[Problem]:
    if value in ("", None):
        return
    if not isinstance(value, dict) or set(value) - {"start", "end"}:
        yield "value.type", "期間は {start: 開始日, end: 終了日} の形で記入してください。"
        return
    start, end = period_bounds(value)
    for which, text in (("開始日", start), ("終了日", end)):
        for _, message in check_date(item, text):
            yield "date.invalid", f"{which}の{message}"
    try:
        if start and end and parse_date(end) < parse_date(start):
            yield "period.order", f"終了日({end})が開始日({start})より前になっています。"
    except WarekiError:
        return


def check_number(item: Item, value: Any) -> Iterator[Problem]:
    if value == "":
        return
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        yield "number.invalid", f"「{value}」は0以上の整数ではありません。半角数字で記入してください。"


def check_repeat(item: Item, value: Any) -> Iterator[Problem]:
    if value in (None, ""):
        return
    if not isinstance(value, list):
        yield "value.type", "繰り返し項目は要素のリストで記入してください。"
        return
    seen: set[str] = set()
    for n, element in enumerate(value, start=1):
        element_id = element.get("id") if isinstance(element, dict) else None
        if not isinstance(element_id, str) or not ELEMENT_ID.match(element_id):
            yield "repeat.bad-id", f"{n}件目に正しい id(半角英数字・-・_)がありません。"
        elif element_id in seen:
            yield "repeat.duplicate-id", f"id「{element_id}」が重複しています。要素ごとに異なる id にしてください。"
        else:
            seen.add(element_id)


CHECKERS: dict[Kind, Callable[[Item, Any], Iterator[Problem]]] = {
    Kind.TEXT: check_text,
    Kind.CHOICE: check_choice,
    Kind.CHECKBOX: check_checkbox,
    Kind.DATE: check_date,
    Kind.PERIOD: check_period,
    Kind.NUMBER: check_number,
    Kind.REPEAT: check_repeat,
}


def check_format(item: Item, value: Any) -> Iterator[Problem]:
    if value is None or item.kind not in CHECKERS:
        return iter(())
    return CHECKERS[item.kind](item, value)

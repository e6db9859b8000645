"""Format checks (draft level): is each stored value the right shape for its item kind, and
within the limits of the form data (``max_length`` characters per value, ``max_elements`` per
repeat, element ids of a safe pattern without duplicates)?

Each function takes the item and the stored value and returns ``(code, message)`` pairs;
the engine adds the path and the label. Messages never repeat a long value in full.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pia.document.images import ref_problem
from pia.document.paths import ELEMENT_ID
from pia.document.values import period_bounds, ticked
from pia.forms.model import Item, Kind
from pia.wareki import WarekiError, parse_date

Problem = tuple[str, str]


SHOWN_CHARS = 30  # a value quoted in a message is cut after this many characters


def _options_text(item: Item) -> str:
    return "、".join(f"{o.no}) {o.label}" for o in item.options)


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def too_long(item: Item, text: str, what: str = "") -> Iterator[Problem]:
    """``text`` over the item's ``length_limit`` (``what`` names the part: 開始日, a slot …)."""
    limit = item.length_limit
    if limit is not None and len(text) > limit:
        yield (
            "value.too-long",
            f"{what}{len(text):,}文字あります。この欄は{limit:,}文字までです。{limit:,}文字以内に短くしてください。",
        )


def check_text(item: Item, value: Any) -> Iterator[Problem]:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        yield "value.type", "文章で記入してください(リストや入れ子の値は使えません)。"
        return
    yield from too_long(item, str(value))


def check_choice(item: Item, value: Any) -> Iterator[Problem]:
    if value == "":
        return
    if not isinstance(value, str) or item.option(value) is None:
        yield (
            "choice.invalid-option",
            f"「{_shown(value)}」は選択肢にありません。次から選んでください: {_options_text(item)}",
        )


def check_checkbox(item: Item, value: Any) -> Iterator[Problem]:
    if not isinstance(value, list):
        yield "value.type", "チェック項目はリストで記入してください(例: [専用線, {その他: …}])。"
        return
    entries = ticked(value)
    if len(entries) != len(value):
        yield "value.type", "チェック項目の各要素は選択肢名か {選択肢名: 記入内容} の形で記入してください。"
    for label, slot in entries.items():
        if item.option(label) is None:
            yield (
                "checkbox.invalid-option",
                f"「{_shown(label)}」はチェック項目にありません。次から選んでください: {_options_text(item)}",
            )
        else:
            yield from too_long(item, slot, f"「{label}」の記入内容が")


def check_date(item: Item, value: Any) -> Iterator[Problem]:
    if value == "":
        return
    long = list(too_long(item, str(value)))
    if long:
        yield from long
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
        for code, message in check_date(item, text):
            yield code, f"{which}の{message}" if code == "date.invalid" else f"{which}が{message}"
        if any(True for _ in too_long(item, text)):
            return
    try:
        if start and end and parse_date(end) < parse_date(start):
            yield "period.order", f"終了日({end})が開始日({start})より前になっています。"
    except WarekiError:
        return


def check_number(item: Item, value: Any) -> Iterator[Problem]:
    if value == "":
        return
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        yield "number.invalid", f"「{_shown(value)}」は0以上の整数ではありません。半角数字で記入してください。"
        return
    text = str(value).strip()
    long = list(too_long(item, text))
    if long:
        yield from long
    elif not text.isdigit():
        yield "number.invalid", f"「{_shown(value)}」は0以上の整数ではありません。半角数字で記入してください。"


def check_image(item: Item, value: Any) -> Iterator[Problem]:
    """A list of figure references (``pia.document.images``), at most the item's figures, each
    well formed with a caption within ``max_length``; whether the bytes exist is checked where
    they are (``check(…, attachments=…)``)."""
    if value in ("", None):
        return
    if not isinstance(value, list):
        yield "value.type", "図は参照のリストで記入してください(例: [{file: 図1.png, sha256: …, media_type: …}])。"
        return
    if len(value) > item.element_limit:
        yield "image.too-many", f"図が{len(value):,}枚あります。この欄は{item.element_limit:,}枚までです。"
    files: set[str] = set()
    for n, entry in enumerate(value, start=1):
        problem = ref_problem(entry)
        if problem:
            yield "image.reference", f"{n}枚目: {problem}"
            continue
        yield from too_long(item, str(entry.get("caption") or ""), f"{n}枚目の説明が")
        if entry["file"] in files:
            yield (
                "image.duplicate-file",
                f"ファイル名「{entry['file']}」が2回あります。図ごとに別の名前にしてください。",
            )
        files.add(entry["file"])


def check_repeat(item: Item, value: Any) -> Iterator[Problem]:
    if value in (None, ""):
        return
    if not isinstance(value, list):
        yield "value.type", "繰り返し項目は要素のリストで記入してください。"
        return
    yield from check_element_ids(item, [e.get("id") if isinstance(e, dict) else None for e in value])


def check_element_ids(item: Item, ids: Sequence[object], allowed: int | None = None) -> Iterator[Problem]:
    """The ids of a repeat's elements, in order: each of the safe pattern (``ELEMENT_ID``), none
    twice, and no more than ``allowed`` of them (default: the repeat's ``element_limit``). The
    editor checks a posted order with the same rule before it builds anything from it."""
    limit = item.element_limit if allowed is None else allowed
    if len(ids) > limit:
        yield (
            "repeat.too-many",
            f"{len(ids):,}件あります。「{item.label}」は{item.element_limit:,}件までです。"
            f"{item.element_limit:,}件以内にしてください。",
        )
    seen: set[str] = set()
    for n, element_id in enumerate(ids, start=1):
        if not isinstance(element_id, str) or not ELEMENT_ID.match(element_id):
            yield "repeat.bad-id", f"{n}件目に正しい id(半角英数字・-・_ で64文字まで)がありません。"
        elif element_id in seen:
            yield (
                "repeat.duplicate-id",
                f"id「{element_id}」が重複しています。要素ごとに異なる id にしてください。",
            )
        else:
            seen.add(element_id)


CHECKERS: dict[Kind, Callable[[Item, Any], Iterator[Problem]]] = {
    Kind.TEXT: check_text,
    Kind.CHOICE: check_choice,
    Kind.CHECKBOX: check_checkbox,
    Kind.DATE: check_date,
    Kind.PERIOD: check_period,
    Kind.NUMBER: check_number,
    Kind.IMAGE: check_image,
    Kind.REPEAT: check_repeat,
}


def check_format(item: Item, value: Any) -> Iterator[Problem]:
    if value is None or item.kind not in CHECKERS:
        return iter(())
    return CHECKERS[item.kind](item, value)

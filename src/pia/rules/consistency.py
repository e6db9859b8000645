"""Cross-field checks declared in the form data (``checks:``) and checkbox rules.

Each check returns ``(code, message)`` pairs for one occurrence; see
docs/domain/form-schema.md for what each check means.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pia.document.values import is_filled, ticked
from pia.document.walk import Occurrence, resolve_in_scopes
from pia.forms.model import FormTemplate, Item
from pia.rules.conditions import applies
from pia.wareki import WarekiError, parse_date

Problem = tuple[str, str]
Check = Callable[[FormTemplate, Occurrence, Mapping[str, Any]], Iterator[Problem]]


def _elements(template: FormTemplate, occ: Occurrence, repeat_id: str) -> list[Any]:
    value = resolve_in_scopes(template, repeat_id, occ.scopes)
    return [e for e in value if isinstance(e, Mapping)] if isinstance(value, list) else []


def _label(template: FormTemplate, item_id: str) -> str:
    return template.item(item_id).label


def count_of(template: FormTemplate, occ: Occurrence, check: Mapping[str, Any]) -> Iterator[Problem]:
    repeat_id = str(check["count_of"])
    count = len(_elements(template, occ, repeat_id))
    if str(occ.value).strip().isdigit() and int(occ.value) != count:
        yield (
            "consistency.count",
            f"件数が{occ.value}件とありますが、「{_label(template, repeat_id)}」は{count}件記入されています。",
        )


def slot_count_of(template: FormTemplate, occ: Occurrence, check: Mapping[str, Any]) -> Iterator[Problem]:
    option, repeat_id = str(check["option"]), str(check["slot_count_of"])
    slot = ticked(occ.value).get(option)
    count = len(_elements(template, occ, repeat_id))
    if slot is None or not slot.strip():
        return
    written = re.sub(r"\D", "", slot.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    if written and int(written) != count:
        yield "consistency.count", f"「{option}」の件数が{slot}とありますが、記入されている要素は{count}件です。"


def lists_titles_of(template: FormTemplate, occ: Occurrence, check: Mapping[str, Any]) -> Iterator[Problem]:
    repeat = template.item(str(check["lists_titles_of"]))
    titles = [str(e.get(repeat.title_item) or "").strip() for e in _elements(template, occ, repeat.id)]
    text = str(occ.value or "")
    if not text.strip():
        return
    missing = [t for t in titles if t and t not in text]
    if missing:
        names = "、".join(f"「{t}」" for t in missing)
        yield (
            "consistency.titles",
            f"{names}が記載されていません。{repeat.label.split(' ')[0]}の各ファイル名と一致させてください。",
        )


def not_before(template: FormTemplate, occ: Occurrence, check: Mapping[str, Any]) -> Iterator[Problem]:
    other_id = str(check["not_before"])
    other = resolve_in_scopes(template, other_id, occ.scopes)
    if not (is_filled(occ.value) and is_filled(other)):
        return
    try:
        if parse_date(str(occ.value)) < parse_date(str(other)):
            yield "consistency.date-order", f"「{_label(template, other_id)}」({other})より前の日付になっています。"
    except WarekiError:
        return


def at_most(template: FormTemplate, occ: Occurrence, check: Mapping[str, Any]) -> Iterator[Problem]:
    other_id = str(check["at_most"])
    mine = occ.item.option(str(occ.value))
    theirs = template.item(other_id).option(str(resolve_in_scopes(template, other_id, occ.scopes)))
    if mine is not None and theirs is not None and mine.no > theirs.no:
        yield (
            "consistency.at-most",
            f"「{mine.label}」は「{_label(template, other_id)}」の「{theirs.label}」を超えています。",
        )


def ticked_iff(template: FormTemplate, occ: Occurrence, check: Mapping[str, Any]) -> Iterator[Problem]:
    """The box is ticked exactly when the other item equals (or, a checkbox, includes) a value."""
    other_id = str(check["ticked_iff"])
    other = resolve_in_scopes(template, other_id, occ.scopes)
    if not is_filled(other):
        return
    if "includes" in check:
        expected, holds = str(check["includes"]), str(check["includes"]) in ticked(other)
        shown = "「" + "、".join(ticked(other)) + "」"
    else:
        expected, holds, shown = str(check["equals"]), other == check["equals"], f"「{other}」"
    is_ticked = bool(ticked(occ.value))
    if is_ticked != holds:
        state = "チェックされています" if is_ticked else "チェックされていません"
        yield (
            "consistency.mismatch",
            f"「{_label(template, other_id)}」が{shown}なのに、「{occ.item.label}」が{state}"
            f"(「{expected}」の場合にだけチェックします)。",
        )


def ticked_if(template: FormTemplate, occ: Occurrence, check: Mapping[str, Any]) -> Iterator[Problem]:
    """One direction only: ``option`` must be ticked when the other item equals a value."""
    other_id, option = str(check["ticked_if"]), str(check["option"])
    other = resolve_in_scopes(template, other_id, occ.scopes)
    if other == check["equals"] and option not in ticked(occ.value):
        yield (
            "consistency.mismatch",
            f"「{_label(template, other_id)}」が「{other}」なので、「{option}」にチェックしてください。",
        )


def chosen_iff_none(template: FormTemplate, occ: Occurrence, check: Mapping[str, Any]) -> Iterator[Problem]:
    """This choice is ``option`` exactly when no element of a repeat has ``item == equals``."""
    item_id, value, option = str(check["chosen_iff_none"]), check["equals"], str(check["option"])
    repeat = template.repeat_chain(item_id)[-1]
    found = any(e.get(item_id) == value for e in _elements(template, occ, repeat.id))
    if not is_filled(occ.value) or (occ.value == option) != found:
        return
    label = _label(template, item_id)
    if found:
        yield (
            "consistency.mismatch",
            f"「{label}」が「{value}」の{repeat.label}があるのに、「{option}」になっています。",
        )
    else:
        yield (
            "consistency.mismatch",
            f"「{label}」が「{value}」の{repeat.label}がないので、「{option}」を選んでください。",
        )


CHECKS: dict[str, Check] = {
    "count_of": count_of,
    "slot_count_of": slot_count_of,
    "lists_titles_of": lists_titles_of,
    "not_before": not_before,
    "at_most": at_most,
    "ticked_iff": ticked_iff,
    "chosen_iff_none": chosen_iff_none,
    "ticked_if": ticked_if,
}


def check_declared(template: FormTemplate, occ: Occurrence, body_type: str) -> Iterator[Problem]:
    """Run the item's declared checks; a check against an item that does not apply is skipped."""
    for check in occ.item.checks:
        name = next(k for k in CHECKS if k in check)
        if applies(template, str(check[name]), occ.scopes, body_type):
            yield from CHECKS[name](template, occ, check)


def check_checkbox_rules(item: Item, value: Any) -> Iterator[Problem]:
    """Slot text required when its option is ticked; exclusive options stand alone."""
    entries = ticked(value)
    for label, text in entries.items():
        option = item.option(label)
        if option is not None and option.text_slot and not text.strip():
            yield "checkbox.slot-missing", f"「{label}」をチェックした場合は( )内に内容を記入してください。"
    exclusive = [label for label in entries if (o := item.option(label)) is not None and o.exclusive]
    if exclusive and len(entries) > 1:
        yield "checkbox.exclusive", f"「{exclusive[0]}」は他の選択肢と同時にチェックできません。"

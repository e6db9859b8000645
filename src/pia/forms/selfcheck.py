"""Checks on a form template itself: ids, nesting, options, conditions and cross-field checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from pia.forms.model import DEFAULT_MAX_LENGTH, RECORD_FIELDS, ROLES, FormTemplate, Item, Kind

Problem = tuple[str, str]  # (location, message)

CHECK_KEYS = {
    "count_of": "repeat",
    "slot_count_of": "repeat",
    "lists_titles_of": "repeat",
    "not_before": "date",
    "at_most": "choice",
    "ticked_iff": "value",
    "chosen_iff_none": "value",
    "ticked_if": "value",
}
CONDITION_LEAVES = ("equals", "includes", "days_under")
# Upper bounds for the limits an edition file may set: a longer text would not fit an Excel cell
# (32,767 characters, the XLSX export), and the editor posts every element of a chapter at once.
MAX_LENGTH_CAP = 32767
MAX_ELEMENTS_CAP = 1000
MAX_BYTES_CAP = 20 * 1024 * 1024  # max_bytes of an image item


def check_template(template: FormTemplate) -> list[Problem]:
    problems: list[Problem] = []
    problems += _duplicate_ids(template)
    problems += _group_limits(template)
    for item in template.walk():
        problems += _item_problems(template, item)
    return problems


def _duplicate_ids(template: FormTemplate) -> list[Problem]:
    counts = Counter(item.id for item in template.walk())
    return [(item_id, f"id が {n} 回使われています") for item_id, n in counts.items() if n > 1]


def _item_problems(template: FormTemplate, item: Item) -> Iterator[Problem]:
    parent = template.parent(item.id)
    if parent is not None and not item.id.startswith(parent.id + "."):
        yield item.id, f"id は親の id '{parent.id}.' で始まる必要があります"
    if not item.id.isascii() or "[" in item.id or " " in item.id:
        yield item.id, "id は空白と [ を含まない ASCII でなければなりません"
    if not item.label:
        yield item.id, "label がありません"
    if item.kind in (Kind.CHOICE, Kind.CHECKBOX) and not item.options:
        yield item.id, "選択肢がありません"
    if item.kind not in (Kind.CHOICE, Kind.CHECKBOX) and item.options:
        yield item.id, f"kind {item.kind.value} は選択肢を持てません"
    if item.children and not item.kind.is_container:
        yield item.id, f"kind {item.kind.value} は子項目を持てません"
    yield from _repeat_problems(template, item)
    yield from _limit_problems(item)
    if item.when is not None:
        yield from _condition_problems(template, item.id, item.when)
    for check in item.checks:
        yield from _check_problems(template, item.id, check)
    if item.filled_from:
        yield from _filled_from_problems(template, item)
    if item.role:
        yield from _role_problems(template, item)


def _role_problems(template: FormTemplate, item: Item) -> Iterator[Problem]:
    role = ROLES.get(item.role)
    if role is None:
        yield item.id, f"role '{item.role}' は使えません({', '.join(ROLES)})"
    elif template.item_for_role(item.role) is not item:
        yield item.id, f"role '{item.role}' が複数の項目にあります"
    elif item.kind is not role.kind:
        yield item.id, f"role '{item.role}' は {role.kind.value} の項目にだけ書けます(この項目は {item.kind.value})"
    elif template.repeat_chain(item.id):
        yield item.id, f"role '{item.role}' は繰り返しの外の項目にだけ書けます"
    elif role.label not in item.label:
        yield item.id, f"role '{item.role}' は「{role.label}」の項目です(この項目は「{item.label}」)"


def _filled_from_problems(template: FormTemplate, item: Item) -> Iterator[Problem]:
    if item.filled_from not in RECORD_FIELDS:
        yield item.id, f"filled_from '{item.filled_from}' は使えません({', '.join(sorted(RECORD_FIELDS))})"
    elif item.filled_from.split(".")[0] != template.recorded_step(item.id):
        yield item.id, f"filled_from '{item.filled_from}' は、records が同じ手続の項目にだけ書けます"
    elif template.item_filled_from(item.filled_from) != item.id:
        yield item.id, f"filled_from '{item.filled_from}' が複数の項目にあります"


def _limit_problems(item: Item) -> Iterator[Problem]:
    if item.max_elements is not None:
        if item.kind not in (Kind.REPEAT, Kind.IMAGE):
            yield item.id, "max_elements は repeat と image の項目にだけ書けます"
        elif item.max_elements > MAX_ELEMENTS_CAP:
            yield item.id, f"max_elements は {MAX_ELEMENTS_CAP} 以下にしてください({item.max_elements})"
    if item.max_length is not None:
        if item.kind.value not in DEFAULT_MAX_LENGTH:
            yield item.id, f"max_length は {', '.join(DEFAULT_MAX_LENGTH)} の項目にだけ書けます"
        elif item.max_length > MAX_LENGTH_CAP:
            yield item.id, f"max_length は {MAX_LENGTH_CAP} 以下にしてください(Excel の1セルの上限、{item.max_length})"
    if item.max_bytes is not None:
        if item.kind is not Kind.IMAGE:
            yield item.id, "max_bytes は image の項目にだけ書けます"
        elif item.max_bytes > MAX_BYTES_CAP:
            yield item.id, f"max_bytes は {MAX_BYTES_CAP} 以下にしてください({item.max_bytes})"


def _group_limits(template: FormTemplate) -> list[Problem]:
    """Repeats sharing a group store the same elements, so they must allow the same number."""
    limits: dict[str, dict[int, str]] = {}
    for item in template.walk():
        if item.kind is Kind.REPEAT:
            limits.setdefault(item.storage_key, {}).setdefault(item.element_limit, item.id)
    return [
        (", ".join(sorted(ids.values())), f"group '{group}' の repeat の max_elements が揃っていません({sorted(ids)})")
        for group, ids in limits.items()
        if len(ids) > 1
    ]


def _repeat_problems(template: FormTemplate, item: Item) -> Iterator[Problem]:
    if item.kind is not Kind.REPEAT:
        if item.group or item.heading or item.title_item:
            yield item.id, "group/heading/title_item は repeat 専用です"
        return
    if item.title_item and not template.has_item(item.title_item):
        yield item.id, f"title_item '{item.title_item}' が存在しません"


def _condition_problems(template: FormTemplate, where: str, cond: Any) -> Iterator[Problem]:
    if not isinstance(cond, Mapping):
        yield where, f"条件 {cond!r} はマッピングでなければなりません"
        return
    if "all" in cond or "any" in cond:
        for sub in cond.get("all") or cond.get("any") or []:
            yield from _condition_problems(template, where, sub)
    elif "not" in cond:
        yield from _condition_problems(template, where, cond["not"])
    elif "body_type" in cond:
        if cond["body_type"] not in ("local", "national"):
            yield where, "body_type は local か national です"
    elif "item" in cond:
        yield from _leaf_problems(template, where, cond)
    else:
        yield where, f"条件 {dict(cond)!r} を解釈できません"


def _leaf_problems(template: FormTemplate, where: str, cond: Mapping[str, Any]) -> Iterator[Problem]:
    ref = str(cond["item"])
    if not template.has_item(ref):
        yield where, f"条件が参照する項目 '{ref}' が存在しません"
        return
    target = template.item(ref)
    ops = [op for op in CONDITION_LEAVES if op in cond]
    if len(ops) != 1:
        yield where, f"条件には {', '.join(CONDITION_LEAVES)} のどれか一つが必要です"
        return
    if ops[0] in ("equals", "includes") and target.option(str(cond[ops[0]])) is None:
        yield where, f"条件の値 '{cond[ops[0]]}' は '{ref}' の選択肢にありません"
    if ops[0] == "days_under" and not _days_limit(cond["days_under"]):
        yield where, f"days_under '{cond['days_under']}' は日数(1以上の整数)か規則データの定数の id です"


def _days_limit(raw: Any) -> bool:
    """A number of days, or the id of a constant of the rules data (checked against it by the rules)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw >= 1
    return isinstance(raw, str) and raw.isascii() and raw.isidentifier()


def _check_problems(template: FormTemplate, where: str, check: Mapping[str, Any]) -> Iterator[Problem]:
    names = [k for k in CHECK_KEYS if k in check]
    if len(names) != 1:
        yield where, f"checks の要素 {dict(check)!r} を解釈できません"
        return
    ref = str(check[names[0]])
    if not template.has_item(ref):
        yield where, f"checks が参照する項目 '{ref}' が存在しません"
        return
    expected = CHECK_KEYS[names[0]]
    kind = template.item(ref).kind.value
    if expected in ("repeat", "date", "choice") and kind != expected:
        yield where, f"checks {names[0]} の参照先は {expected} でなければなりません('{ref}' は {kind})"
    if names[0] == "slot_count_of" and template.item(where).option(str(check.get("option"))) is None:
        yield where, f"slot_count_of の option '{check.get('option')}' が選択肢にありません"
    if names[0] == "ticked_if" and template.item(where).option(str(check.get("option"))) is None:
        yield where, f"ticked_if の option '{check.get('option')}' が選択肢にありません"
    if names[0] == "chosen_iff_none":
        if template.item(where).option(str(check.get("option"))) is None:
            yield where, f"chosen_iff_none の option '{check.get('option')}' が選択肢にありません"
        if not template.repeat_chain(ref):
            yield where, f"chosen_iff_none の参照先 '{ref}' は繰り返しの中の項目でなければなりません"

"""``diff(old, new)``: the item-level changes between two versions of a 評価書.

Both versions are walked along the form (:func:`pia.document.walk`); occurrences are
matched by element path, so repeat elements match by their stable id, never by position.
An element present on one side only is one ``added``/``removed`` change (its contents are
not listed again); a repeat whose common elements changed order is one ``reordered``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field

from pia.changes.classify import check_declarations, classify_all
from pia.changes.elements import (
    element_ids,
    enclosing_elements,
    holds_scalar,
    normalized,
    parent_of_element,
    project,
)
from pia.changes.model import Change, ChangeKind, ChangeList, DiffError
from pia.changes.rules_data import Classification, default_classification
from pia.changes.upgrade import UpgradeSet, comparable
from pia.document.access import label_path
from pia.document.model import Document
from pia.document.paths import ELEMENT_ID, ElementPath
from pia.document.values import is_filled
from pia.document.walk import Occurrence, walk
from pia.forms.model import FormTemplate, Kind

SortKey = tuple[int, int, int]


def diff(
    old: Document,
    new: Document,
    *,
    declared: Mapping[str, str] | None = None,
    upgrades: UpgradeSet | None = None,
    rules: Classification | None = None,
) -> ChangeList:
    """Changes from ``old`` to ``new``, each classified 重要な変更 or 修正.

    ``declared`` maps element paths to exceptions the user declares (``typo`` …, see the
    rules data). An older edition is upgraded first; EditionError when that is impossible.
    """
    rules = rules or default_classification()
    check_declarations(declared or {}, rules)
    template, old, notes = comparable(old, new, upgrades)
    found = compare(old, new, template)
    changes = classify_all(found, template, rules, declared or {})
    notes += _unused_declarations(declared or {}, changes)
    return ChangeList(new.form, new.edition, new.body_type, changes, notes)


def _unused_declarations(declared: Mapping[str, str], changes: list[Change]) -> list[str]:
    if not declared:
        return []
    used = {c.path for c in changes} | {str(e) for c in changes for e in enclosing_elements(ElementPath.parse(c.path))}
    return [f"申告 {path}={kind} に当たる変更はありません" for path, kind in declared.items() if path not in used]


@dataclass
class _Side:
    document: Document
    occurrences: list[Occurrence]
    positions: dict[ElementPath, int] = field(default_factory=dict)


def _side(document: Document, template: FormTemplate) -> _Side:
    side = _Side(document, list(walk(document, template)))
    for n, occ in enumerate(side.occurrences):
        if occ.is_element:
            _check_element(document, template, occ, side.positions)
        side.positions[occ.path] = n
    return side


def _check_element(
    document: Document, template: FormTemplate, occ: Occurrence, seen: Mapping[ElementPath, int]
) -> None:
    element_id = occ.value.get("id") if isinstance(occ.value, Mapping) else None
    if isinstance(element_id, str) and ELEMENT_ID.match(element_id) and occ.path not in seen:
        return
    where = label_path(document, template, parent_of_element(occ.path))
    if not isinstance(element_id, str) or not element_id:
        raise DiffError(
            f"「{where}」の{occ.index}番目の要素に id がありません(繰り返しの要素には変わらない id が必要です)"
        )
    if not ELEMENT_ID.match(element_id):
        raise DiffError(
            f"「{where}」の{occ.index}番目の要素の id「{element_id[:40]}」は使えません"
            "(英数字で始まり、英数字・「-」・「_」だけの id にしてください)"
        )
    raise DiffError(f"「{where}」に同じ id「{element_id}」の要素が2つあります(id は要素ごとに変えてください)")


def compare(old: Document, new: Document, template: FormTemplate) -> list[Change]:
    """The unclassified changes, in printed order (a removed element where it stood)."""
    old_side, new_side = _side(old, template), _side(new, template)
    keyed = _forward(old_side, new_side, template) + _backward(old_side, new_side, template)
    keyed.sort(key=lambda pair: pair[0])
    return [change for _, change in keyed]


def _inside(path: ElementPath, element: ElementPath | None) -> bool:
    """True when ``path`` lies in ``element``. The walk is depth-first, so everything inside
    an element directly follows it: remembering the last added/removed element is enough."""
    if element is None or len(path.selectors) < len(element.selectors) or path == element:
        return False
    return path.selectors[: len(element.selectors)] == element.selectors


def _forward(old: _Side, new: _Side, template: FormTemplate) -> list[tuple[SortKey, Change]]:
    """Added elements and changed values or orders, walking the new version."""
    keyed: list[tuple[SortKey, Change]] = []
    current: tuple[int, Occurrence, list[str]] | None = None
    for n, occ in enumerate(new.occurrences):
        if current is not None and _inside(occ.path, current[1].path):
            if occ.is_element or (holds_scalar(occ.item) and is_filled(occ.value)):
                current[2].append(str(occ.path))
            continue
        _flush(keyed, current, new.document, template)
        current = None
        counterpart = old.positions.get(occ.path)
        if counterpart is None:
            current = (n, occ, []) if occ.is_element else None
            continue
        change = _change_at(old.occurrences[counterpart], occ, new.document, template)
        if change is not None:
            keyed.append(((n, 0, 0), change))
    _flush(keyed, current, new.document, template)
    return keyed


def _flush(
    keyed: list[tuple[SortKey, Change]],
    added: tuple[int, Occurrence, list[str]] | None,
    document: Document,
    template: FormTemplate,
) -> None:
    if added is not None:
        n, occ, covers = added
        keyed.append(((n, 0, 0), _element_change("added", occ, document, template, tuple(covers))))


def _backward(old: _Side, new: _Side, template: FormTemplate) -> list[tuple[SortKey, Change]]:
    """Removed elements, walking the old version; each sorts after the last common place."""
    keyed: list[tuple[SortKey, Change]] = []
    current: ElementPath | None = None
    anchor = -1
    for j, occ in enumerate(old.occurrences):
        position = new.positions.get(occ.path)
        if position is not None:
            anchor = position
        elif occ.is_element and not _inside(occ.path, current):
            current = occ.path
            keyed.append(((anchor, 1, j), _element_change("removed", occ, old.document, template)))
    return keyed


def _element_change(
    kind: ChangeKind, occ: Occurrence, document: Document, template: FormTemplate, covers: tuple[str, ...] = ()
) -> Change:
    value = project(template, occ.item, occ.value)
    before, after = (None, value) if kind == "added" else (value, None)
    label = label_path(document, template, occ.path)
    return Change(str(occ.path), occ.item.id, label, kind, before, after, index=occ.index, covers=covers)


def _change_at(before: Occurrence, after: Occurrence, new: Document, template: FormTemplate) -> Change | None:
    item = after.item
    if after.is_element or (item.kind is not Kind.REPEAT and before.value == after.value):
        return None
    if item.kind is Kind.REPEAT:
        return _reorder(before, after, new, template)
    if not holds_scalar(item) or normalized(item, before.value) == normalized(item, after.value):
        return None
    kind: ChangeKind = "modified"
    if not is_filled(before.value):
        kind = "added"
    elif not is_filled(after.value):
        kind = "removed"
    label = label_path(new, template, after.path)
    return Change(str(after.path), item.id, label, kind, copy.deepcopy(before.value), copy.deepcopy(after.value))


def _reorder(before: Occurrence, after: Occurrence, new: Document, template: FormTemplate) -> Change | None:
    old_ids, new_ids = element_ids(before.value), element_ids(after.value)
    common = set(old_ids) & set(new_ids)
    if [i for i in old_ids if i in common] == [i for i in new_ids if i in common]:
        return None
    label = label_path(new, template, after.path)
    return Change(str(after.path), after.item.id, label, "reordered", old_ids, new_ids)

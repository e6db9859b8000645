"""``apply_changes(old, changes)``: replay a ChangeList on the old version.

The result says what the new version says (same :func:`pia.changes.elements.snapshot`):
the diff does not tell blank values apart (a missing key, ``""`` and ``[]`` are all
未記入), so neither does the replay. Phases: remove elements, add elements (by depth,
then position), set values, restore element order.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from pia.changes.elements import parent_of_element
from pia.changes.model import Change, ChangeList
from pia.changes.upgrade import UpgradeSet, comparable
from pia.document.access import locate, set_value
from pia.document.model import Document
from pia.document.paths import ElementPath, PathError
from pia.forms.model import FormTemplate


def apply_changes(old: Document, changes: ChangeList, upgrades: UpgradeSet | None = None) -> Document:
    """A new document: ``old`` (upgraded to the ChangeList's edition if needed) with the changes made."""
    target = Document(changes.form, changes.edition, old.body_type)
    template, document, _ = comparable(old, target, upgrades)
    document = document.copy()
    document.body_type = changes.body_type
    for phase in (_removals, _additions, _values, _orders):
        phase(document, template, changes.changes)
    return document


def _elements(document: Document, template: FormTemplate, repeat_path: ElementPath) -> list[Any]:
    """The stored list of a repeat (created when absent)."""
    scope = locate(document, template, repeat_path).scope
    key = template.item(repeat_path.item_id).storage_key
    value = scope.get(key)
    if not isinstance(value, list):
        value = scope[key] = []
    return value


def _position(elements: list[Any], element_id: str) -> int | None:
    return next((i for i, e in enumerate(elements) if isinstance(e, dict) and e.get("id") == element_id), None)


def _element_changes(changes: Iterable[Change], kind: str) -> list[tuple[ElementPath, Change]]:
    return [(ElementPath.parse(c.path), c) for c in changes if c.kind == kind and c.is_element]


def _removals(document: Document, template: FormTemplate, changes: list[Change]) -> None:
    for path, _ in _element_changes(changes, "removed"):
        try:
            elements = _elements(document, template, parent_of_element(path))
        except PathError:
            continue  # inside an element removed already
        index = _position(elements, path.selectors[-1][1])
        if index is not None:
            del elements[index]


def _additions(document: Document, template: FormTemplate, changes: list[Change]) -> None:
    pending = _element_changes(changes, "added")
    pending.sort(key=lambda pair: (len(pair[0].selectors), pair[1].index or 0))
    for path, change in pending:
        elements = _elements(document, template, parent_of_element(path))
        index = _position(elements, path.selectors[-1][1])
        if index is not None:  # a storage group shared by several repeats: merge
            elements[index].update(copy.deepcopy(change.after))
        else:
            elements.insert(max((change.index or len(elements) + 1) - 1, 0), copy.deepcopy(change.after))


def _values(document: Document, template: FormTemplate, changes: list[Change]) -> None:
    for change in changes:
        if not change.is_element and change.kind in ("added", "removed", "modified"):
            set_value(document, template, ElementPath.parse(change.path), copy.deepcopy(change.after))


def _orders(document: Document, template: FormTemplate, changes: list[Change]) -> None:
    for change in changes:
        if change.kind == "reordered":
            elements = _elements(document, template, ElementPath.parse(change.path))
            rank = {element_id: n for n, element_id in enumerate(change.after)}
            elements.sort(key=lambda e: rank.get(str(e.get("id")) if isinstance(e, dict) else "", len(rank)))

"""Repeat elements and values as the diff sees them.

Several repeats may share one storage group (Ⅱ, (別添2) and Ⅲ all store their per-file
blocks in the same ``files`` element), so an element is always looked at through one
repeat: :func:`project` keeps only the keys that repeat owns.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from pia.document.images import image_refs
from pia.document.model import Document
from pia.document.paths import ElementPath
from pia.document.values import is_filled, period_bounds, ticked
from pia.document.walk import Occurrence, walk
from pia.forms.model import FormTemplate, Item, Kind
from pia.forms.registry import get_form


@cache
def owned_keys(template: FormTemplate, repeat_id: str) -> frozenset[str]:
    """Keys a repeat's element holds for that repeat: its items' ids and nested repeats' keys."""
    keys: set[str] = set()
    _collect_keys(template.item(repeat_id), keys)
    return frozenset(keys)


def _collect_keys(item: Item, keys: set[str]) -> None:
    for child in item.children:
        if child.kind is Kind.REPEAT:
            keys.add(child.storage_key)
            continue
        if child.kind.holds_value:
            keys.add(child.id)
        _collect_keys(child, keys)


def project(template: FormTemplate, repeat: Item, element: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the element with its ``id`` and only the keys ``repeat`` owns."""
    keys = owned_keys(template, repeat.id)
    projected: dict[str, Any] = {"id": element.get("id")}
    projected.update({k: copy.deepcopy(v) for k, v in element.items() if k in keys})
    return projected


def element_ids(value: Any) -> list[str]:
    """The ids of a stored repeat value, in order (non-elements skipped)."""
    if not isinstance(value, list):
        return []
    return [str(e.get("id")) for e in value if isinstance(e, Mapping)]


def enclosing_elements(path: ElementPath) -> Iterator[ElementPath]:
    """The element paths a path lies in, outermost first (an element path itself excluded)."""
    for depth in range(1, len(path.selectors) + 1):
        candidate = ElementPath(path.selectors[depth - 1][0], path.selectors[:depth])
        if candidate != path:
            yield candidate


def parent_of_element(path: ElementPath) -> ElementPath:
    """The repeat path holding an element: ``…itaku[#a]`` → ``…itaku``."""
    return ElementPath(path.item_id, path.selectors[:-1])


def normalized(item: Item, value: Any) -> Any:
    """A value reduced to what it means: blanks are None, ticks unordered, numbers text."""
    if not is_filled(value):
        return None
    if item.kind is Kind.CHECKBOX:
        return ticked(value)
    if item.kind is Kind.PERIOD:
        return period_bounds(value)
    if item.kind is Kind.IMAGE:  # the figures and their captions; a renamed file is no change
        return [(ref.sha256, ref.caption) for ref in image_refs(value)] or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if item.kind is Kind.NUMBER:
        return str(value).strip()
    return value


def holds_scalar(item: Item) -> bool:
    """True for items with a value of their own (not sections, headings or repeats)."""
    return item.kind.holds_value and item.kind is not Kind.REPEAT


def snapshot(document: Document, template: FormTemplate) -> dict[str, Any]:
    """What a document says, path by path: filled values and the element order of repeats.

    Two documents with the same snapshot print the same; the diff of one against the
    other is empty. Blank values (missing, ``""``, ``[]``) all count as 未記入.
    """
    result: dict[str, Any] = {}
    for occ in walk(document, template):
        _record(result, occ)
    return result


def _record(result: dict[str, Any], occ: Occurrence) -> None:
    if occ.is_element:
        return
    if occ.item.kind is Kind.REPEAT:
        ids = element_ids(occ.value)
        if ids:
            result[str(occ.path)] = ids
    elif holds_scalar(occ.item):
        value = normalized(occ.item, occ.value)
        if value is not None:
            result[str(occ.path)] = value


def same_content(old: Document, new: Document) -> bool:
    """Whether two documents say the same: the same form, edition and body type and the same
    :func:`snapshot` (a blank written where nothing was is no change)."""
    if (old.form, old.edition, old.body_type) != (new.form, new.edition, new.body_type):
        return False
    template = get_form(new.form, new.edition)
    return snapshot(old, template) == snapshot(new, template)

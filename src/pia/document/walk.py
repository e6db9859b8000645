"""Walk a document along its form, in printed order, expanding repeat elements.

Every consumer (validation, diff, rendering, the editor) reads documents through this
walk, so the storage layout (repeat groups, element dicts) is known in one place only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pia.document.model import Document
from pia.document.paths import ElementPath
from pia.forms.model import FormTemplate, Item, Kind

Scope = Mapping[str, Any]


@dataclass(frozen=True)
class Occurrence:
    """One item (or one repeat element) at one place in the document.

    For a repeat element ``index`` is its 1-based position and ``value`` its dict;
    otherwise ``index`` is None and ``value`` the stored value (None when absent).
    ``scopes`` are the value dicts from the document root to the innermost element.
    """

    item: Item
    path: ElementPath
    value: Any
    scopes: tuple[Scope, ...]
    index: int | None = None

    @property
    def is_element(self) -> bool:
        return self.index is not None


def elements_of(scope: Scope, item: Item) -> list[Any]:
    """The stored elements of a repeat in a scope (an empty list when absent or malformed)."""
    value = scope.get(item.storage_key)
    return value if isinstance(value, list) else []


def walk(document: Document, template: FormTemplate, *, bounded: bool = False) -> Iterator[Occurrence]:
    """Every occurrence in printed order. ``bounded``: elements past a repeat's ``element_limit``
    are not expanded (the repeat's own occurrence still holds them all, so validation reports the
    surplus once instead of checking thousands of elements of a document that breaks its limits)."""
    root = (document.values,)
    for item in template.items:
        yield from _walk_item(item, ElementPath(item.id), root, bounded)


def _walk_item(item: Item, path: ElementPath, scopes: tuple[Scope, ...], bounded: bool) -> Iterator[Occurrence]:
    scope = scopes[-1]
    if item.kind is Kind.REPEAT:
        elements = elements_of(scope, item)
        yield Occurrence(item, path, scope.get(item.storage_key), scopes)
        for n, element in enumerate(elements[: item.element_limit] if bounded else elements, start=1):
            if not isinstance(element, Mapping):
                continue
            element_path = path.element(item.id, str(element.get("id", "")))
            yield Occurrence(item, element_path, element, scopes, n)
            for child in item.children:
                yield from _walk_item(child, element_path.child(child.id), (*scopes, element), bounded)
        return
    yield Occurrence(item, path, scope.get(item.id) if item.kind.holds_value else None, scopes)
    for child in item.children:
        yield from _walk_item(child, path.child(child.id), scopes, bounded)


def resolve_in_scopes(template: FormTemplate, item_id: str, scopes: tuple[Scope, ...]) -> Any:
    """Value of another item as seen from a place: same elements for the shared repeats."""
    depth = sum(1 for a in template.ancestors(item_id) if a.kind is Kind.REPEAT)
    if depth >= len(scopes):
        return None
    return scopes[depth].get(template.item(item_id).storage_key)


def find(document: Document, template: FormTemplate, path: ElementPath) -> Occurrence | None:
    """The occurrence at a path, or None when the path does not exist in the document."""
    for occurrence in walk(document, template):
        if occurrence.path == path:
            return occurrence
    return None

"""An empty document for a form: every top-level value key present, blank."""

from __future__ import annotations

from typing import Any

from pia.document.model import Document
from pia.forms.model import FormTemplate, Item, Kind


def new_document(template: FormTemplate, body_type: str = "local") -> Document:
    values: dict[str, Any] = {}
    for top in template.items:
        _fill(top, values)
    return Document(template.form, template.edition, body_type, values)


def _fill(item: Item, scope: dict[str, Any]) -> None:
    if item.kind is Kind.REPEAT:
        scope.setdefault(item.storage_key, [])
        return
    if item.kind.holds_value:
        scope[item.id] = _blank(item)
    for child in item.children:
        _fill(child, scope)


def _blank(item: Item) -> Any:
    if item.kind in (Kind.CHECKBOX, Kind.IMAGE):
        return []
    if item.kind is Kind.PERIOD:
        return {"start": "", "end": ""}
    return ""

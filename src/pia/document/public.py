"""The public edition of a document: what anyone outside the body may read.

What is withheld is a fact of the form: an item marked ``non_public`` and everything inside it
(:meth:`pia.forms.model.FormTemplate.is_withheld`). Every public output — the 公表 edition in
every format, the consultation's 赤字 draft, the 概要版, and whatever later serves documents to
the public — is built from :func:`public_document` (for two versions:
:func:`pia.changes.public.public_revision`), never from the stored document, so a withheld
value cannot reach it through any path of the renderers (a row, a table cell, a heading, a
struck-through removed text, a label path).

In the public edition a filled withheld value is the text 「(非公表)」 whatever its kind (a blank
one stays blank), so a change of a withheld item can still be shown as a change, without its
text. Keys the form does not know are dropped (nothing prints them, and a public JSON must not
carry them). Element ids are kept: they are identifiers, not content (the diff matches elements
by them and paths print them), so no id should ever hold confidential text.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from pia.document.model import Document
from pia.document.values import is_filled
from pia.forms.model import FormTemplate, Item, Kind
from pia.forms.registry import get_form

WITHHELD = "(非公表)"
"""Printed instead of a withheld value in every public output."""


def public_document(document: Document, template: FormTemplate | None = None) -> Document:
    """A copy of ``document`` with every withheld value replaced by 「(非公表)」 (idempotent)."""
    template = template or get_form(document.form, document.edition)
    values: dict[str, Any] = {}
    _copy_items(template.items, document.values, values, hidden=False)
    return Document(document.form, document.edition, document.body_type, values)


def public_value(template: FormTemplate, item: Item, value: Any) -> Any:
    """One stored value of ``item`` as the public edition holds it: a scalar, a repeat element
    (its dict) or a repeat's element list; withheld values inside replaced by 「(非公表)」."""
    hidden = template.is_withheld(item.id)
    if item.kind is not Kind.REPEAT:
        return _scalar(value, hidden)
    if isinstance(value, Mapping):
        element: dict[str, Any] = {"id": copy.deepcopy(value.get("id"))}
        _copy_items(item.children, value, element, hidden)
        return element
    if isinstance(value, list):
        return [public_value(template, item, e) if isinstance(e, Mapping) else copy.deepcopy(e) for e in value]
    return copy.deepcopy(value)


def _scalar(value: Any, hidden: bool) -> Any:
    return WITHHELD if hidden and is_filled(value) else copy.deepcopy(value)


def _copy_items(items: Iterable[Item], source: Mapping[str, Any], target: dict[str, Any], hidden: bool) -> None:
    """Copy the values ``items`` own from ``source`` into ``target`` (withheld ones replaced)."""
    for item in items:
        secret = hidden or item.non_public
        if item.kind is Kind.REPEAT:
            _copy_repeat(item, source, target, secret)
            continue
        if item.kind.holds_value and item.id in source:
            target[item.id] = _scalar(source[item.id], secret)
        _copy_items(item.children, source, target, secret)


def _copy_repeat(repeat: Item, source: Mapping[str, Any], target: dict[str, Any], hidden: bool) -> None:
    """The elements of a repeat; repeats sharing a storage group (Ⅱ, (別添2), Ⅲ) fill the same
    element dicts, each with its own items. A malformed entry becomes None (still counted, so
    the numbering of the elements stays the same; nothing prints it)."""
    elements = source.get(repeat.storage_key)
    if not isinstance(elements, list):
        return
    copies = target.get(repeat.storage_key)
    if not isinstance(copies, list):
        copies = [{"id": copy.deepcopy(e.get("id"))} if isinstance(e, Mapping) else None for e in elements]
        target[repeat.storage_key] = copies
    for element, element_copy in zip(elements, copies, strict=True):
        if isinstance(element, Mapping) and isinstance(element_copy, dict):
            _copy_items(repeat.children, element, element_copy, hidden)

"""A document's values read by the role of their item (``role:`` in the form data), so that code
names what it needs (``publication_date``, ``name`` …) and never an item id of one edition.

A role's item lies outside every repeat, so its value is ``document.values[item.id]``.
"""

from __future__ import annotations

from typing import Any

from pia.document.model import Document
from pia.forms.model import FormTemplate
from pia.forms.registry import get_form


def role_value(document: Document, role: str, template: FormTemplate | None = None) -> Any:
    """The stored value of the item with ``role`` (one of ``pia.forms.model.ROLES``) in the
    document's edition; None when the edition has no such item or it is empty. UnknownFormError
    when the edition is not registered."""
    item = (template or get_form(document.form, document.edition)).item_for_role(role)
    return document.values.get(item.id) if item is not None else None


def role_text(document: Document, role: str, template: FormTemplate | None = None) -> str:
    """That value as a stripped text ("" when it is empty, or neither a text nor a number)."""
    value = role_value(document, role, template)
    return str(value).strip() if isinstance(value, (str, int)) else ""

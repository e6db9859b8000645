"""The items a comment or a remark can point at, for a document or a stored version: the core's
``pia.forms.form_item_choices`` (the form's top-level sections and their items, labelled as printed)."""

from __future__ import annotations

from pia.document import Document
from pia.forms import form_item_choices
from workbench.assessments.models import Version


def item_choices(document: Document) -> list[tuple[str, str]]:
    """``(path, label)`` pairs, 「全般」 first; each section followed by its items."""
    return list(form_item_choices(document.form, document.edition))


def version_item_choices(version: Version) -> list[tuple[str, str]]:
    """The same for a stored version, from its form and edition (the content is not rebuilt)."""
    return list(form_item_choices(str(version.content["form"]), str(version.content["edition"])))

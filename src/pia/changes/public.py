"""Two versions as the public may see them: the public editions and their changes.

The comparison itself is made on the stored versions (so the verdict, 重要な変更 or 修正, and
every classification are the real ones); then each change is given the public edition's
values (a withheld value is 「(非公表)」, also inside an added or removed element) and its label
path is read from the public editions (element headings that print a title). A change of a
withheld item therefore stays a change — the 概要版 and the 赤字 draft may say that it changed
— but its text does not appear, neither the new one nor the struck-through old one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from pia.changes.diff import diff
from pia.changes.model import Change, ChangeList
from pia.changes.upgrade import comparable
from pia.document.access import label_path
from pia.document.model import Document
from pia.document.paths import ElementPath
from pia.document.public import WITHHELD, public_document, public_value
from pia.forms.model import FormTemplate, Kind


@dataclass(frozen=True)
class PublicRevision:
    """The public editions of ``old`` (read in the new edition) and ``new``, and their changes."""

    template: FormTemplate
    old: Document
    new: Document
    changes: ChangeList


def public_revision(old: Document, new: Document, changes: ChangeList | None = None) -> PublicRevision:
    """The revision ``old`` → ``new`` for a public output (``changes``: ``diff(old, new)`` when
    the caller has it already; DiffError/EditionError as for the diff)."""
    changes = changes if changes is not None else diff(old, new)
    template, upgraded, _ = comparable(old, new)
    public_old, public_new = public_document(upgraded, template), public_document(new, template)
    return PublicRevision(template, public_old, public_new, public_changes(changes, template, public_old, public_new))


def public_changes(changes: ChangeList, template: FormTemplate, old: Document, new: Document) -> ChangeList:
    """``changes`` with public values and labels; ``old``/``new`` are the public editions."""
    shown = [_public(change, template, old, new) for change in changes.changes]
    return ChangeList(changes.form, changes.edition, changes.body_type, shown, list(changes.notes), public=True)


def _public(change: Change, template: FormTemplate, old: Document, new: Document) -> Change:
    item = template.item(change.item_id)
    if change.kind == "reordered":  # element ids in order: identifiers, no content
        before, after = change.before, change.after
    else:
        before, after = public_value(template, item, change.before), public_value(template, item, change.after)
    side = old if change.is_element and change.kind == "removed" else new
    label = label_path(side, template, ElementPath.parse(change.path))
    return replace(change, before=before, after=after, label=label, reason=_reason(change, template))


def _reason(change: Change, template: FormTemplate) -> str:
    """The classification's reason without a withheld element title (its ``{title}``)."""
    item = template.item(change.item_id)
    element = change.after if change.kind == "added" else change.before
    if not (change.is_element and item.kind is Kind.REPEAT and item.title_item and isinstance(element, Mapping)):
        return change.reason
    title = str(element.get(item.title_item) or "")
    if title and template.is_withheld(item.title_item):
        return change.reason.replace(title, WITHHELD)
    return change.reason

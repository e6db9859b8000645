"""What differs between the version another user saved and our unsaved inputs.

The comparison is the core's ``pia.changes.diff`` (theirs → ours), limited to the section
being edited; nothing is re-implemented here."""

from __future__ import annotations

from dataclasses import dataclass

from pia.changes.diff import diff
from pia.changes.model import Change, DiffError
from pia.document import Document
from pia.document.display import display_value
from pia.forms import Item, get_form
from workbench.assessments.editor.names import anchor
from workbench.assessments.editor.status import section_of


@dataclass(frozen=True)
class ConflictRow:
    label: str
    kind: str
    theirs: str
    ours: str
    anchor: str


def conflict_rows(theirs: Document, ours: Document, section: Item) -> list[ConflictRow]:
    template = get_form(ours.form, ours.edition)
    try:
        changes = diff(theirs, ours).changes
    except DiffError:
        return []
    return [_row(template, c) for c in changes if section_of(template, c.path) == section.id]


def _row(template, change: Change) -> ConflictRow:
    item = template.item(change.item_id)
    if change.is_element or change.kind == "reordered":
        before = "(要素あり)" if change.before is not None else ""
        after = "(要素あり)" if change.after is not None else ""
    else:
        before, after = display_value(item, change.before), display_value(item, change.after)
    return ConflictRow(change.label, change.kind_label, before, after, anchor(change.path))

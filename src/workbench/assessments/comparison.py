"""Side-by-side comparison of two versions: rows from the core's ``pia.changes.diff``."""

from __future__ import annotations

from dataclasses import dataclass

from pia.changes.diff import diff
from pia.changes.model import ChangeList, DiffError
from pia.document.display import display_value
from pia.forms import get_form
from workbench.assessments.editor.names import anchor
from workbench.assessments.editor.status import section_of
from workbench.assessments.models import Version


@dataclass(frozen=True)
class CompareRow:
    label: str
    kind: str
    kind_label: str
    before: str
    after: str
    important: bool
    reason: str
    anchor: str
    section: str


@dataclass(frozen=True)
class Comparison:
    old: Version
    new: Version
    changes: ChangeList | None
    rows: list[CompareRow]
    error: str = ""


def compare_versions(old: Version, new: Version) -> Comparison:
    try:
        changes = diff(old.document(), new.document())
    except DiffError as exc:
        return Comparison(old, new, None, [], str(exc))
    template = get_form(new.content["form"], new.content["edition"])
    return Comparison(old, new, changes, [_row(template, c) for c in changes.changes])


def _row(template, change) -> CompareRow:
    item = template.item(change.item_id)
    if change.is_element or change.kind == "reordered":
        before, after = _element_text(template, change, change.before), _element_text(template, change, change.after)
    else:
        before, after = display_value(item, change.before), display_value(item, change.after)
    return CompareRow(
        change.label,
        change.kind,
        change.kind_label,
        before,
        after,
        change.important,
        change.reason,
        anchor(change.path),
        section_of(template, change.path),
    )


def _element_text(template, change, value) -> str:
    """An added/removed element as 「label: value」 lines; a reorder as the ids in order."""
    if value is None:
        return ""
    if isinstance(value, list):
        return " → ".join(str(v) for v in value)
    if not isinstance(value, dict):
        return str(value)
    lines = []
    for key, raw in value.items():
        if key == "id" or not template.has_item(key):
            continue
        text = display_value(template.item(key), raw)
        if text:
            lines.append(f"{template.item(key).label}:{text}")
    return "\n".join(lines)

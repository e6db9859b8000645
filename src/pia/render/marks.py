"""Which printed values are marked in a change draft (赤字) and what was removed.

A value is printed in red when its element path, or the path of a repeat element that
contains it (a 委託事項 added as a whole), is among the changed paths. Removed values and
removed elements are listed with their previous text, printed struck through.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pia.changes import Change, ChangeList, diff
from pia.changes.public import public_revision
from pia.changes.rows import element_lines
from pia.document.access import element_heading
from pia.document.display import display_value
from pia.document.images import ImageRef, image_refs
from pia.document.model import Document
from pia.document.paths import ElementPath, PathError
from pia.forms.model import FormTemplate, Kind
from pia.forms.registry import get_form
from pia.render.model import Mark


@dataclass(frozen=True)
class Removal:
    """Something in the previous version that the new one no longer has."""

    path: str  # element path in the previous version
    label: str  # printed label (heading of a removed element)
    before: str  # previous text


@dataclass(frozen=True)
class ChangeMarks:
    changed: frozenset[str] = frozenset()
    removals: tuple[Removal, ...] = ()
    public: bool = False  # made from public changes: removed texts carry no withheld value
    # the previous value of each changed image item, by path: which of its figures are new
    previous: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    _cache: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def __bool__(self) -> bool:
        """True when anything is marked (changed or removed)."""
        return bool(self.changed or self.removals)

    def mark(self, path: ElementPath | str) -> Mark:
        """CHANGED when the path or an element enclosing it is new or changed."""
        text = str(path)
        if text not in self._cache:
            self._cache[text] = any(p in self.changed for p in _self_and_elements(text))
        return Mark.CHANGED if self._cache[text] else Mark.NONE

    def removed_value(self, path: ElementPath | str) -> str:
        """Previous text of a value that was emptied or dropped at exactly this path."""
        text = str(path)
        return next((r.before for r in self.removals if r.path == text), "")

    def previous_figures(self, path: ElementPath | str) -> list[ImageRef]:
        """The figures a changed image item held before (empty when it was blank or is unchanged)."""
        return image_refs(self.previous.get(str(path)))

    def removed_elements(self, repeat_path: ElementPath) -> list[Removal]:
        """Removed elements of one repeat (``…4.itaku``), in their previous order."""
        return [r for r in self.removals if _repeat_of(r.path) == repeat_path]


NO_MARKS = ChangeMarks()


def marks_from_changes(changes: ChangeList, template: FormTemplate) -> ChangeMarks:
    """Red for what ``changes.changed_paths()`` names; removed values and elements listed
    (public marks when ``changes`` are public: ``pia.changes.public``)."""
    removals = tuple(_removal(c, template) for c in changes.changes if c.kind == "removed")
    previous = {c.path: c.before for c in changes.changes if c.kind == "modified" and _is_image(template, c.item_id)}
    return ChangeMarks(frozenset(changes.changed_paths()), removals, public=changes.public, previous=previous)


def _is_image(template: FormTemplate, item_id: str) -> bool:
    return template.has_item(item_id) and template.item(item_id).kind is Kind.IMAGE


def marks_between(old: Document, new: Document, *, public: bool = False) -> ChangeMarks:
    """The marks of ``new`` against its previous version (DiffError when not comparable);
    ``public``: from the public editions' changes, for a public rendering."""
    if public:
        revision = public_revision(old, new)
        return marks_from_changes(revision.changes, revision.template)
    return marks_from_changes(diff(old, new), get_form(new.form, new.edition))


def _removal(change: Change, template: FormTemplate) -> Removal:
    item = template.item(change.item_id)
    if change.is_element:
        before = change.before if isinstance(change.before, dict) else {}
        heading = element_heading(item, before, change.index or 0)
        return Removal(change.path, heading, "\n".join(element_lines(template, item, before)))
    return Removal(change.path, item.label, display_value(item, change.before))


def _self_and_elements(path: str) -> list[str]:
    try:
        parsed = ElementPath.parse(path)
    except PathError:
        return [path]
    selectors = parsed.selectors
    enclosing = [str(ElementPath(rid, selectors[: n + 1])) for n, (rid, _) in enumerate(selectors)]
    return [path, *enclosing]


def _repeat_of(path: str) -> ElementPath | None:
    """The repeat holding an element path (``…itaku[#x]`` → ``…itaku``), else None."""
    try:
        parsed = ElementPath.parse(path)
    except PathError:
        return None
    if not parsed.selectors or parsed.selectors[-1][0] != parsed.item_id:
        return None
    return ElementPath(parsed.item_id, parsed.selectors[:-1])

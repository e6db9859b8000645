"""重要な変更 or 修正: every change decided by the rules data, the ※ marks, or the default.

The order is fixed (see ``data/classification.yaml``): the first matching rule, then the
form's ※ marks (:meth:`FormTemplate.is_important`), then 修正.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Mapping
from typing import Any

from pia.changes.elements import enclosing_elements
from pia.changes.model import Change, DiffError
from pia.changes.rules_data import Classification, Outcome
from pia.document.paths import ElementPath
from pia.document.values import is_filled
from pia.forms.model import FormTemplate, Item, Kind


class _Fields(dict[str, str]):
    """Placeholders for reasons; an unknown placeholder is left as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def check_declarations(declared: Mapping[str, str], rules: Classification) -> None:
    """Raise DiffError (Japanese) for an exception id the rules data does not offer."""
    offered = rules.declarations()
    for path, exception in declared.items():
        if exception not in offered:
            choices = "、".join(f"{k}({v})" for k, v in offered.items())
            raise DiffError(f"{path} に申告された「{exception}」はありません(申告できるもの: {choices})")


def classify_all(
    changes: list[Change], template: FormTemplate, rules: Classification, declared: Mapping[str, str]
) -> list[Change]:
    return [classify(change, template, rules, declared) for change in changes]


def classify(change: Change, template: FormTemplate, rules: Classification, declared: Mapping[str, str]) -> Change:
    item = template.item(change.item_id)
    tags = change_tags(change, item)
    exception = declared_for(change.path, declared)
    fields = _fields(change, item, template)
    for rule in rules.rules:
        if rule.matches(template.form, template.edition, item.id, tags, exception):
            return _decided(change, rule.important, rule.outcome, rule.id, fields)
    star = _star(change, item, template, rules, fields)
    if star is not None:
        return _decided(change, True, star[0], star[1], fields)
    return _decided(change, False, rules.default, "default", fields)


def _decided(change: Change, important: bool, outcome: Outcome, rule_id: str, fields: _Fields) -> Change:
    reason = outcome.reason.format_map(fields)
    source = outcome.source.format_map(fields)
    return dataclasses.replace(change, important=important, reason=reason, source=source, rule=rule_id)


def _star(
    change: Change, item: Item, template: FormTemplate, rules: Classification, fields: _Fields
) -> tuple[Outcome, str] | None:
    if template.is_important(item.id):
        fields["star"] = star_owner(template, item.id).label
        return rules.star, "star"
    if change.is_element:
        value = change.after if change.kind == "added" else change.before
        content = starred_content(template, item, value)
        if content is not None:
            fields["content"] = content.label
            return rules.star_element, "star_element"
    return None


def declared_for(path: str, declared: Mapping[str, str]) -> str:
    """The exception declared for a path, or for an element it lies in ('' when none)."""
    if not declared:
        return ""
    if path in declared:
        return declared[path]
    for element in enclosing_elements(ElementPath.parse(path)):
        if str(element) in declared:
            return declared[str(element)]
    return ""


def star_owner(template: FormTemplate, item_id: str) -> Item:
    """The item whose ※ makes ``item_id`` important (the item itself or an ancestor)."""
    for node in [template.item(item_id), *reversed(template.ancestors(item_id))]:
        if node.star is not None:
            return node
    return template.item(item_id)


def starred_content(template: FormTemplate, container: Item, scope: Any) -> Item | None:
    """The first filled ※ item inside an element (nested elements included)."""
    if not isinstance(scope, Mapping):
        return None
    for child in container.children:
        if child.kind is Kind.REPEAT:
            nested = scope.get(child.storage_key)
            found = next((f for e in nested or [] if (f := starred_content(template, child, e))), None)
        elif child.kind.holds_value and template.is_important(child.id) and is_filled(scope.get(child.id)):
            found = child
        else:
            found = starred_content(template, child, scope)
        if found is not None:
            return found
    return None


def change_tags(change: Change, item: Item) -> frozenset[str]:
    """What happened, in the vocabulary of the rules data."""
    tags = {change.kind, "any"}
    if change.kind == "modified" and not change.is_element:
        direction = _direction(item, change.before, change.after)
        if direction:
            tags.add(direction)
        if _squashed(change.before) is not None and _squashed(change.before) == _squashed(change.after):
            tags.add("formatting")
    return frozenset(tags)


def _direction(item: Item, before: Any, after: Any) -> str:
    old, new = _rank(item, before), _rank(item, after)
    if old is None or new is None or old == new:
        return ""
    return "increase" if new > old else "decrease"


def _rank(item: Item, value: Any) -> float | None:
    if item.kind is Kind.CHOICE:
        option = item.option(str(value))
        return float(option.no) if option else None
    if item.kind is Kind.NUMBER:
        try:
            return float(str(value).replace(",", ""))
        except ValueError:
            return None
    return None


def _squashed(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return "".join(unicodedata.normalize("NFKC", value).split())


def _fields(change: Change, item: Item, template: FormTemplate) -> _Fields:
    fields = _Fields(label=item.label, edition_label=template.edition_label, title="")
    if change.is_element:
        value = change.after if change.kind == "added" else change.before
        if isinstance(value, Mapping):
            fields["title"] = str(value.get(item.title_item) or value.get("id") or "")
    return fields

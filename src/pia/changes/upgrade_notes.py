"""What reading a document through one edition mapping does, said to the user item by item.

One line per change, prefixed with the edition step (「版「平成26年4月」→「平成28年1月」: …」):
values moved to a renamed item, option labels read anew, values dropped with an item the newer
edition no longer has, labels the newer edition prints differently, and items it added (blank
after the upgrade, to be filled in the re-assessment). Labels come from the registered editions;
an edition that is not registered (a test fixture) is named by its ids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from pia.document.values import is_filled
from pia.forms.model import FormTemplate, Item
from pia.forms.registry import UnknownFormError, get_form


class EditionMapping(Protocol):
    """What these notes read of a mapping (``pia.changes.upgrade.EditionMapping``)."""

    @property
    def form(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def renamed(self) -> Mapping[str, str]: ...
    @property
    def relabelled(self) -> Mapping[str, Mapping[str, str]]: ...
    @property
    def removed(self) -> tuple[str, ...]: ...
    @property
    def notes(self) -> str: ...


MAX_ADDED_LABELS = 8  # added items named on the line; the rest are counted


def step_notes(values: Any, mapping: EditionMapping) -> list[str]:
    """The lines for reading ``values`` (the document's values in ``mapping.source``) through
    ``mapping``: only the renamed, relabelled and removed items the document fills are named."""
    source, target = _registered(mapping.form, mapping.source), _registered(mapping.form, mapping.target)
    filled = filled_counts(values)
    step = f"版「{mapping.source}」→「{mapping.target}」"
    lines = [f"{step}: {text}" for text in _value_lines(filled, mapping, source, target)]
    if source is not None and target is not None:
        lines += [f"{step}: {text}" for text in _label_lines(source, target, mapping)]
        added = _added(source, target, mapping)
        if added:
            lines.append(f"{step}: {_added_line(added)}")
    if mapping.notes:
        lines.append(f"{step}: 移行表の注記: {mapping.notes}")
    return lines


def filled_counts(values: Any) -> Counter[str]:
    """How many filled values each item id holds, repeat elements included."""
    counts: Counter[str] = Counter()

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for entry in node:
                visit(entry)
        elif isinstance(node, Mapping):
            for key, inner in node.items():
                if key == "id":
                    continue
                if isinstance(inner, list) and inner and all(isinstance(e, Mapping) for e in inner):
                    visit(inner)  # a repeat's elements
                elif is_filled(inner):
                    counts[str(key)] += 1

    visit(values)
    return counts


def removed_by(item_id: str, removed: tuple[str, ...]) -> bool:
    """True when ``item_id`` is removed by a mapping: named, or inside a named item."""
    return any(item_id == r or item_id.startswith(r + ".") for r in removed)


def _registered(form: str, edition: str) -> FormTemplate | None:
    try:
        return get_form(form, edition)
    except UnknownFormError:
        return None


def _label(template: FormTemplate | None, item_id: str) -> str:
    if template is not None and template.has_item(item_id):
        return template.item(item_id).label
    return item_id


def _value_lines(
    filled: Counter[str], mapping: EditionMapping, source: FormTemplate | None, target: FormTemplate | None
) -> Iterator[str]:
    for old, new in mapping.renamed.items():
        if filled[old]:
            yield f"「{_label(source, old)}」の記載を「{_label(target, new)}」に移して読みました"
    for item_id, labels in mapping.relabelled.items():
        old_id = next((o for o, n in mapping.renamed.items() if n == item_id), item_id)
        if filled[old_id] or filled[item_id]:
            pairs = "、".join(f"「{a}」→「{b}」" for a, b in labels.items())
            yield f"「{_label(target, item_id)}」の選択肢を読み替えました({pairs})"
    dropped = sorted((key for key in filled if removed_by(key, mapping.removed)), key=str)
    for key in dropped:
        yield (
            f"「{_label(source, key)}」は版「{mapping.target}」にないため、その記載({filled[key]}件)は"
            "読み替えた評価書に含めていません"
        )


def _label_lines(source: FormTemplate, target: FormTemplate, mapping: EditionMapping) -> Iterator[str]:
    for item in source.walk():
        new_id = mapping.renamed.get(item.id, item.id)
        if new_id in mapping.renamed.values() and new_id != item.id:
            continue  # said by the value line when filled; a renamed item's label is the new one's
        if target.has_item(new_id) and target.item(new_id).label != item.label:
            yield f"「{item.label}」は版「{mapping.target}」では「{target.item(new_id).label}」と印刷されます"


def _added(source: FormTemplate, target: FormTemplate, mapping: EditionMapping) -> list[Item]:
    """The items of ``target`` that neither ``source`` nor a rename gives, outermost only."""
    given = set(mapping.renamed.values()) | {i.id for i in source.walk()}
    new = [i for i in target.walk() if i.id not in given]
    new_ids = {i.id for i in new}
    return [i for i in new if not (parent := target.parent(i.id)) or parent.id not in new_ids]


def _added_line(added: list[Item]) -> str:
    named = "、".join(f"「{i.label}」" for i in added[:MAX_ADDED_LABELS])
    rest = f"ほか{len(added) - MAX_ADDED_LABELS}項目" if len(added) > MAX_ADDED_LABELS else ""
    return f"新しい版で加わった項目は空欄のまま読み替えました(再評価で記入してください): {named}{rest}"

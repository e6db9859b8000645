"""Reading a document of an older edition as the newer edition, before diffing.

One mapping file per edition pair, ``data/upgrade-<form>-<from>-to-<to>.yaml``::

    form: full
    from: 平成28年1月
    to: 平成30年5月
    source: 新旧対照表 …
    notes: what is known of the differences, and how sure
    renamed_items: {old.id: new.id}                 # ids that changed
    relabelled_options: {new.id: {旧ラベル: 新ラベル}}  # option labels that changed (item id after renaming)
    removed_items: [old.id]                          # items the newer edition dropped, with what is inside
                                                     # them (values discarded)

Mappings chain: 平成26年4月 → 平成28年1月 → 平成30年5月 is read through both files. Items of the
same meaning keep their id across editions (docs/domain/form-schema.md), so a mapping lists only
what moved or went; an item that only changed its printed label, and an item the newer edition
added, need no entry.

Reading a document through a chain also says what the reading did, item by item
(:func:`upgrade_with_notes`): the values moved or relabelled, the values dropped, the labels the
newer edition prints differently and the items it added (left blank, to be filled in the
re-assessment). ``pia diff``/``pia changes`` and the workbench print these lines as notes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pia.changes.model import EditionError
from pia.changes.upgrade_notes import removed_by, step_notes
from pia.document.model import Document
from pia.forms.model import FORM_KIND_LABELS, FormTemplate
from pia.forms.registry import UnknownFormError, all_forms, get_form

DATA_DIR = Path(__file__).parent / "data"
PATTERN = "upgrade-*.yaml"


@dataclass(frozen=True)
class EditionMapping:
    form: str
    source: str  # edition upgraded from
    target: str  # edition upgraded to
    renamed: Mapping[str, str] = field(default_factory=dict)
    relabelled: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    removed: tuple[str, ...] = ()
    origin: str = ""  # file name, for messages
    notes: str = ""  # what is known of the differences (the mapping file's ``notes``)


@dataclass(frozen=True)
class UpgradeSet:
    mappings: tuple[EditionMapping, ...] = ()

    def chain(self, form: str, source: str, target: str) -> list[EditionMapping] | None:
        """The mappings leading from ``source`` to ``target`` (shortest chain), or None."""
        queue: deque[tuple[str, list[EditionMapping]]] = deque([(source, [])])
        seen = {source}
        while queue:
            edition, steps = queue.popleft()
            if edition == target:
                return steps
            for m in self.mappings:
                if m.form == form and m.source == edition and m.target not in seen:
                    seen.add(m.target)
                    queue.append((m.target, [*steps, m]))
        return None

    @classmethod
    def load(cls, directory: Path) -> UpgradeSet:
        return cls(tuple(load_mapping(p) for p in sorted(directory.glob(PATTERN))))


@cache
def default_upgrades() -> UpgradeSet:
    """The packaged mappings (``data/upgrade-*.yaml``)."""
    return UpgradeSet.load(DATA_DIR)


def _str_map(raw: Any, where: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        raise EditionError(f"{where} は「文字列: 文字列」のマッピングにしてください")
    return dict(raw)


def parse_mapping(data: Any, origin: str) -> EditionMapping:
    if not isinstance(data, Mapping):
        raise EditionError(f"移行表 {origin}: form・from・to を持つマッピングにしてください")
    missing = [k for k in ("form", "from", "to") if not isinstance(data.get(k), str) or not data.get(k)]
    if missing:
        raise EditionError(f"移行表 {origin}: {'、'.join(missing)} がありません")
    relabelled = data.get("relabelled_options") or {}
    if not isinstance(relabelled, Mapping):
        raise EditionError(f"移行表 {origin}: relabelled_options は項目 id ごとのマッピングにしてください")
    removed = data.get("removed_items") or []
    if not isinstance(removed, list) or not all(isinstance(r, str) for r in removed):
        raise EditionError(f"移行表 {origin}: removed_items は項目 id のリストにしてください")
    return EditionMapping(
        form=data["form"],
        source=data["from"],
        target=data["to"],
        renamed=_str_map(data.get("renamed_items"), f"移行表 {origin}: renamed_items"),
        relabelled={k: _str_map(v, f"移行表 {origin}: relabelled_options.{k}") for k, v in relabelled.items()},
        removed=tuple(removed),
        origin=origin,
        notes=str(data.get("notes") or ""),
    )


def load_mapping(path: Path) -> EditionMapping:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EditionError(f"移行表 {path.name} を読めません({exc})") from exc
    return parse_mapping(data, path.name)


def check_mapping(mapping: EditionMapping, target: FormTemplate, source: FormTemplate | None = None) -> list[str]:
    """Problems of a mapping against its target edition (ids that do not exist there) and, given
    the source edition, against it: every source item the target lacks must be renamed or removed
    (else its value would be silently lost), and renamed or removed ids must exist."""
    renamed = mapping.renamed.values()
    problems = [
        f"renamed_items の移行先 {new} は{target.key}にありません" for new in renamed if not target.has_item(new)
    ]
    problems += [
        f"relabelled_options の {i} は{target.key}にありません" for i in mapping.relabelled if not target.has_item(i)
    ]
    if source is None:
        return problems
    named = [*mapping.renamed, *mapping.removed]
    problems += [f"{old} は{source.key}にありません" for old in named if not source.has_item(old)]
    problems += [
        f"{item.id}({item.label})は{target.key}になく、renamed_items にも removed_items にもありません"
        for item in source.walk()
        if not target.has_item(item.id) and item.id not in mapping.renamed and not removed_by(item.id, mapping.removed)
    ]
    return problems


# --- applying -----------------------------------------------------------------------------


def upgrade(document: Document, chain: Sequence[EditionMapping]) -> Document:
    """A copy of the document read through the mappings, named with the last target edition."""
    return upgrade_with_notes(document, chain)[0]


def upgrade_with_notes(document: Document, chain: Sequence[EditionMapping]) -> tuple[Document, list[str]]:
    """The upgraded copy, and one line per change the reading made or the newer edition brings
    (:func:`pia.changes.upgrade_notes.step_notes`), step by step."""
    values: Any = document.copy().values
    notes: list[str] = []
    for mapping in chain:
        notes += step_notes(values, mapping)
        values = _rewrite(values, mapping)
    edition = chain[-1].target if chain else document.edition
    return Document(document.form, edition, document.body_type, values), notes


def _rewrite(value: Any, mapping: EditionMapping) -> Any:
    if isinstance(value, list):
        return [_rewrite(v, mapping) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, inner in value.items():
        if removed_by(key, mapping.removed):
            continue
        new_key = mapping.renamed.get(key, key)
        labels = mapping.relabelled.get(new_key)
        out[new_key] = _relabel(inner, labels) if labels else _rewrite(inner, mapping)
    return out


def _relabel(value: Any, labels: Mapping[str, str]) -> Any:
    """A choice label, or a checkbox list of labels / {label: slot text}, relabelled."""
    if isinstance(value, str):
        return labels.get(value, value)
    if isinstance(value, list):
        return [_relabel_entry(entry, labels) for entry in value]
    return value


def _relabel_entry(entry: Any, labels: Mapping[str, str]) -> Any:
    if isinstance(entry, str):
        return labels.get(entry, entry)
    if isinstance(entry, Mapping):
        return {labels.get(str(k), str(k)): v for k, v in entry.items()}
    return entry


# --- making two documents comparable ------------------------------------------------------


def _template(form: str, edition: str) -> FormTemplate:
    try:
        return get_form(form, edition)
    except UnknownFormError as exc:
        raise EditionError(str(exc)) from None


def _no_chain(form: str, source: str, target: str) -> EditionError:
    known = "、".join(f.edition for f in all_forms() if f.form == form)
    name = FORM_KIND_LABELS.get(form, form)
    return EditionError(
        f"{name}の版「{source}」の評価書を版「{target}」と比較するための移行表がありません"
        f"(登録済みの版: {known})。版「{source}」が正しいか確かめてください"
    )


def comparable(
    old: Document, new: Document, upgrades: UpgradeSet | None = None
) -> tuple[FormTemplate, Document, list[str]]:
    """The new version's form, the old version read in that edition, and notes on reading it."""
    if old.form != new.form:
        names = (FORM_KIND_LABELS.get(old.form, old.form), FORM_KIND_LABELS.get(new.form, new.form))
        raise EditionError(f"様式の異なる評価書は比較できません(旧: {names[0]}、新: {names[1]})")
    template = _template(new.form, new.edition)
    if old.edition == new.edition:
        return template, old, []
    chain = (upgrades or default_upgrades()).chain(old.form, old.edition, new.edition)
    if chain is None:
        raise _no_chain(old.form, old.edition, new.edition)
    files = "、".join(m.origin for m in chain)
    note = f"旧版の評価書(版「{old.edition}」)は移行表({files})で版「{new.edition}」に読み替えて比較しました"
    upgraded, mapped = upgrade_with_notes(old, chain)
    return template, upgraded, [note, *mapped]

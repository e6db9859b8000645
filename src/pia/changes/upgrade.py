"""Reading a document of an older edition as the newer edition, before diffing.

One mapping file per edition pair, ``data/upgrade-<form>-<from>-to-<to>.yaml``::

    form: full
    from: 平成28年1月
    to: 平成30年5月
    source: 新旧対照表 …
    renamed_items: {old.id: new.id}                 # ids that changed
    relabelled_options: {new.id: {旧ラベル: 新ラベル}}  # option labels that changed (item id after renaming)
    removed_items: [old.id]                          # items the newer edition dropped (values discarded)

Mappings chain: 平成26年4月 → 平成28年1月 → 平成30年5月 is read through both files.
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
    """The packaged mappings (none yet: each form has one edition so far)."""
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
    )


def load_mapping(path: Path) -> EditionMapping:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EditionError(f"移行表 {path.name} を読めません({exc})") from exc
    return parse_mapping(data, path.name)


def check_mapping(mapping: EditionMapping, target: FormTemplate) -> list[str]:
    """Problems of a mapping against its target edition (ids that do not exist there)."""
    renamed = mapping.renamed.values()
    problems = [
        f"renamed_items の移行先 {new} は{target.key}にありません" for new in renamed if not target.has_item(new)
    ]
    problems += [
        f"relabelled_options の {i} は{target.key}にありません" for i in mapping.relabelled if not target.has_item(i)
    ]
    return problems


# --- applying -----------------------------------------------------------------------------


def upgrade(document: Document, chain: Sequence[EditionMapping]) -> Document:
    """A copy of the document read through the mappings, named with the last target edition."""
    values: Any = document.copy().values
    for mapping in chain:
        values = _rewrite(values, mapping)
    edition = chain[-1].target if chain else document.edition
    return Document(document.form, edition, document.body_type, values)


def _rewrite(value: Any, mapping: EditionMapping) -> Any:
    if isinstance(value, list):
        return [_rewrite(v, mapping) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, inner in value.items():
        if key in mapping.removed:
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
    return template, upgrade(old, chain), [note]

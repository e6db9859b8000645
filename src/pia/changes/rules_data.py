"""The classification rules data (``data/classification.yaml``): reading and checking it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pia.errors import PiaError
from pia.forms.model import FORM_KINDS

DATA_PATH = Path(__file__).parent / "data" / "classification.yaml"
CHANGE_TAGS = ("added", "removed", "modified", "reordered", "increase", "decrease", "formatting", "any")
DECISIONS = ("important", "correction")
_RULE_KEYS = {"id", "decision", "reason", "source", "status", "forms", "editions", "items", "within"}
_RULE_KEYS |= {"changes", "declared", "label"}


class ClassificationDataError(PiaError, ValueError):
    """A broken classification rules file (message in Japanese, with the place)."""


@dataclass(frozen=True)
class Outcome:
    reason: str
    source: str
    status: str


@dataclass(frozen=True)
class Rule:
    id: str
    decision: str  # important | correction
    outcome: Outcome
    forms: tuple[str, ...] = ()
    editions: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    within: tuple[str, ...] = ()
    changes: tuple[str, ...] = ("any",)
    declared: str = ""
    label: str = ""

    @property
    def important(self) -> bool:
        return self.decision == "important"

    def matches(self, form: str, edition: str, item_id: str, tags: frozenset[str], declared: str) -> bool:
        return (
            (not self.forms or form in self.forms)
            and (not self.editions or edition in self.editions)
            and (not self.items or item_id in self.items)
            and (not self.within or any(item_id == w or item_id.startswith(w + ".") for w in self.within))
            and bool(tags.intersection(self.changes))
            and (not self.declared or declared == self.declared)
        )


@dataclass(frozen=True)
class Classification:
    rules: tuple[Rule, ...]
    star: Outcome
    star_element: Outcome
    default: Outcome

    def declarations(self) -> dict[str, str]:
        """Exceptions a user may declare: id → label."""
        return {r.declared: r.label or r.id for r in self.rules if r.declared}


def _fail(where: str, message: str) -> ClassificationDataError:
    return ClassificationDataError(f"分類ルール {where}: {message}")


def _text(raw: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(where, f"'{key}' は空でない文字列にしてください")
    return value


def _texts(raw: Mapping[str, Any], key: str, where: str, allowed: tuple[str, ...] = ()) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(where, f"'{key}' は文字列のリストにしてください")
    unknown = [v for v in value if allowed and v not in allowed]
    if unknown:
        raise _fail(where, f"'{key}' の {'、'.join(unknown)} は使えません(使えるもの: {'、'.join(allowed)})")
    return tuple(value)


def _outcome(raw: Any, where: str) -> Outcome:
    if not isinstance(raw, Mapping):
        raise _fail(where, "reason・source・status を持つマッピングにしてください")
    return Outcome(_text(raw, "reason", where), _text(raw, "source", where), _text(raw, "status", where))


def _rule(raw: Any, index: int) -> Rule:
    where = f"rules[{index}]"
    if not isinstance(raw, Mapping):
        raise _fail(where, "マッピングにしてください")
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise _fail(where, f"不明なキー {'、'.join(unknown)} があります")
    where = f"rules[{index}] ({raw.get('id')})"
    decision = _text(raw, "decision", where)
    if decision not in DECISIONS:
        raise _fail(where, f"decision は {' か '.join(DECISIONS)} です: '{decision}'")
    changes = _texts(raw, "changes", where, CHANGE_TAGS) if "changes" in raw else ("any",)
    return Rule(
        id=_text(raw, "id", where),
        decision=decision,
        outcome=_outcome(raw, where),
        forms=_texts(raw, "forms", where, FORM_KINDS),
        editions=_texts(raw, "editions", where),
        items=_texts(raw, "items", where),
        within=_texts(raw, "within", where),
        changes=changes,
        declared=_text(raw, "declared", where, required=False),
        label=_text(raw, "label", where, required=False),
    )


def parse_classification(data: Any) -> Classification:
    if not isinstance(data, Mapping) or data.get("schema") != 1:
        raise _fail("(最上位)", "schema: 1 と rules・star・star_element・default を持つマッピングにしてください")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list):
        raise _fail("rules", "ルールのリストにしてください")
    rules = tuple(_rule(raw, i) for i, raw in enumerate(raw_rules))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise _fail(f"rules ({rule.id})", "id が重複しています")
        seen.add(rule.id)
    outcomes = [_outcome(data.get(key), key) for key in ("star", "star_element", "default")]
    return Classification(rules, *outcomes)


def load_classification(path: Path | None = None) -> Classification:
    """Read and check a classification rules file (the packaged one, read once, by default)."""
    if path is None:
        return default_classification()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ClassificationDataError(f"分類ルール {path.name} を読めません({exc})") from exc
    return parse_classification(data)


@cache
def default_classification() -> Classification:
    return load_classification(DATA_PATH)

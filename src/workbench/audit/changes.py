"""Before/after values in audit events: ``details = {"before": {...}, "after": {...}}``, the
convention for every edit whose previous value must stay recoverable (answers, summaries,
roles, admin changes). Optional ``"labels": {key: 項目名}`` names the keys for the audit page."""

from __future__ import annotations

import json
from typing import Any

MISSING = "(なし)"


def changes(before: dict[str, Any], after: dict[str, Any], labels: dict[str, str] | None = None) -> dict[str, Any]:
    """The keys whose values differ, as ``{"before": {...}, "after": {...}}`` (plus the labels
    of those keys); a key only on one side is shown as (なし) on the other."""
    keys = [k for k in {**before, **after} if before.get(k, MISSING) != after.get(k, MISSING)]
    result: dict[str, Any] = {
        "before": {k: before[k] for k in keys if k in before},
        "after": {k: after[k] for k in keys if k in after},
    }
    if labels:
        result["labels"] = {k: labels[k] for k in keys if k in labels}
    return result


def rows(details: Any) -> list[tuple[str, str, str]]:
    """(項目, 変更前, 変更後) for the audit page; empty unless ``details`` has before/after."""
    if not isinstance(details, dict):
        return []
    before, after = details.get("before"), details.get("after")
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    named = details.get("labels")
    labels: dict[str, Any] = named if isinstance(named, dict) else {}
    keys = list(dict.fromkeys([*before, *after]))
    return [(str(labels.get(k, k)), _text(before, k), _text(after, k)) for k in keys]


def _text(values: dict[str, Any], key: str) -> str:
    if key not in values:
        return MISSING
    value = values[key]
    if value is None or value == "":
        return "(空欄)"
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, list | tuple):
        return "、".join(_one(v) for v in value) or "(空欄)"
    return _one(value)


def _one(value: Any) -> str:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)

"""Optimistic concurrency for small editable records (a comment's 整理 and 考え方, the 概要版 inputs,
the answer to a reviewer's remark): no stale form ever overwrites a colleague's save.

The form carries ``seen``, a fingerprint of the record's values as the page showed them
(``fingerprint``). The action locks the row, compares (``check_fresh``) and raises
``StaleEditError`` with the values now stored when they changed meanwhile; the view then shows both
texts with the user's input kept in the form and the new fingerprint, so pressing 保存 again is a
decision made with the colleague's text in view. A form without ``seen`` (an older page) is not
checked. The audit event of every such edit keeps the changed fields as
``{"before": {...}, "after": {...}}`` (``before_after``), so a lost text can always be recovered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

STALE_MESSAGE = (
    "編集中に他の利用者がこの内容を保存しました。あなたの入力はまだ保存していません。"
    "下の比較を確認し、必要なら修正して、もう一度「保存する」を押してください。"
)


def fingerprint(values: Mapping[str, Any]) -> str:
    """A short, stable digest of the values (order of keys does not matter)."""
    data = json.dumps(dict(values), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


class StaleEditError(Exception):
    """The record changed after the form was shown: ``current`` holds the values stored now,
    ``attempted`` the values this save would have written (as the action cleaned them)."""

    def __init__(self, current: Mapping[str, Any], attempted: Mapping[str, Any]) -> None:
        self.current, self.attempted = dict(current), dict(attempted)
        super().__init__(STALE_MESSAGE)


def check_fresh(seen: str | None, current: Mapping[str, Any], attempted: Mapping[str, Any]) -> None:
    """Refuse a form rendered from other values than ``current`` (``seen`` None: not checked)."""
    if seen is not None and seen != fingerprint(current):
        raise StaleEditError(current, attempted)


def before_after(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The changed fields only, as the audit log keeps them."""
    changed = [name for name in new if old.get(name) != new[name]]
    return {"before": {n: old.get(n) for n in changed}, "after": {n: new[n] for n in changed}}


@dataclass(frozen=True)
class ConflictRow:
    label: str
    theirs: str
    mine: str


def conflict_rows(labels: Mapping[str, str], theirs: Mapping[str, Any], mine: Mapping[str, Any]) -> list[ConflictRow]:
    """The fields where the stored values and the user's input differ, for the conflict page."""
    return [
        ConflictRow(label, _shown(theirs.get(name)), _shown(mine.get(name)))
        for name, label in labels.items()
        if theirs.get(name) != mine.get(name)
    ]


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value) or "(なし)"
    return str(value) if value not in (None, "") else "(空欄)"

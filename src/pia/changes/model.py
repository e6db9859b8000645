"""The result of comparing two versions of a 評価書: changes and the list of them.

A :class:`Change` is one item-level difference, addressed by its element path
(``II.file[#honnin].4.itaku[#card-center]``) and by its printed label path. The
:class:`ChangeList` says whether the changes as a whole are a 重要な変更 (the assessment
must be carried out again before the change) or a 修正 (the document is corrected).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pia.errors import PiaError

ChangeKind = Literal["added", "removed", "modified", "reordered"]
Verdict = Literal["reassessment", "correction"]

KIND_LABELS: dict[str, str] = {"added": "追加", "removed": "削除", "modified": "変更", "reordered": "並べ替え"}
VERDICT_LABELS: dict[str, str] = {"reassessment": "重要な変更(再実施)", "correction": "修正"}


def label_list(labels: list[str], limit: int) -> str:
    """Printed labels for a message: 「A、B、C ほか2件」 (at most ``limit`` named)."""
    shown = "、".join(labels[:limit])
    return shown + (f" ほか{len(labels) - limit}件" if len(labels) > limit else "")


class DiffError(PiaError, ValueError):
    """Two documents that cannot be compared (message in Japanese)."""


class EditionError(DiffError):
    """Unknown form or edition, different forms, or no upgrade path between editions."""


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new version.

    ``before``/``after`` are the stored values (for a repeat element its dict, holding
    only that repeat's items; for a reorder the element ids in order; None when absent).
    ``index`` is the 1-based position of an added or removed element in the version that
    has it. ``covers`` lists the filled value paths inside an added element.
    """

    path: str
    item_id: str
    label: str
    kind: ChangeKind
    before: Any
    after: Any
    important: bool = False
    reason: str = ""
    source: str = ""
    rule: str = ""
    index: int | None = None
    covers: tuple[str, ...] = ()

    @property
    def is_element(self) -> bool:
        """True when the change adds or removes a whole repeat element."""
        return self.path.endswith("]")

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "item_id": self.item_id,
            "label": self.label,
            "change": self.kind,
            "before": self.before,
            "after": self.after,
            "important": self.important,
            "reason": self.reason,
            "source": self.source,
            "rule": self.rule,
        }


@dataclass
class ChangeList:
    """All changes from ``old`` to ``new``, in printed order (removed items where they were)."""

    form: str
    edition: str
    body_type: str
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. how an older edition was read
    public: bool = False  # withheld values replaced by 「(非公表)」 (pia.changes.public)

    @property
    def verdict(self) -> Verdict:
        return "reassessment" if any(c.important for c in self.changes) else "correction"

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    def important_changes(self) -> list[Change]:
        return [c for c in self.changes if c.important]

    def changed_paths(self) -> set[str]:
        """Element paths whose value is new or changed in the new version (printed in red).

        An added element contributes its own path and every filled value path under it;
        removed values and reorders contribute nothing (there is nothing new to print).
        """
        paths: set[str] = set()
        for change in self.changes:
            if change.kind == "added" or (change.kind == "modified" and not change.is_element):
                paths.add(change.path)
                paths.update(change.covers)
        return paths

    def __len__(self) -> int:
        return len(self.changes)

    def to_json(self) -> dict[str, Any]:
        """``verdict``, ``changes`` (path, label, change, before, after, important, reason …),
        counts and notes. The required action is added by ``pia.changes.action.diff_json``
        (it needs the rules engine, which this model does not know)."""
        return {
            "form": self.form,
            "edition": self.edition,
            "verdict": self.verdict,
            "verdict_label": self.verdict_label,
            "counts": {"total": len(self.changes), "important": len(self.important_changes())},
            "notes": list(self.notes),
            "changes": [c.to_json() for c in self.changes],
        }

"""Revisions of a 評価書: structural diff, 重要な変更 / 修正 classification, (別添3) 変更箇所
rows, the three-way merge and the gate (the 概要版 built from them is ``pia.summary``).

    from pia.changes import diff, apply_changes
    changes = diff(old, new)          # ChangeList; changes.verdict is reassessment | correction
    apply_changes(old, changes)       # says what ``new`` says
    merge(base, theirs, mine)         # MergeResult: the merged document, conflicts, what it took
"""

from pia.changes.action import RequiredAction, diff_json, required_action
from pia.changes.apply import apply_changes
from pia.changes.diff import compare, diff
from pia.changes.elements import snapshot
from pia.changes.merge import merge
from pia.changes.merge_model import Conflict, Merged, MergeError, MergeResult
from pia.changes.model import KIND_LABELS, VERDICT_LABELS, Change, ChangeList, DiffError, EditionError
from pia.changes.rules_data import Classification, ClassificationDataError, load_classification
from pia.changes.upgrade import EditionMapping, UpgradeSet, upgrade

__all__ = [
    "KIND_LABELS",
    "VERDICT_LABELS",
    "Change",
    "ChangeList",
    "Classification",
    "ClassificationDataError",
    "Conflict",
    "DiffError",
    "EditionError",
    "EditionMapping",
    "MergeError",
    "MergeResult",
    "Merged",
    "RequiredAction",
    "UpgradeSet",
    "apply_changes",
    "compare",
    "diff",
    "diff_json",
    "load_classification",
    "merge",
    "required_action",
    "snapshot",
    "upgrade",
]

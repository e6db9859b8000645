"""What the body must do about a ChangeList: 再実施 before the change, or a 修正.

The procedure (steps per level and body type) comes from the rules engine
(:func:`pia.rules.procedure.procedure_for`); nothing about it is repeated here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pia.changes.model import ChangeList
from pia.rules.procedure import Procedure, ProcedureError, procedure_for

OCCASIONS = {"reassessment": "important_change", "correction": "correction"}


@dataclass(frozen=True)
class RequiredAction:
    verdict: str  # reassessment | correction
    occasion: str  # the rules engine's occasion id (important_change | correction)
    message: str  # what to do, in Japanese
    procedure: str  # the procedure's title, '' when the rules data has none
    steps: tuple[str, ...]  # step labels in order
    timing: str  # before (変更前に完了) | after_allowed (事後の提出も可)

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "occasion": self.occasion,
            "message": self.message,
            "procedure": self.procedure,
            "steps": list(self.steps),
            "timing": self.timing,
        }


def _procedure(changes: ChangeList, occasion: str, on: date | None) -> Procedure | None:
    try:
        return procedure_for(changes.form, changes.body_type, occasion, on=on)
    except ProcedureError:
        return None


def _message(changes: ChangeList, procedure: Procedure | None) -> str:
    how = (f"。手続({procedure.title}): " + "→".join(s.label for s in procedure.steps)) if procedure else ""
    if changes.verdict == "reassessment":
        count = len(changes.important_changes())
        return f"重要な変更が{count}件あります。変更を加える前に特定個人情報保護評価を再実施してください{how}。"
    if not changes.changes:
        return "変更はありません。"
    return (
        "重要な変更はありません。評価書を修正して提出・公表してください。"
        "変更箇所の提出時期は、変更前に提出するときは「事前」、変更後に提出するときは「事後」とします" + how + "。"
    )


def diff_json(changes: ChangeList, on: date | None = None) -> dict[str, Any]:
    """What ``pia diff --json`` prints: ``changes.to_json()`` with the required ``action``
    (procedure from the rules data on ``on``) before the list of changes."""
    data = changes.to_json()
    listed = data.pop("changes")
    return {**data, "action": required_action(changes, on).to_json(), "changes": listed}


def required_action(changes: ChangeList, on: date | None = None) -> RequiredAction:
    """The action for the verdict, with the procedure the rules data gives for it on ``on``."""
    occasion = OCCASIONS[changes.verdict]
    procedure = _procedure(changes, occasion, on)
    return RequiredAction(
        verdict=changes.verdict,
        occasion=occasion,
        message=_message(changes, procedure),
        procedure=procedure.title if procedure else "",
        steps=tuple(s.label for s in procedure.steps) if procedure else (),
        timing=procedure.timing if procedure else ("before" if changes.verdict == "reassessment" else "after_allowed"),
    )

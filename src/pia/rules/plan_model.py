"""The schedule planner's data: a step planned or written in a user's plan, and the plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from pia.errors import PiaError
from pia.findings import Finding
from pia.rules.procedure import Procedure
from pia.rules.ruledata import StepRule
from pia.wareki import format_both, format_wareki

COMMENT = "consultation"
StepFinder = Callable[[str], StepRule | None]


class PlanError(PiaError, ValueError):
    """The planning request itself is wrong (Japanese message)."""


@dataclass(frozen=True)
class DateSpan:
    """A date as written in a plan: one day, or a whole month (「R8年1月」)."""

    earliest: date
    latest: date
    text: str

    @classmethod
    def day(cls, day: date) -> DateSpan:
        return cls(day, day, format_both(day))

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest


@dataclass(frozen=True)
class PlanEntry:
    index: int
    name: str  # as written
    step: str  # resolved step id ("" when unknown)
    label: str
    start: DateSpan
    end: DateSpan
    reason: str = ""  # reason for a shortened 意見聴取

    def path(self, part: str) -> str:
        return f"plan[{self.index}].{part}"


@dataclass(frozen=True)
class PlannedStep:
    step: str
    label: str
    start: date
    end: date
    optional: bool = False

    def as_dict(self) -> dict[str, Any]:
        """``step``, ``label``, ``start``/``end`` (ISO), ``start_wareki``/``end_wareki``, ``optional``."""
        data = asdict(self)
        for key in ("start", "end"):
            data[f"{key}_wareki"] = format_wareki(data[key], style="abbr")
            data[key] = data[key].isoformat()
        return data

    def entry(self, index: int, reason: str) -> PlanEntry:
        start, end = DateSpan.day(self.start), DateSpan.day(self.end)
        return PlanEntry(index, self.step, self.step, self.label, start, end, reason)


@dataclass(frozen=True)
class Plan:
    procedure: Procedure
    steps: tuple[PlannedStep, ...]
    effective: date | None
    comment_reason: str = ""
    findings: tuple[Finding, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        p = self.procedure
        return {
            "level": p.level,
            "body": p.body,
            "occasion": p.occasion,
            "voluntary": p.voluntary,
            "title": p.title,
            "effective": self.effective.isoformat() if self.effective else None,
            "comment_reason": self.comment_reason,
            "steps": [s.as_dict() for s in self.steps],
            "basis": p.rule.basis.as_dict(),
            "step_basis": {s.step: s.basis.as_dict() for s in p.steps},
            "findings": [f.as_dict() for f in self.findings],
        }

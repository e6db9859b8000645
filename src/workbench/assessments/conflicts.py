"""What the conflict page shows: each element both sides changed differently, with both
values as the core reads them (``pia.changes.merge``), and the changes merged without a choice.

Nothing is re-implemented here: the merge, its labels and its display texts are the core's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pia.changes import MergeResult
from pia.changes.merge import SIDES, Side
from pia.changes.model import KIND_LABELS, label_list

CHOICE = "choice:"  # the radio buttons are named choice:<element path>
MESSAGE_LABELS = 3  # how many changed items a message names before 「ほかN件」


@dataclass(frozen=True)
class ConflictRow:
    number: int
    path: str
    label: str
    kind: str
    base: str
    theirs: str
    mine: str
    chosen: str  # the side the user already chose ("" before the first choice)
    missing: bool  # submitted without a choice

    @property
    def name(self) -> str:
        return CHOICE + self.path

    @property
    def anchor(self) -> str:
        return f"conflict-{self.number}"


@dataclass(frozen=True)
class MergedRow:
    label: str
    kind: str


def conflict_rows(result: MergeResult, choices: Mapping[str, Side], missing: set[str]) -> list[ConflictRow]:
    return [
        ConflictRow(
            number=n,
            path=c.path,
            label=c.label,
            kind=c.kind_label,
            base=c.base_text,
            theirs=c.theirs_text,
            mine=c.mine_text,
            chosen=choices.get(c.path, ""),
            missing=c.path in missing,
        )
        for n, c in enumerate(result.conflicts, start=1)
    ]


def merged_rows(result: MergeResult, side: Side) -> list[MergedRow]:
    return [MergedRow(m.label, KIND_LABELS[m.kind]) for m in result.taken_from(side)]


def posted_choices(post: Mapping[str, str]) -> dict[str, Side]:
    """The sides chosen on the conflict page, by element path."""
    chosen: dict[str, Side] = {}
    for name, value in post.items():
        if name.startswith(CHOICE):
            side = next((s for s in SIDES if s == value), None)
            if side is not None:
                chosen[name[len(CHOICE) :]] = side
    return chosen


def short_list(labels: list[str]) -> str:
    """「A、B、C ほか2件」."""
    return label_list(labels, MESSAGE_LABELS)

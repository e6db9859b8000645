"""The result of a three-way merge: the merged document, its conflicts and what it took.

``base`` is the version both edits started from, ``theirs`` the one saved meanwhile and
``mine`` the edit being saved. Paths are element paths as in the diff
(``II.file[#honnin].4.itaku[#card].7``); labels are the printed label paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pia.changes.model import ChangeKind, DiffError
from pia.document.model import Document

Side = Literal["theirs", "mine"]
Origin = Literal["theirs", "mine", "both"]
ConflictKind = Literal["value", "element", "order"]
SIDES: tuple[Side, ...] = ("mine", "theirs")

CONFLICT_KIND_LABELS: dict[str, str] = {"value": "記載", "element": "要素の削除", "order": "並び順"}


class MergeError(DiffError):
    """Documents that cannot be merged (different forms or editions, elements without ids)."""


def other_side(side: Side) -> Side:
    return "mine" if side == "theirs" else "theirs"


@dataclass(frozen=True)
class Conflict:
    """One element both sides changed differently.

    ``kind`` is ``value`` (a value: ``base``/``theirs``/``mine`` are the stored values, None
    when blank or absent), ``element`` (one side removed an element the other edited: the
    element dicts, None on the side that removed it) or ``order`` (both reordered a repeat
    differently: the id lists). ``*_text`` say the same as a person reads it. ``chosen`` is
    the side the merged document took (a resolution, else the default)."""

    path: str
    item_id: str
    label: str
    kind: ConflictKind
    base: Any
    theirs: Any
    mine: Any
    base_text: str
    theirs_text: str
    mine_text: str
    chosen: Side

    @property
    def kind_label(self) -> str:
        return CONFLICT_KIND_LABELS[self.kind]

    def text(self, side: Side) -> str:
        return self.theirs_text if side == "theirs" else self.mine_text


@dataclass(frozen=True)
class Merged:
    """A change one side (or both alike) made that the merged document carries."""

    path: str
    item_id: str
    label: str
    kind: ChangeKind
    origin: Origin


@dataclass(frozen=True)
class MergeResult:
    document: Document
    conflicts: tuple[Conflict, ...]
    merged: tuple[Merged, ...]

    @property
    def clean(self) -> bool:
        """True when the sides changed no element differently: the document needs no choice."""
        return not self.conflicts

    def taken_from(self, side: Side) -> list[Merged]:
        """The changes only ``side`` made (a change both made alike is not listed)."""
        return [m for m in self.merged if m.origin == side]

    def conflict(self, path: str) -> Conflict | None:
        return next((c for c in self.conflicts if c.path == path), None)

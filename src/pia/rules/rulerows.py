"""The rows of the procedure rules data (``data/procedure.yaml``) as frozen dataclasses;
``ruledata`` reads and checks the file.

Every row has an ``id``, its legal basis (``law`` citations, or an explicit ``operational``
setting with no legal basis, and ``secondary`` pages for reference only), a confidence
``status`` (V/P/R) and the day from which it applies (``effective_from``). An amendment is a new row with the same
id and a later date; :meth:`RuleBook.on` picks, per id, the row in force on a given day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import TypeVar

from pia.errors import PiaError
from pia.rules.legal import Basis, Citation

STATUSES = ("V", "P", "R")
UNITS = ("calendar", "business")
TIMINGS = ("before", "effort", "promptly", "after_allowed")


class RuleDataError(PiaError, ValueError):
    """The rules data file is broken, or asks for a row that is not in force (Japanese)."""


@dataclass(frozen=True, kw_only=True)
class Row:
    id: str
    status: str
    effective_from: date
    law: tuple[Citation, ...] = ()
    operational: str = ""  # why the row has no legal basis (a setting of the tool); excludes ``law``
    secondary: tuple[str, ...] = ()  # municipal or commentary pages: reference only, never the basis
    note: str = ""

    @property
    def basis(self) -> Basis:
        return Basis(self.law, self.secondary, self.operational)

    @property
    def source(self) -> str:
        """The basis as one line of text (the law first, then 参考)."""
        return self.basis.text


@dataclass(frozen=True, kw_only=True)
class Constant(Row):
    value: int
    unit: str
    label: str


@dataclass(frozen=True, kw_only=True)
class SubjectBand(Row):
    min: int
    below: int | None
    label: str  # the 様式2 option label
    name: str  # the band as written in messages
    small: str  # level id when 取扱者数 < limit and no 重大事故
    big: str  # level id when 取扱者数 >= limit or a 重大事故

    def contains(self, subjects: int) -> bool:
        return self.min <= subjects and (self.below is None or subjects < self.below)


@dataclass(frozen=True, kw_only=True)
class LevelRule(Row):
    rank: int
    name: str
    reports: tuple[str, ...]
    result_label: str  # the しきい値判断結果 option label


@dataclass(frozen=True, kw_only=True)
class LabelledRow(Row):
    label: str


@dataclass(frozen=True, kw_only=True)
class OccasionRule(LabelledRow):
    timing: str


@dataclass(frozen=True, kw_only=True)
class StepRule(LabelledRow):
    unit: str
    aliases: tuple[str, ...] = ()
    duration: int | None = None
    period_rule: str | None = None  # constant id giving the (minimum) length instead
    plan_required: bool = True

    def names(self) -> tuple[str, ...]:
        return (self.id, self.label, *self.aliases)


@dataclass(frozen=True, kw_only=True)
class ProcedureRule(Row):
    levels: tuple[str, ...]
    bodies: tuple[str, ...]
    occasions: tuple[str, ...]
    steps: tuple[str, ...]
    optional_if_voluntary: tuple[str, ...] = ()
    omit_if_voluntary: tuple[str, ...] = ()

    def covers(self, level: str, body: str, occasion: str) -> bool:
        return level in self.levels and body in self.bodies and occasion in self.occasions


@dataclass(frozen=True, kw_only=True)
class Closure(LabelledRow):
    start: tuple[int, int]  # (month, day)
    end: tuple[int, int]  # may be in the next year (12-29 .. 01-03)

    def covers(self, day: date) -> bool:
        md = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= md <= self.end
        return md >= self.start or md <= self.end


R = TypeVar("R", bound=Row)


def in_force(rows: Iterable[R], day: date) -> tuple[R, ...]:
    """Per id, the row with the latest ``effective_from`` on or before ``day``."""
    chosen: dict[str, R] = {}
    for row in sorted((r for r in rows if r.effective_from <= day), key=lambda r: r.effective_from):
        chosen[row.id] = row
    return tuple(chosen.values())


def _pick(rows: Sequence[R], row_id: str, what: str, day: date) -> R:
    for row in rows:
        if row.id == row_id:
            return row
    raise RuleDataError(f"{what}「{row_id}」は{day.isoformat()}時点で有効な規則データにありません。")


@dataclass(frozen=True, kw_only=True)
class Tables:
    """The dated tables of the data file, one field per YAML key."""

    constants: tuple[Constant, ...]
    subject_bands: tuple[SubjectBand, ...]
    levels: tuple[LevelRule, ...]
    exemptions: tuple[LabelledRow, ...]
    policies: tuple[LabelledRow, ...]
    answers: tuple[LabelledRow, ...]
    bodies: tuple[LabelledRow, ...]
    occasions: tuple[OccasionRule, ...]
    steps: tuple[StepRule, ...]
    procedures: tuple[ProcedureRule, ...]


@dataclass(frozen=True, kw_only=True)
class Rules(Tables):
    """The rows in force on one day."""

    day: date

    def constant(self, key: str) -> Constant:
        return _pick(self.constants, key, "定数", self.day)

    def value(self, key: str) -> int:
        return self.constant(key).value

    def level(self, level_id: str) -> LevelRule:
        return _pick(self.levels, level_id, "評価の種類", self.day)

    def exemption(self, exemption_id: str) -> LabelledRow:
        return _pick(self.exemptions, exemption_id, "適用除外", self.day)

    def policy(self, policy_id: str) -> LabelledRow:
        return _pick(self.policies, policy_id, "原則", self.day)

    def answer(self, answer_id: str) -> LabelledRow:
        return _pick(self.answers, answer_id, "評価書の選択肢", self.day)

    def body(self, body_id: str) -> LabelledRow:
        return _pick(self.bodies, body_id, "評価実施機関の種類", self.day)

    def occasion(self, occasion_id: str) -> OccasionRule:
        return _pick(self.occasions, occasion_id, "実施の契機", self.day)

    def step(self, step_id: str) -> StepRule:
        return _pick(self.steps, step_id, "手続", self.day)

    def band_for(self, subjects: int) -> SubjectBand:
        for band in self.subject_bands:
            if band.contains(subjects):
                return band
        raise RuleDataError(f"対象人数 {subjects:,}人に当たる区分が規則データにありません。")

    def find_step(self, name: str) -> StepRule | None:
        wanted = name.strip()
        return next((s for s in self.steps if wanted in s.names()), None)

    def procedure(self, level: str, body: str, occasion: str) -> ProcedureRule | None:
        return next((p for p in self.procedures if p.covers(level, body, occasion)), None)


@dataclass(frozen=True, kw_only=True)
class RuleBook(Tables):
    """Every row of the data file, across all effective dates."""

    closures: tuple[Closure, ...]

    def on(self, day: date) -> Rules:
        dated = {f.name: in_force(getattr(self, f.name), day) for f in fields(Tables)}
        if not dated["levels"]:
            raise RuleDataError(f"{day.isoformat()}は規則データの適用開始日より前です。")
        return Rules(day=day, **dated)

    def change_dates(self) -> tuple[date, ...]:
        """Every distinct ``effective_from`` in the file, ascending."""
        rows = (row for f in fields(self) for row in getattr(self, f.name))
        return tuple(sorted({row.effective_from for row in rows}))

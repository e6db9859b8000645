"""The steps of a 特定個人情報保護評価, by level, body type and occasion (rules data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pia.errors import PiaError
from pia.rules.legal import Basis
from pia.rules.ruledata import ProcedureRule, RuleBook, Rules, StepRule, load_rules


class ProcedureError(PiaError, ValueError):
    """No procedure for the asked combination (Japanese message)."""


@dataclass(frozen=True)
class ProcedureStep:
    step: str  # step id: draft, consultation, revision, third_party_review, ...
    label: str
    unit: str  # calendar | business
    duration: int  # planning default, or the legal minimum when ``minimum`` is true
    minimum: bool  # the duration is a legal minimum (意見聴取 30日以上)
    optional: bool  # recommended only (a voluntary 全項目評価)
    plan_required: bool  # must appear in a user's plan
    basis: Basis  # the legal basis of the step (the law first, pages for reference after)
    status: str

    @property
    def source(self) -> str:
        return self.basis.text


@dataclass(frozen=True)
class Procedure:
    level: str
    body: str
    occasion: str
    voluntary: bool
    timing: str  # before | effort | promptly | after_allowed (see the rules data)
    title: str  # 「地方公共団体等・全項目評価・重要な変更による再実施」
    steps: tuple[ProcedureStep, ...]
    rule: ProcedureRule

    def step(self, step_id: str) -> ProcedureStep | None:
        return next((s for s in self.steps if s.step == step_id), None)

    def index(self, step_id: str) -> int:
        return [s.step for s in self.steps].index(step_id)


def _choice(kind: str, wanted: str, known: list[tuple[str, str]]) -> None:
    if wanted not in [k for k, _ in known]:
        choices = "、".join(f"{k}({label})" for k, label in known)
        raise ProcedureError(f"{kind}「{wanted}」はありません(選べるもの: {choices})。")


def _check_names(rules: Rules, level: str, body: str, occasion: str) -> None:
    levels = [(lv.id, lv.name) for lv in rules.levels if any(lv.id in p.levels for p in rules.procedures)]
    _choice("評価の種類", level, levels)
    _choice("評価実施機関の種類", body, [(b.id, b.label) for b in rules.bodies])
    _choice("実施の契機", occasion, [(o.id, o.label) for o in rules.occasions])


def _not_covered(rules: Rules, level: str, body: str, occasion: str) -> ProcedureError:
    usable = [o.label for o in rules.occasions if rules.procedure(level, body, o.id) is not None]
    return ProcedureError(
        f"{rules.body(body).label}の{rules.level(level).name}には、"
        f"「{rules.occasion(occasion).label}」の手続がありません"
        f"(選べる契機: {'、'.join(usable)})。"
    )


def _step(rules: Rules, row: StepRule, optional: bool) -> ProcedureStep:
    minimum = row.period_rule is not None
    duration = rules.value(row.period_rule) if row.period_rule else row.duration
    return ProcedureStep(
        row.id,
        row.label,
        row.unit,
        duration or 0,
        minimum,
        optional,
        row.plan_required and not optional,
        row.basis,
        row.status,
    )


def procedure_for(
    level: str,
    body: str,
    occasion: str = "new",
    voluntary: bool = False,
    on: date | None = None,
    book: RuleBook | None = None,
) -> Procedure:
    """The ordered steps for ``level`` (basic/focused/full) at a ``body`` (local/national).

    ``voluntary``: the level is above the しきい値判断 result; steps the rules data marks
    ``optional_if_voluntary`` become optional and ``omit_if_voluntary`` ones disappear.
    """
    rules = (book or load_rules()).on(on or date.today())
    _check_names(rules, level, body, occasion)
    rule = rules.procedure(level, body, occasion)
    if rule is None:
        raise _not_covered(rules, level, body, occasion)
    omitted = set(rule.omit_if_voluntary) if voluntary else set()
    optional = set(rule.optional_if_voluntary) if voluntary else set()
    steps = tuple(_step(rules, rules.step(s), s in optional) for s in rule.steps if s not in omitted)
    title = "・".join((rules.body(body).label, rules.level(level).name, rules.occasion(occasion).label)) + (
        "(任意)" if voluntary else ""
    )
    return Procedure(level, body, occasion, voluntary, rules.occasion(occasion).timing, title, steps, rule)

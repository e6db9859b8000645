"""Reading the procedure rules data (``data/procedure.yaml``): every row typed and checked,
every problem a ``RuleDataError`` naming where it is. The rows themselves are in
``rulerows`` and re-exported here, so ``from pia.rules.ruledata import …`` keeps working.

Every row has an ``id``, its legal basis (``law``: citations of the instruments listed in the
file's ``instruments`` table, or ``operational``: a setting of the tool with no legal basis,
said so explicitly; ``secondary``: pages for reference only), a confidence ``status`` (V/P/R)
and the day from which it applies (``effective_from``). An amendment is a new row with the same
id and a later date; :meth:`RuleBook.on` picks, per id, the row in force on a given day.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, fields
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from pia.rules.legal_data import citations, parse_instruments
from pia.rules.ruleconv import Conv, boolean, fail, integer, iso_date, month_day, one_of, text, texts
from pia.rules.rulerows import (
    STATUSES,
    TIMINGS,
    UNITS,
    Closure,
    Constant,
    LabelledRow,
    LevelRule,
    OccasionRule,
    ProcedureRule,
    Row,
    RuleBook,
    RuleDataError,
    Rules,
    StepRule,
    SubjectBand,
    Tables,
    in_force,
)

__all__ = [
    "DEFAULT_PATH",
    "Closure",
    "Constant",
    "LabelledRow",
    "LevelRule",
    "OccasionRule",
    "ProcedureRule",
    "Row",
    "RuleBook",
    "RuleDataError",
    "Rules",
    "StepRule",
    "SubjectBand",
    "Tables",
    "default_rules",
    "in_force",
    "load_rules",
    "parse_rules",
]

DEFAULT_PATH = Path(__file__).parent / "data" / "procedure.yaml"


# --- reading ---------------------------------------------------------------------------

_BY_TYPE: dict[str, Conv] = {
    "str": text,
    "int": integer,
    "bool": boolean,
    "date": iso_date,
    "tuple[str, ...]": texts,
    "tuple[int, int]": month_day,
}
_BY_NAME: dict[str, Conv] = {
    "status": one_of(STATUSES),
    "StepRule.unit": one_of(UNITS),
    "OccasionRule.timing": one_of(TIMINGS),
}
_ROW_TYPES = {
    cls.__name__: cls
    for cls in (Constant, SubjectBand, LevelRule, LabelledRow, OccasionRule, StepRule, ProcedureRule, Closure)
}


def _check_basis(row: Row, where: str) -> None:
    if row.law and row.operational:
        raise fail(where, "law(法令の根拠)と operational(法令の定めのない設定)は、どちらか一方だけを書いてください。")
    if not row.law and not row.operational:
        raise fail(
            where,
            "法令の根拠(law)がありません。法令の定めがない設定なら、operational にそう書いてください"
            "(例: 本ツールの運用上の設定(法令の定めなし))。",
        )


# --- rows ----------------------------------------------------------------------------------


def _row(cls: type[Row], raw: Any, where: str, extra: Mapping[str, Conv]) -> Row:
    """One row, converted field by field after the dataclass's own annotations."""
    if not isinstance(raw, dict):
        raise fail(where, "各行はマッピングにしてください。")
    if "source" in raw:
        raise fail(
            f"{where}.source",
            "source は使えません。法令は law に、自治体等のページは secondary(参考)に書いてください。",
        )
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(str(k) for k in raw if k not in known)
    if unknown:
        raise fail(where, f"不明なキー {', '.join(unknown)} があります。")
    values: dict[str, Any] = {}
    for name, f in known.items():
        if name in raw:
            kind = str(f.type).removesuffix(" | None")
            convert = extra.get(name) or _BY_NAME.get(f"{cls.__name__}.{name}") or _BY_NAME.get(name) or _BY_TYPE[kind]
            optional = raw[name] is None and kind != str(f.type)
            values[name] = None if optional else convert(raw[name], f"{where}.{name}")
        elif f.default is MISSING:
            raise fail(where, f"「{name}」がありません。")
    row = cls(**values)
    _check_basis(row, where)
    return row


def _table(data: Mapping[str, Any], name: str, cls: type[Row], extra: Mapping[str, Conv]) -> tuple[Any, ...]:
    raw_rows = data.get(name)
    if not isinstance(raw_rows, list) or not raw_rows:
        raise fail(name, "行のリストがありません。")
    rows = tuple(_row(cls, raw, f"{name}[{i}]", extra) for i, raw in enumerate(raw_rows))
    keys = [(row.id, row.effective_from) for row in rows]
    duplicates = sorted({f"{k[0]}({k[1]})" for k in keys if keys.count(k) > 1})
    if duplicates:
        raise fail(name, f"id と effective_from の組が重複しています: {', '.join(duplicates)}")
    return rows


def parse_rules(data: Any) -> RuleBook:
    """Build and validate a :class:`RuleBook` from the loaded YAML mapping."""
    if not isinstance(data, dict):
        raise fail("(最上位)", "マッピングにしてください。")
    unknown = sorted(
        str(k) for k in data if k not in ("schema", "instruments") and k not in {f.name for f in fields(RuleBook)}
    )
    if unknown:
        raise fail("(最上位)", f"不明な表 {', '.join(unknown)} があります。")
    extra = {"law": citations(parse_instruments(data.get("instruments")))}
    # each RuleBook field is annotated "tuple[RowClass, ...]"
    tables = {f.name: _table(data, f.name, _ROW_TYPES[str(f.type)[6:-6]], extra) for f in fields(RuleBook)}
    book = RuleBook(**tables)
    for day in book.change_dates():
        if day >= min(row.effective_from for row in book.levels):
            _check_day(book.on(day))
    return book


# --- cross-checks, run for every day on which some row changes --------------------------


def _missing(where: str, wanted: Iterable[str], known: Iterable[str], day: date) -> None:
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise fail(where, f"{day.isoformat()}時点で未定義の id {', '.join(unknown)} を参照しています。")


def _check_bands(rules: Rules) -> None:
    bands = sorted(rules.subject_bands, key=lambda b: b.min)
    edges = [0, *(b.below for b in bands)]
    if [b.min for b in bands] != edges[:-1] or edges[-1] is not None:
        raise fail("subject_bands", f"{rules.day.isoformat()}時点の区分が0人から切れ目なく続いていません。")


def _check_steps(rules: Rules) -> None:
    for step in rules.steps:
        if (step.duration is None) == (step.period_rule is None):
            raise fail(f"steps({step.id})", "duration と period_rule のどちらか一方だけを書いてください。")
        if step.period_rule is not None:
            rules.constant(step.period_rule)


def _check_procedures(rules: Rules) -> None:
    ids = {key: [r.id for r in getattr(rules, key)] for key in ("levels", "bodies", "occasions", "steps")}
    seen: set[tuple[str, str, str]] = set()
    for proc in rules.procedures:
        for key, known in ids.items():
            _missing(f"procedures({proc.id}).{key}", getattr(proc, key), known, rules.day)
        voluntary = (*proc.optional_if_voluntary, *proc.omit_if_voluntary)
        _missing(f"procedures({proc.id}).*_if_voluntary", voluntary, proc.steps, rules.day)
        combos = {(lv, b, o) for lv in proc.levels for b in proc.bodies for o in proc.occasions}
        if combos & seen:
            raise fail(f"procedures({proc.id})", "他の行と同じ評価の種類・機関・契機を扱っています。")
        seen |= combos


def _check_day(rules: Rules) -> None:
    _check_bands(rules)
    _check_steps(rules)
    _check_procedures(rules)
    used = [lv for b in rules.subject_bands for lv in (b.small, b.big)]
    used += [r for lv in rules.levels for r in lv.reports]
    _missing("subject_bands.small/big・levels.reports", used, [lv.id for lv in rules.levels], rules.day)


def load_rules(path: Path | None = None) -> RuleBook:
    """Read and validate a rules data file (the packaged one, read once, by default)."""
    if path is None:
        return default_rules()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleDataError(f"規則データ {path.name} を読めません({exc})。") from exc
    return parse_rules(data)


@functools.cache
def default_rules() -> RuleBook:
    """The packaged rules data, read once."""
    return load_rules(DEFAULT_PATH)


def current_step_id(name: str, book: RuleBook | None = None) -> str:
    """The id of the step that ``name`` names in the rules data (an id, its label or an alias, a
    former id such as ``public_comment`` among them); ``name`` itself when no step has it."""
    wanted = name.strip()
    step = next((s for s in (book or default_rules()).steps if wanted in s.names()), None)
    return step.id if step is not None else wanted

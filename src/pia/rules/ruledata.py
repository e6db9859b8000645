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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import MISSING, fields
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from pia.rules.legal import EFFECTS, Citation, Instrument, InstrumentVersion
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

Conv = Callable[[Any, str], Any]


def _fail(where: str, message: str) -> RuleDataError:
    return RuleDataError(f"規則データ {where}: {message}")


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "空でない文字列にしてください。")
    return value


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(where, "0以上の整数にしてください。")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, "true か false にしてください。")
    return value


def _strs(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _fail(where, "文字列のリストにしてください。")
    return tuple(_str(v, f"{where}[{i}]") for i, v in enumerate(value))


def _date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail(where, "日付は YYYY-MM-DD で書いてください。") from None


def _month_day(value: Any, where: str) -> tuple[int, int]:
    try:
        parsed = date.fromisoformat(f"2000-{_str(value, where)}")
    except ValueError:
        raise _fail(where, "月日は MM-DD で書いてください(例: 12-29)。") from None
    return parsed.month, parsed.day


def _one_of(allowed: Sequence[str]) -> Conv:
    def convert(value: Any, where: str) -> str:
        if value not in allowed:
            raise _fail(where, f"{' / '.join(allowed)} のいずれかにしてください。")
        return str(value)

    return convert


_BY_TYPE: dict[str, Conv] = {
    "str": _str,
    "int": _int,
    "bool": _bool,
    "date": _date,
    "tuple[str, ...]": _strs,
    "tuple[int, int]": _month_day,
}
_BY_NAME: dict[str, Conv] = {
    "status": _one_of(STATUSES),
    "StepRule.unit": _one_of(UNITS),
    "OccasionRule.timing": _one_of(TIMINGS),
}
_ROW_TYPES = {
    cls.__name__: cls
    for cls in (Constant, SubjectBand, LevelRule, LabelledRow, OccasionRule, StepRule, ProcedureRule, Closure)
}


# --- the legal basis ---------------------------------------------------------------------

_INSTRUMENT_KEYS = ("id", "title", "number", "effect", "versions")
_VERSION_KEYS = ("in_force", "status", "note")
_CITATION_KEYS = ("instrument", "article", "version", "status")


def _mapping(raw: Any, where: str, keys: Sequence[str], optional: Sequence[str] = ()) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(where, "マッピングにしてください。")
    unknown = sorted(str(k) for k in raw if k not in keys)
    if unknown:
        raise _fail(where, f"不明なキー {', '.join(unknown)} があります。")
    missing = [k for k in keys if k not in raw and k not in optional]
    if missing:
        raise _fail(where, f"「{missing[0]}」がありません。")
    return raw


def _version(raw: Any, where: str) -> InstrumentVersion:
    raw = _mapping(raw, where, _VERSION_KEYS, optional=("note",))
    note = _str(raw["note"], f"{where}.note") if "note" in raw else ""
    return InstrumentVersion(
        _date(raw["in_force"], f"{where}.in_force"), _BY_NAME["status"](raw["status"], f"{where}.status"), note
    )


def _instrument(raw: Any, where: str) -> Instrument:
    raw = _mapping(raw, where, _INSTRUMENT_KEYS)
    versions = raw["versions"]
    if not isinstance(versions, list) or not versions:
        raise _fail(f"{where}.versions", "引用できる版(in_force・status)のリストを書いてください。")
    return Instrument(
        id=_str(raw["id"], f"{where}.id"),
        title=_str(raw["title"], f"{where}.title"),
        number=_str(raw["number"], f"{where}.number"),
        effect=_one_of(EFFECTS)(raw["effect"], f"{where}.effect"),
        versions=tuple(_version(v, f"{where}.versions[{i}]") for i, v in enumerate(versions)),
    )


def parse_instruments(raw: Any) -> dict[str, Instrument]:
    """The ``instruments`` table: the laws, rules and guidelines that rows may cite, by id."""
    if not isinstance(raw, list) or not raw:
        raise _fail("instruments", "法令(番号法・規則・指針など)のリストがありません。")
    found: dict[str, Instrument] = {}
    for i, item in enumerate(raw):
        instrument = _instrument(item, f"instruments[{i}]")
        if instrument.id in found:
            raise _fail(f"instruments[{i}].id", f"「{instrument.id}」が重複しています。")
        found[instrument.id] = instrument
    return found


def _citations(instruments: Mapping[str, Instrument]) -> Conv:
    def convert(value: Any, where: str) -> tuple[Citation, ...]:
        if not isinstance(value, list) or not value:
            raise _fail(where, "法令の引用(instrument・article・version・status)のリストにしてください。")
        return tuple(_citation(raw, f"{where}[{i}]", instruments) for i, raw in enumerate(value))

    return convert


def _citation(raw: Any, where: str, instruments: Mapping[str, Instrument]) -> Citation:
    raw = _mapping(raw, where, _CITATION_KEYS)
    name = _str(raw["instrument"], f"{where}.instrument")
    instrument = instruments.get(name)
    if instrument is None:
        raise _fail(
            f"{where}.instrument", f"「{name}」は instruments にありません(あるもの: {'、'.join(instruments)})。"
        )
    day = _date(raw["version"], f"{where}.version")
    if instrument.version(day) is None:
        known = "、".join(v.in_force.isoformat() for v in instrument.versions)
        raise _fail(f"{where}.version", f"{name}に{day.isoformat()}の版は登録されていません(登録済み: {known})。")
    return Citation(
        instrument, _str(raw["article"], f"{where}.article"), day, _BY_NAME["status"](raw["status"], f"{where}.status")
    )


def _check_basis(row: Row, where: str) -> None:
    if row.law and row.operational:
        raise _fail(where, "law(法令の根拠)と operational(法令の定めのない設定)は、どちらか一方だけを書いてください。")
    if not row.law and not row.operational:
        raise _fail(
            where,
            "法令の根拠(law)がありません。法令の定めがない設定なら、operational にそう書いてください"
            "(例: 本ツールの運用上の設定(法令の定めなし))。",
        )


# --- rows ----------------------------------------------------------------------------------


def _row(cls: type[Row], raw: Any, where: str, extra: Mapping[str, Conv]) -> Row:
    """One row, converted field by field after the dataclass's own annotations."""
    if not isinstance(raw, dict):
        raise _fail(where, "各行はマッピングにしてください。")
    if "source" in raw:
        raise _fail(
            f"{where}.source",
            "source は使えません。法令は law に、自治体等のページは secondary(参考)に書いてください。",
        )
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(str(k) for k in raw if k not in known)
    if unknown:
        raise _fail(where, f"不明なキー {', '.join(unknown)} があります。")
    values: dict[str, Any] = {}
    for name, f in known.items():
        if name in raw:
            kind = str(f.type).removesuffix(" | None")
            convert = extra.get(name) or _BY_NAME.get(f"{cls.__name__}.{name}") or _BY_NAME.get(name) or _BY_TYPE[kind]
            optional = raw[name] is None and kind != str(f.type)
            values[name] = None if optional else convert(raw[name], f"{where}.{name}")
        elif f.default is MISSING:
            raise _fail(where, f"「{name}」がありません。")
    row = cls(**values)
    _check_basis(row, where)
    return row


def _table(data: Mapping[str, Any], name: str, cls: type[Row], extra: Mapping[str, Conv]) -> tuple[Any, ...]:
    raw_rows = data.get(name)
    if not isinstance(raw_rows, list) or not raw_rows:
        raise _fail(name, "行のリストがありません。")
    rows = tuple(_row(cls, raw, f"{name}[{i}]", extra) for i, raw in enumerate(raw_rows))
    keys = [(row.id, row.effective_from) for row in rows]
    duplicates = sorted({f"{k[0]}({k[1]})" for k in keys if keys.count(k) > 1})
    if duplicates:
        raise _fail(name, f"id と effective_from の組が重複しています: {', '.join(duplicates)}")
    return rows


def parse_rules(data: Any) -> RuleBook:
    """Build and validate a :class:`RuleBook` from the loaded YAML mapping."""
    if not isinstance(data, dict):
        raise _fail("(最上位)", "マッピングにしてください。")
    unknown = sorted(
        str(k) for k in data if k not in ("schema", "instruments") and k not in {f.name for f in fields(RuleBook)}
    )
    if unknown:
        raise _fail("(最上位)", f"不明な表 {', '.join(unknown)} があります。")
    extra = {"law": _citations(parse_instruments(data.get("instruments")))}
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
        raise _fail(where, f"{day.isoformat()}時点で未定義の id {', '.join(unknown)} を参照しています。")


def _check_bands(rules: Rules) -> None:
    bands = sorted(rules.subject_bands, key=lambda b: b.min)
    edges = [0, *(b.below for b in bands)]
    if [b.min for b in bands] != edges[:-1] or edges[-1] is not None:
        raise _fail("subject_bands", f"{rules.day.isoformat()}時点の区分が0人から切れ目なく続いていません。")


def _check_steps(rules: Rules) -> None:
    for step in rules.steps:
        if (step.duration is None) == (step.period_rule is None):
            raise _fail(f"steps({step.id})", "duration と period_rule のどちらか一方だけを書いてください。")
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
            raise _fail(f"procedures({proc.id})", "他の行と同じ評価の種類・機関・契機を扱っています。")
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

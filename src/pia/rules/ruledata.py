"""The procedure rules data (``data/procedure.yaml``) as frozen dataclasses.

Every row has an ``id``, its legal ``source``, a confidence ``status`` (V/P/R) and the
day from which it applies (``effective_from``). An amendment is a new row with the same
id and a later date; :meth:`RuleBook.on` picks, per id, the row in force on a given day.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml

DEFAULT_PATH = Path(__file__).parent / "data" / "procedure.yaml"
STATUSES = ("V", "P", "R")
UNITS = ("calendar", "business")
TIMINGS = ("before", "effort", "promptly", "after_allowed")


class RuleDataError(ValueError):
    """The rules data file is broken, or asks for a row that is not in force (Japanese)."""


@dataclass(frozen=True, kw_only=True)
class Row:
    id: str
    source: str
    status: str
    effective_from: date
    note: str = ""


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


def _row(cls: type[Row], raw: Any, where: str) -> Row:
    """One row, converted field by field after the dataclass's own annotations."""
    if not isinstance(raw, dict):
        raise _fail(where, "各行はマッピングにしてください。")
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(str(k) for k in raw if k not in known)
    if unknown:
        raise _fail(where, f"不明なキー {', '.join(unknown)} があります。")
    values: dict[str, Any] = {}
    for name, f in known.items():
        if name in raw:
            kind = str(f.type).removesuffix(" | None")
            convert = _BY_NAME.get(f"{cls.__name__}.{name}") or _BY_NAME.get(name) or _BY_TYPE[kind]
            optional = raw[name] is None and kind != str(f.type)
            values[name] = None if optional else convert(raw[name], f"{where}.{name}")
        elif f.default is MISSING:
            raise _fail(where, f"「{name}」がありません。")
    return cls(**values)


def _table(data: Mapping[str, Any], name: str, cls: type[Row]) -> tuple[Any, ...]:
    raw_rows = data.get(name)
    if not isinstance(raw_rows, list) or not raw_rows:
        raise _fail(name, "行のリストがありません。")
    rows = tuple(_row(cls, raw, f"{name}[{i}]") for i, raw in enumerate(raw_rows))
    keys = [(row.id, row.effective_from) for row in rows]
    duplicates = sorted({f"{k[0]}({k[1]})" for k in keys if keys.count(k) > 1})
    if duplicates:
        raise _fail(name, f"id と effective_from の組が重複しています: {', '.join(duplicates)}")
    return rows


def parse_rules(data: Any) -> RuleBook:
    """Build and validate a :class:`RuleBook` from the loaded YAML mapping."""
    if not isinstance(data, dict):
        raise _fail("(最上位)", "マッピングにしてください。")
    unknown = sorted(str(k) for k in data if k != "schema" and k not in {f.name for f in fields(RuleBook)})
    if unknown:
        raise _fail("(最上位)", f"不明な表 {', '.join(unknown)} があります。")
    # each RuleBook field is annotated "tuple[RowClass, ...]"
    tables = {f.name: _table(data, f.name, _ROW_TYPES[str(f.type)[6:-6]]) for f in fields(RuleBook)}
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

"""しきい値判断: which 評価書 a 事務 must produce, with a reasons trace in Japanese.

Every number (bands, the 500-person handler limit, the 1-year incident look-back) comes
from the rules data; each reason names the row it used and that row's legal basis (the
規則 / 指針 / 番号法 articles first, pages for reference after them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pia.errors import PiaError
from pia.findings import Finding, Severity
from pia.forms.model import FORM_KIND_LABELS, FormTemplate
from pia.forms.registry import get_form
from pia.rules.calendar import add_years
from pia.rules.legal import Basis
from pia.rules.ruledata import Row, RuleBook, Rules, SubjectBand, load_rules
from pia.wareki import WarekiError, as_date, format_both


@dataclass(frozen=True)
class ThresholdInput:
    """Facts of one 事務 as of the reference date ``on`` (the しきい値判断 date)."""

    subjects: int  # 対象人数 of the whole 事務
    handlers: int  # 取扱者数, contractors' staff included
    on: date
    incident_dates: tuple[date, ...] = ()  # days the body learnt of a 重大事故
    incident_answer: bool | None = None  # a document's 発生あり/発生なし (for the window); None: use dates
    exemptions: tuple[str, ...] = ()  # exemption ids: staff, manual
    subjects_band: str | None = None  # the band label when ``subjects`` stands for a band
    handlers_band: str | None = None  # the option label when ``handlers`` stands for one


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    basis: Basis  # the row's legal basis: citations of the law, and pages for reference
    rule: str  # the rules data row used, e.g. ``constants.handlers_big``
    status: str  # V / P / R of that row

    @property
    def source(self) -> str:
        """The basis as one line (the law first, then 参考)."""
        return self.basis.text

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "source": self.source,
            "basis": self.basis.as_dict(),
            "rule": self.rule,
            "status": self.status,
        }


@dataclass(frozen=True)
class ThresholdResult:
    on: date
    level: str  # none | basic | focused | full
    rank: int
    result_label: str  # the しきい値判断結果 option label
    required: tuple[str, ...]  # reports: basic, focused, full
    voluntary: tuple[str, ...]  # levels that may be chosen above the required one
    reasons: tuple[Reason, ...] = field(default=())

    @property
    def summary(self) -> str:
        """The one-sentence conclusion, 「対象人数30万人以上のため、…義務付けられます。」."""
        return next(r.message for r in self.reasons if r.code.startswith("threshold.result."))

    @property
    def required_labels(self) -> tuple[str, ...]:
        return tuple(FORM_KIND_LABELS[r] for r in self.required)

    def as_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "level": self.level,
            "result": self.result_label,
            "required": list(self.required),
            "voluntary": list(self.voluntary),
            "reasons": [r.as_dict() for r in self.reasons],
        }


def _reason(code: str, message: str, table: str, row: Row) -> Reason:
    return Reason(code, message, row.basis, f"{table}.{row.id}", row.status)


def _show(day: date) -> str:
    """「令和7年12月1日(2025-12-01)」; ISO only for days before 和暦 dates are supported."""
    try:
        return format_both(day)
    except WarekiError:
        return day.isoformat()


def _polite(label: str) -> str:
    """「…義務付けられる」→「…義務付けられます」, 「…られない」→「…られません」."""
    if label.endswith("ない"):
        return label[:-2] + "ません"
    return label[:-1] + "ます" if label.endswith("る") else label


# --- the judgement ----------------------------------------------------------------------


def judge(facts: ThresholdInput, book: RuleBook | None = None) -> ThresholdResult:
    """The しきい値判断 for ``facts`` under the rules in force on ``facts.on``."""
    if facts.subjects < 0 or facts.handlers < 0:
        raise ThresholdError("対象人数と取扱者数は0以上の数にしてください。")
    rules = (book or load_rules()).on(facts.on)
    if facts.exemptions:
        level, cause, reasons = _exempt(facts, rules)
    else:
        level, cause, reasons = _by_scale(facts, rules)
    row = rules.level(level)
    reasons.append(_reason(f"threshold.result.{level}", f"{cause}のため、{_polite(row.result_label)}。", "levels", row))
    voluntary = tuple(lv.id for lv in sorted(rules.levels, key=lambda r: r.rank) if lv.rank > row.rank)
    reasons.extend(_voluntary_reason(voluntary, rules))
    return ThresholdResult(facts.on, level, row.rank, row.result_label, row.reports, voluntary, tuple(reasons))


def _exempt(facts: ThresholdInput, rules: Rules) -> tuple[str, str, list[Reason]]:
    rows = [rules.exemption(e) for e in facts.exemptions]
    reasons = [
        _reason(
            f"threshold.exempt.{r.id}",
            f"{r.label}は、特定個人情報保護評価の実施が義務付けられない事務です。",
            "exemptions",
            r,
        )
        for r in rows
    ]
    return "none", "、".join(r.label for r in rows), reasons


def _by_scale(facts: ThresholdInput, rules: Rules) -> tuple[str, str, list[Reason]]:
    band = rules.band_for(facts.subjects)
    reasons = [_band_reason(facts, band)]
    cause = f"対象人数{band.name}"
    if band.small == band.big:
        return band.small, cause, reasons
    handlers_big, handler_reason = _handlers(facts, rules)
    incident, incident_reasons = _incidents(facts, rules)
    reasons += [handler_reason, *incident_reasons]
    years = rules.value("incident_lookback_years")
    limit = rules.value("handlers_big")
    if handlers_big or incident:
        causes = [f"取扱者数{limit:,}人以上"] if handlers_big else []
        causes += [f"過去{years}年以内の重大事故あり"] if incident else []
        return band.big, f"{cause}で、{'、'.join(causes)}", reasons
    small = f"取扱者数{limit:,}人未満かつ過去{years}年以内の重大事故なし"
    return band.small, f"{cause}で、{small}", reasons


def _band_reason(facts: ThresholdInput, band: SubjectBand) -> Reason:
    if facts.subjects_band is not None:
        message = (
            f"対象人数は評価書の選択肢「{facts.subjects_band}」によります"
            f"(区分の下限{band.min:,}人を代表値として判断しました)。"
        )
        return _reason("threshold.subjects.band_answer", message, "subject_bands", band)
    message = f"対象人数は{facts.subjects:,}人で、「{band.name}」の区分に当たります。"
    return _reason("threshold.subjects.band", message, "subject_bands", band)


def _handlers(facts: ThresholdInput, rules: Rules) -> tuple[bool, Reason]:
    row = rules.constant("handlers_big")
    big = facts.handlers >= row.value
    relation = "以上" if big else "未満"
    if facts.handlers_band is not None:
        message = f"取扱者数は評価書の選択肢「{facts.handlers_band}」です。"
    else:
        message = f"取扱者数(委託先の従業者を含む)は{facts.handlers:,}人で、{row.value:,}人{relation}です。"
    code = "threshold.handlers." + ("big" if big else "small")
    return big, _reason(code, message, "constants", row)


def _incidents(facts: ThresholdInput, rules: Rules) -> tuple[bool, list[Reason]]:
    row = rules.constant("incident_lookback_years")
    if facts.incident_answer is not None:
        answer = rules.answer("incident_yes" if facts.incident_answer else "incident_no").label
        message = f"評価書では過去{row.value}年以内の重大事故が「{answer}」と回答されています。"
        reason = _reason("threshold.incident.answer", message, "constants", row)
        return facts.incident_answer, [reason]
    if not facts.incident_dates:
        message = f"基準日{_show(facts.on)}から遡って{row.value}年以内に把握した重大事故はありません。"
        return False, [_reason("threshold.incident.none", message, "constants", row)]
    since = add_years(facts.on, -row.value)
    reasons = [_incident_reason(d, since, facts.on, row) for d in sorted(facts.incident_dates)]
    return any(since <= d <= facts.on for d in facts.incident_dates), reasons


def _incident_reason(day: date, since: date, on: date, row: Row) -> Reason:
    known = f"重大事故(発生を知った日 {_show(day)})"
    if day > on:
        message = f"{known}は基準日{_show(on)}より後のため、この判断には含めません。"
        return _reason("threshold.incident.after_reference", message, "constants", row)
    if day < since:
        message = f"{known}は{_show(since)}より前のため、確認期間の外です。"
        return _reason("threshold.incident.outside", message, "constants", row)
    message = f"{known}は確認期間({_show(since)}以降)の内にあります。"
    return _reason("threshold.incident.within", message, "constants", row)


def _voluntary_reason(voluntary: Sequence[str], rules: Rules) -> list[Reason]:
    if not voluntary:
        return []
    row = rules.policy("voluntary_higher")
    names = "・".join(rules.level(v).name for v in voluntary)
    message = f"{names}を任意に実施できます。"
    if "full" in voluntary:
        message += "任意に実施した全項目評価書は、個人情報保護委員会の承認の対象になりません。"
    return [_reason("threshold.voluntary", message, "policies", row)]


def level_for_result_label(text: str, rules: Rules) -> str | None:
    """The level id whose しきい値判断結果 label ``text`` is (numbering and notes ignored)."""
    core = text.strip()
    if len(core) > 2 and core[0].isdigit() and core[1] in ")）":
        core = core[2:].strip()
    return next((lv.id for lv in rules.levels if core.startswith(lv.result_label)), None)


# --- from a 基礎項目評価書 --------------------------------------------------------------

# The しきい値判断項目 (Ⅱ), its result (Ⅲ) and the 公表日, by their role in the form data, with the
# label the findings name them by.
ITEM_LABELS = {
    "subjects": "Ⅱ 1.対象人数",
    "subjects_counted_on": "Ⅱ 1.いつ時点の計数か",
    "handlers": "Ⅱ 2.取扱者数",
    "incident": "Ⅱ 3.重大事故",
    "threshold_result": "Ⅲ しきい値判断結果",
    "publication_date": "公表日",
}


class ThresholdError(PiaError, ValueError):
    """The document cannot be judged at all (Japanese message)."""


@dataclass(frozen=True)
class DocumentJudgement:
    result: ThresholdResult | None  # None when Ⅱ is incomplete
    stated: str  # the document's own Ⅲ answer ("" when empty)
    findings: tuple[Finding, ...]

    @property
    def contradicts(self) -> bool:
        return any(f.code == "threshold.contradiction" for f in self.findings)


@dataclass(frozen=True)
class _Basic:
    """The values of a 基礎項目評価書 read by the role of their item."""

    template: FormTemplate
    values: Mapping[str, Any]

    def item_id(self, role: str) -> str:
        item = self.template.item_for_role(role)
        return item.id if item is not None else role

    def get(self, role: str) -> Any:
        return self.values.get(self.item_id(role))

    def finding(self, code: str, severity: Severity, role: str, message: str) -> Finding:
        return Finding(code, severity, self.item_id(role), message, ITEM_LABELS[role])


def judge_values(
    form: str,
    values: Mapping[str, Any],
    on: date | None = None,
    today: date | None = None,
    book: RuleBook | None = None,
    edition: str | None = None,
) -> DocumentJudgement:
    """Judge from the Ⅱ しきい値判断項目 of a 基礎項目評価書 (of ``edition``, default the latest)
    and compare with its Ⅲ."""
    if form != "basic":
        name = FORM_KIND_LABELS.get(form, form)
        raise ThresholdError(f"しきい値判断項目(Ⅱ)は基礎項目評価書にあります。この評価書は{name}です。")
    basic = _Basic(get_form(form, edition), values)
    book = book or load_rules()
    findings: list[Finding] = []
    day = on or _reference_date(basic, findings) or today or date.today()
    rules = book.on(day)
    facts = _facts(basic, rules, day, findings)
    result = judge(facts, book) if facts else None
    stated = str(basic.get("threshold_result") or "").strip()
    if result is not None:
        findings.extend(_compare(basic, result, stated, rules))
    return DocumentJudgement(result, stated, tuple(findings))


def _reference_date(basic: _Basic, findings: list[Finding]) -> date | None:
    for role in ("subjects_counted_on", "publication_date"):
        raw = basic.get(role)
        if raw in (None, ""):
            continue
        try:
            return as_date(raw)
        except WarekiError as exc:
            message = f"{ITEM_LABELS[role]}が日付として読めません。{exc}"
            findings.append(basic.finding("threshold.bad_date", Severity.ERROR, role, message))
    return None


def _choice(basic: _Basic, role: str, options: Sequence[str], findings: list[Finding]) -> str | None:
    raw = str(basic.get(role) or "").strip()
    if raw in options:
        return raw
    if not raw:
        message = f"{ITEM_LABELS[role]}が選択されていないため、しきい値判断ができません。"
        findings.append(basic.finding("threshold.missing", Severity.ERROR, role, message))
    else:
        message = f"{ITEM_LABELS[role]}の「{raw}」は選択肢にありません(選択肢: {'、'.join(options)})。"
        findings.append(basic.finding("threshold.unknown_option", Severity.ERROR, role, message))
    return None


def _facts(basic: _Basic, rules: Rules, day: date, findings: list[Finding]) -> ThresholdInput | None:
    bands = {b.label: b for b in rules.subject_bands}
    big, small = rules.answer("handlers_big").label, rules.answer("handlers_small").label
    yes, no = rules.answer("incident_yes").label, rules.answer("incident_no").label
    subjects = _choice(basic, "subjects", list(bands), findings)
    handlers = _choice(basic, "handlers", [big, small], findings)
    incident = _choice(basic, "incident", [yes, no], findings)
    if subjects is None or handlers is None or incident is None:
        return None
    return ThresholdInput(
        subjects=bands[subjects].min,
        handlers=rules.value("handlers_big") if handlers == big else 0,
        on=day,
        incident_answer=incident == yes,
        subjects_band=subjects,
        handlers_band=handlers,
    )


def _compare(basic: _Basic, result: ThresholdResult, stated: str, rules: Rules) -> list[Finding]:
    computed = f"「{result.result_label}」"
    if not stated:
        message = f"Ⅲ しきい値判断結果が選択されていません。Ⅱから求めた結果は{computed}です。"
        return [basic.finding("threshold.result_missing", Severity.WARNING, "threshold_result", message)]
    level = level_for_result_label(stated, rules)
    if level is None:
        options = "、".join(lv.result_label for lv in rules.levels)
        message = f"Ⅲ しきい値判断結果の「{stated}」は選択肢にありません(選択肢: {options})。"
        return [basic.finding("threshold.unknown_option", Severity.ERROR, "threshold_result", message)]
    if level == result.level:
        return []
    message = (
        f"Ⅲ しきい値判断結果「{stated}」は、Ⅱ しきい値判断項目から求めた結果{computed}と一致しません。{result.summary}"
    )
    return [basic.finding("threshold.contradiction", Severity.ERROR, "threshold_result", message)]

"""Does a document's own しきい値判断 agree with the rules? (part of ``check`` from submit level)

- 基礎項目評価書: Ⅲ しきい値判断結果 is recomputed from Ⅱ (``threshold.judge_values``), and
  Ⅳ 1. 提出する評価書の種類 may not be below it.
- 重点項目/全項目評価書: Ⅵ 1.② しきい値判断結果 must be possible for the 対象人数 band of Ⅰ 1.③
  (between the band's level without and with 500人以上/重大事故).
"""

from __future__ import annotations

from datetime import date

from pia.document.model import Document
from pia.document.roles import role_value
from pia.findings import Finding, Severity
from pia.forms.model import FormTemplate
from pia.rules.ruledata import Rules, load_rules
from pia.rules.threshold import judge_values, level_for_result_label

REPORT_NAMES = (("全項目評価書", "full"), ("重点項目評価書", "focused"), ("基礎項目評価書", "basic"))


def threshold_findings(document: Document, template: FormTemplate) -> list[Finding]:
    """The findings of the document of the edition ``template`` (items found by their role)."""
    if document.form == "basic":
        judgement = judge_values("basic", document.values, edition=template.edition)
        findings = [f for f in judgement.findings if f.code == "threshold.contradiction"]
        return findings + _reports_below_result(document, template)
    return _stated_result_outside_band(document, template)


def _rules() -> Rules:
    return load_rules().on(date.today())


def _rank(rules: Rules, level: str | None) -> int | None:
    return None if level is None else rules.level(level).rank


def _reports_below_result(document: Document, template: FormTemplate) -> list[Finding]:
    rules = _rules()
    result = str(role_value(document, "threshold_result", template) or "")
    required = _rank(rules, level_for_result_label(result, rules))
    reports = str(role_value(document, "report_kinds", template) or "")
    chosen = _rank(rules, next((level for name, level in REPORT_NAMES if name in reports), None))
    item = template.item_for_role("report_kinds")
    if item is None or required is None or chosen is None or chosen >= required:
        return []
    message = f"「{reports}」は、Ⅲ しきい値判断結果「{result}」で義務付けられる評価書に足りません。"
    return [Finding("threshold.contradiction", Severity.ERROR, item.id, message, "Ⅳ 1.提出する評価書の種類")]


def _stated_result_outside_band(document: Document, template: FormTemplate) -> list[Finding]:
    rules = _rules()
    stated_text = str(role_value(document, "threshold_result", template) or "")
    stated = _rank(rules, level_for_result_label(stated_text, rules))
    subjects = role_value(document, "subjects", template)
    band = next((b for b in rules.subject_bands if b.label == subjects), None)
    item = template.item_for_role("threshold_result")
    if item is None or stated is None or band is None:
        return []
    lowest, highest = rules.level(band.small), rules.level(band.big)
    if lowest.rank <= stated <= highest.rank:
        return []
    expected = "」または「".join(dict.fromkeys((lowest.result_label, highest.result_label)))
    message = (
        f"Ⅵ 1.②しきい値判断結果「{stated_text}」は、Ⅰ 1.③対象人数「{band.label}」では生じません"
        f"(取扱者数・重大事故に応じて「{expected}」のはずです)。"
    )
    return [Finding("threshold.contradiction", Severity.ERROR, item.id, message, "Ⅵ 1.②しきい値判断結果")]

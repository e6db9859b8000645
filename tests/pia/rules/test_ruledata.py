from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from pia.forms import get_form
from pia.rules.ruledata import DEFAULT_PATH, RuleBook, RuleDataError, load_rules, parse_rules
from pia.rules.threshold import ThresholdInput, judge

ON = date(2025, 12, 1)


@pytest.fixture
def raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def _write(tmp_path: Path, data: dict[str, Any]) -> RuleBook:
    path = tmp_path / "procedure.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_rules(path)


def test_packaged_rules_load_and_carry_their_numbers() -> None:
    rules = load_rules().on(ON)
    values = {c.id: c.value for c in rules.constants}
    assert values["handlers_big"] == 500
    assert values["incident_lookback_years"] == 1
    assert values["comment_min_days"] == 30
    assert values["reassessment_years"] == 5
    assert values["review_interval_years"] == 1
    assert values["retention_years"] == 3
    assert [b.min for b in rules.subject_bands] == [0, 1000, 10000, 100000, 300000]


def test_every_row_has_a_basis_status_and_date() -> None:
    book = load_rules()
    for table in ("constants", "subject_bands", "levels", "exemptions", "steps", "procedures", "closures"):
        for row in getattr(book, table):
            assert row.law or row.operational
            assert row.status in ("V", "P", "R")
            assert row.effective_from


def test_an_amendment_is_a_new_row_that_applies_from_its_date(tmp_path: Path, raw: dict[str, Any]) -> None:
    amended = dict(next(r for r in raw["constants"] if r["id"] == "handlers_big"))
    amended.update(value=400, effective_from=date(2027, 4, 1), note="仮の改正(テスト用)")
    raw["constants"].append(amended)
    book = _write(tmp_path, raw)
    assert book.on(date(2027, 3, 31)).value("handlers_big") == 500
    assert book.on(date(2027, 4, 1)).value("handlers_big") == 400
    facts = ThresholdInput(50000, 450, date(2027, 4, 1))
    assert judge(facts, book).level == "focused"
    assert judge(ThresholdInput(50000, 450, date(2027, 3, 31)), book).level == "basic"


def test_rules_before_the_scheme_started_are_refused() -> None:
    with pytest.raises(RuleDataError, match="適用開始日より前"):
        load_rules().on(date(2014, 4, 19))


def test_a_bad_status_is_reported_with_its_place(tmp_path: Path, raw: dict[str, Any]) -> None:
    raw["constants"][0]["status"] = "X"
    with pytest.raises(RuleDataError, match=r"constants\[0\]\.status: V / P / R"):
        _write(tmp_path, raw)


def test_unknown_keys_and_missing_keys_are_reported(raw: dict[str, Any]) -> None:
    raw["steps"][0]["durations"] = 3
    with pytest.raises(RuleDataError, match="不明なキー durations"):
        parse_rules(raw)
    del raw["steps"][0]["durations"]
    del raw["steps"][0]["label"]
    with pytest.raises(RuleDataError, match="「label」がありません"):
        parse_rules(raw)


def test_a_gap_between_bands_is_refused(raw: dict[str, Any]) -> None:
    raw["subject_bands"][1]["min"] = 1001
    with pytest.raises(RuleDataError, match="切れ目なく"):
        parse_rules(raw)


def test_an_unknown_level_in_a_band_is_refused(raw: dict[str, Any]) -> None:
    raw["subject_bands"][2]["big"] = "huge"
    with pytest.raises(RuleDataError, match="huge"):
        parse_rules(raw)


def test_a_procedure_step_must_exist(raw: dict[str, Any]) -> None:
    raw["procedures"][0]["steps"].append("party")
    with pytest.raises(RuleDataError, match="party"):
        parse_rules(raw)


def test_two_procedures_may_not_cover_the_same_case(raw: dict[str, Any]) -> None:
    raw["procedures"].append({**raw["procedures"][0], "id": "other"})
    with pytest.raises(RuleDataError, match="同じ評価の種類"):
        parse_rules(raw)


def test_duplicate_id_and_date_is_refused(raw: dict[str, Any]) -> None:
    raw["constants"].append(dict(raw["constants"][0]))
    with pytest.raises(RuleDataError, match="重複"):
        parse_rules(raw)


def test_a_step_needs_exactly_one_of_duration_and_period_rule(raw: dict[str, Any]) -> None:
    raw["steps"][0]["period_rule"] = "comment_min_days"
    with pytest.raises(RuleDataError, match="どちらか一方"):
        parse_rules(raw)


def test_step_names_include_labels_and_aliases() -> None:
    rules = load_rules().on(ON)
    for name in ("consultation", "公示・意見聴取", "パブリックコメント", "意見聴取"):
        row = rules.find_step(name)
        assert row is not None
        assert row.id == "consultation"
    assert rules.find_step("宴会") is None


def test_labels_match_the_basic_form_options() -> None:
    """The option labels the rules data relies on are those of the 様式2 edition data."""
    template = get_form("basic")
    rules = load_rules().on(ON)

    def options(item_id: str) -> set[str]:
        return {o.label for o in template.item(item_id).options}

    assert {b.label for b in rules.subject_bands} == options("II.1")
    assert {rules.answer(a).label for a in ("handlers_big", "handlers_small")} == options("II.2")
    assert {rules.answer(a).label for a in ("incident_yes", "incident_no")} == options("II.3")
    assert {lv.result_label for lv in rules.levels} == options("III.1")
    assert rules.answer("handlers_big").label == f"{rules.value('handlers_big'):,}人以上"

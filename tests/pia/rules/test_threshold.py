from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from pia.findings import Severity
from pia.rules.ruledata import load_rules
from pia.rules.threshold import (
    ThresholdError,
    ThresholdInput,
    judge,
    judge_values,
    level_for_result_label,
)

CASES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "threshold.yaml").read_text(encoding="utf-8"))
ON = date(2025, 12, 1)


def _facts(case: dict[str, Any]) -> ThresholdInput:
    return ThresholdInput(
        subjects=case["subjects"],
        handlers=case["handlers"],
        on=case["date"],
        incident_dates=tuple(case.get("incidents", [])),
        exemptions=tuple(case.get("exempt", [])),
    )


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_threshold_case(case: dict[str, Any]) -> None:
    assert judge(_facts(case)).level == case["level"]


def test_the_cases_cover_every_band_edge_and_exemption() -> None:
    subjects = {c["subjects"] for c in CASES}
    assert {999, 1000, 9999, 10000, 99999, 100000, 299999, 300000} <= subjects
    assert {499, 500} <= {c["handlers"] for c in CASES}
    assert {"staff", "manual"} <= {e for c in CASES for e in c.get("exempt", [])}


@pytest.mark.parametrize(
    ("level", "required", "voluntary"),
    [
        ("none", (), ("basic", "focused", "full")),
        ("basic", ("basic",), ("focused", "full")),
        ("focused", ("basic", "focused"), ("full",)),
        ("full", ("basic", "full"), ()),
    ],
)
def test_required_reports_always_include_basic_and_voluntary_levels_are_higher(
    level: str, required: tuple[str, ...], voluntary: tuple[str, ...]
) -> None:
    subjects = {"none": 10, "basic": 5000, "focused": 150000, "full": 400000}[level]
    result = judge(ThresholdInput(subjects, 0, ON))
    assert (result.level, result.required, result.voluntary) == (level, required, voluntary)


def test_reasons_explain_the_result_in_japanese_and_cite_sources() -> None:
    result = judge(ThresholdInput(300000, 0, ON))
    assert result.summary == "対象人数30万人以上のため、基礎項目評価及び全項目評価の実施が義務付けられます。"
    assert all(r.source and r.rule and r.status in "VPR" for r in result.reasons)
    assert result.reasons[0].code == "threshold.subjects.band"
    assert result.reasons[0].rule == "subject_bands.from_300000"


def test_reasons_name_the_handler_limit_and_the_incident() -> None:
    result = judge(ThresholdInput(150000, 600, ON, incident_dates=(date(2025, 3, 1),)))
    codes = [r.code for r in result.reasons]
    assert codes[:3] == ["threshold.subjects.band", "threshold.handlers.big", "threshold.incident.within"]
    assert "取扱者数500人以上、過去1年以内の重大事故あり" in result.summary
    assert "令和7年3月1日" in result.reasons[2].message


def test_small_scale_reason_says_both_conditions_are_absent() -> None:
    result = judge(ThresholdInput(150000, 10, ON))
    assert "取扱者数500人未満かつ過去1年以内の重大事故なし" in result.summary
    assert result.level == "focused"


def test_incident_outside_or_after_the_window_is_explained() -> None:
    result = judge(ThresholdInput(50000, 0, ON, incident_dates=(date(2024, 11, 30), date(2025, 12, 2))))
    codes = {r.code for r in result.reasons}
    assert {"threshold.incident.outside", "threshold.incident.after_reference"} <= codes
    assert result.level == "basic"


def test_exemption_reason_names_the_exemption() -> None:
    result = judge(ThresholdInput(300000, 900, ON, exemptions=("staff",)))
    assert result.reasons[0].code == "threshold.exempt.staff"
    assert "職員の人事" in result.summary
    assert result.required == ()


def test_voluntary_full_is_not_approved_by_the_commission() -> None:
    result = judge(ThresholdInput(5000, 0, ON))
    voluntary = next(r for r in result.reasons if r.code == "threshold.voluntary")
    assert "承認の対象になりません" in voluntary.message


def test_negative_counts_are_rejected() -> None:
    with pytest.raises(ValueError, match="0以上"):
        judge(ThresholdInput(-1, 0, ON))


def test_as_dict_has_the_cli_json_shape() -> None:
    data = judge(ThresholdInput(10000, 500, ON)).as_dict()
    assert data["required"] == ["basic", "focused"]
    assert data["voluntary"] == ["full"]
    assert {"code", "message", "source"} <= set(data["reasons"][0])


counts = st.integers(min_value=0, max_value=2_000_000)
handlers = st.integers(min_value=0, max_value=5_000)
incidents = st.lists(st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31)), max_size=3)


@given(subjects=counts, more=counts, staff=handlers, incident_days=incidents)
def test_more_subjects_never_lower_the_level(subjects: int, more: int, staff: int, incident_days: list[date]) -> None:
    low = judge(ThresholdInput(subjects, staff, ON, tuple(incident_days)))
    high = judge(ThresholdInput(subjects + more, staff, ON, tuple(incident_days)))
    assert high.rank >= low.rank


@given(subjects=counts, staff=handlers, more=handlers, incident_days=incidents)
def test_more_handlers_never_lower_the_level(subjects: int, staff: int, more: int, incident_days: list[date]) -> None:
    low = judge(ThresholdInput(subjects, staff, ON, tuple(incident_days)))
    high = judge(ThresholdInput(subjects, staff + more, ON, tuple(incident_days)))
    assert high.rank >= low.rank


@given(subjects=counts, staff=handlers, incident_days=incidents, extra=st.dates())
def test_an_extra_incident_never_lowers_the_level(
    subjects: int, staff: int, incident_days: list[date], extra: date
) -> None:
    low = judge(ThresholdInput(subjects, staff, ON, tuple(incident_days)))
    high = judge(ThresholdInput(subjects, staff, ON, (*incident_days, extra)))
    assert high.rank >= low.rank


# --- from a 基礎項目評価書 (dict fixtures) -------------------------------------------------


def basic_values(**changes: str) -> dict[str, str]:
    values = {
        "cover.name": "住民基本台帳に関する事務 基礎項目評価書",
        "cover.publication_date": "令和7年3月31日",
        "II.1": "30万人以上",
        "II.1.date": "R7.4.1",
        "II.2": "500人未満",
        "II.2.date": "R7.4.1",
        "II.3": "発生なし",
        "III.1": "基礎項目評価及び全項目評価の実施が義務付けられる",
    }
    values.update(changes)
    return values


def test_document_whose_answer_matches_has_no_findings() -> None:
    judged = judge_values("basic", basic_values())
    assert judged.result is not None
    assert judged.result.level == "full"
    assert judged.findings == ()
    assert judged.result.on == date(2025, 4, 1)


def test_document_band_answer_uses_the_lower_bound_and_says_so() -> None:
    judged = judge_values(
        "basic", basic_values(**{"II.1": "1万人以上10万人未満", "III.1": "基礎項目評価の実施が義務付けられる"})
    )
    assert judged.result is not None
    first = judged.result.reasons[0]
    assert first.code == "threshold.subjects.band_answer"
    assert "下限10,000人を代表値" in first.message
    assert judged.findings == ()


def test_document_contradiction_is_flagged_on_III_1() -> None:
    judged = judge_values(
        "basic",
        basic_values(
            **{
                "II.1": "10万人以上30万人未満",
                "II.2": "500人以上",
                "III.1": "2) 基礎項目評価及び重点項目評価の実施が義務付けられる",
            }
        ),
    )
    (finding,) = judged.findings
    assert (finding.code, finding.path, finding.severity) == ("threshold.contradiction", "III.1", Severity.ERROR)
    assert "「基礎項目評価及び全項目評価の実施が義務付けられる」と一致しません" in finding.message
    assert judged.contradicts


def test_document_incident_answer_raises_the_level() -> None:
    judged = judge_values(
        "basic",
        basic_values(
            **{"II.1": "1万人以上10万人未満", "II.3": "発生あり", "III.1": "基礎項目評価の実施が義務付けられる"}
        ),
    )
    assert judged.result is not None
    assert judged.result.level == "focused"
    assert [f.code for f in judged.findings] == ["threshold.contradiction"]
    assert any(r.code == "threshold.incident.answer" for r in judged.result.reasons)


def test_document_missing_answer_gives_findings_and_no_result() -> None:
    judged = judge_values("basic", basic_values(**{"II.2": "", "II.1": "たくさん"}))
    assert judged.result is None
    assert {(f.code, f.path) for f in judged.findings} == {
        ("threshold.unknown_option", "II.1"),
        ("threshold.missing", "II.2"),
    }
    assert "Ⅱ 2.取扱者数が選択されていない" in next(f.message for f in judged.findings if f.path == "II.2")


def test_document_without_III_answer_warns() -> None:
    judged = judge_values("basic", basic_values(**{"III.1": ""}))
    assert [(f.code, f.severity) for f in judged.findings] == [("threshold.result_missing", Severity.WARNING)]


def test_document_reference_date_falls_back_to_publication_date() -> None:
    judged = judge_values("basic", basic_values(**{"II.1.date": "R7.13.1"}))
    assert judged.result is not None
    assert judged.result.on == date(2025, 3, 31)
    assert [f.code for f in judged.findings] == ["threshold.bad_date"]


def test_document_reference_date_can_be_given() -> None:
    judged = judge_values("basic", basic_values(), on=date(2026, 1, 1))
    assert judged.result is not None
    assert judged.result.on == date(2026, 1, 1)


def test_only_a_basic_document_has_threshold_items() -> None:
    with pytest.raises(ThresholdError, match="全項目評価書"):
        judge_values("full", {})


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("基礎項目評価及び全項目評価の実施が義務付けられる", "full"),
        ("2) 基礎項目評価及び重点項目評価の実施が義務付けられる(任意に全項目評価を実施)", "focused"),
        ("3)基礎項目評価の実施が義務付けられる", "basic"),
        ("特定個人情報保護評価の実施が義務付けられない(任意に全項目評価を実施)", "none"),
        ("わからない", None),
    ],
)
def test_result_labels_are_read_with_numbering_and_notes(text: str, level: str | None) -> None:
    assert level_for_result_label(text, load_rules().on(ON)) == level

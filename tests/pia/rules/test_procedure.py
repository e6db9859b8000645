from __future__ import annotations

from datetime import date

import pytest

from pia.rules.procedure import ProcedureError, procedure_for

ON = date(2025, 12, 1)


def _steps(level: str, body: str, occasion: str = "new", voluntary: bool = False) -> list[str]:
    return [s.step for s in procedure_for(level, body, occasion, voluntary=voluntary, on=ON).steps]


def test_local_full_assessment_goes_through_consultation_and_third_party_review() -> None:
    assert _steps("full", "local") == [
        "draft",
        "consultation",
        "revision",
        "third_party_review",
        "submission",
        "publication",
    ]


def test_national_full_assessment_needs_the_commissions_approval() -> None:
    assert _steps("full", "national", "important_change") == [
        "draft",
        "consultation",
        "revision",
        "submission",
        "approval",
        "publication",
    ]


@pytest.mark.parametrize("level", ["basic", "focused"])
@pytest.mark.parametrize("body", ["local", "national"])
def test_basic_and_focused_are_drafted_submitted_and_published(level: str, body: str) -> None:
    assert _steps(level, body, "five_year") == ["draft", "submission", "publication"]


def test_a_correction_is_amended_submitted_and_published() -> None:
    assert _steps("full", "local", "correction") == ["amend", "submission", "publication"]
    assert procedure_for("full", "local", "correction", on=ON).timing == "after_allowed"


def test_re_assessment_occasions_keep_the_full_procedure() -> None:
    for occasion in ("important_change", "threshold_rise", "five_year"):
        assert "third_party_review" in _steps("full", "local", occasion)


def test_voluntary_full_makes_comment_and_review_optional_and_drops_approval() -> None:
    local = procedure_for("full", "local", voluntary=True, on=ON)
    assert [s.step for s in local.steps if s.optional] == ["consultation", "revision", "third_party_review"]
    national = procedure_for("full", "national", voluntary=True, on=ON)
    assert "approval" not in [s.step for s in national.steps]
    assert national.title.endswith("(任意)")


def test_the_comment_step_carries_the_legal_minimum() -> None:
    step = procedure_for("full", "local", on=ON).step("consultation")
    assert step is not None
    assert step.minimum
    assert step.duration == 30


def test_timing_depends_on_the_occasion() -> None:
    timings = {o: procedure_for("full", "local", o, on=ON).timing for o in ("new", "important_change", "five_year")}
    assert timings == {"new": "before", "important_change": "before", "five_year": "effort"}


def test_a_basic_assessment_has_no_important_change() -> None:
    with pytest.raises(ProcedureError, match="基礎項目評価には、「重要な変更による再実施」の手続がありません"):
        procedure_for("basic", "local", "important_change", on=ON)


@pytest.mark.parametrize(
    ("level", "body", "occasion", "message"),
    [
        ("none", "local", "new", "評価の種類「none」はありません"),
        ("full", "city", "new", "評価実施機関の種類「city」はありません"),
        ("full", "local", "whim", "実施の契機「whim」はありません"),
    ],
)
def test_unknown_names_list_the_choices(level: str, body: str, occasion: str, message: str) -> None:
    with pytest.raises(ProcedureError, match=message):
        procedure_for(level, body, occasion, on=ON)

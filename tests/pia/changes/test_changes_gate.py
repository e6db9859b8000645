"""The gate before 第三者点検, submission and publication (pia.changes.gate), on the seed case:
the 公表版 v1 of 熊本市 住基 and its 改訂案 v2, whose Ⅵ still tells the 令和2年 procedure."""

from __future__ import annotations

from datetime import date

import pytest
from test_changes_support import example

from pia.changes.fill import fill_change_table
from pia.changes.gate import RoundRecords, Stage, release_findings, same_value
from pia.findings import Severity
from pia.forms import get_form

DAY = date(2026, 4, 1)


def seed_v1():
    return example("v1")


def seed_v2():
    return example("v2")


THIS_ROUND = {
    "consultation.period": {"start": "2025-12-01", "end": "2025-12-30"},
    "third_party_review.date": "2026-02-10",
    "third_party_review.result": "指針に定める実施手続等に適合し、妥当である旨の答申を受けた。",
}


def codes(findings, severity: Severity | None = None) -> list[str]:
    return [f.code for f in findings if severity is None or f.severity is severity]


def with_rows(draft):
    filled, _ = fill_change_table(seed_v1(), draft, DAY)
    return filled


def with_records(draft, values=THIS_ROUND):
    """The draft with this round's records written in the items they fill (what the fix does)."""
    template, result = get_form("full"), draft.copy()
    result.values.update({template.item_filled_from(name): value for name, value in values.items()})
    return result


def test_the_seed_revision_still_tells_the_previous_procedure() -> None:
    findings = release_findings(seed_v1(), seed_v2(), RoundRecords(values=THIS_ROUND), Stage.SUBMIT, today=DAY)
    outdated = [f for f in findings if f.code == "gate.record_outdated"]
    assert {f.path for f in outdated} == {"VI.2.2", "VI.3.1", "VI.3.3"}
    period = next(f for f in outdated if f.path == "VI.2.2")
    assert "令和2年12月1日〜令和3年1月5日" in period.message
    assert "令和7年12月1日〜令和7年12月30日" in period.message
    assert period.label == "Ⅵ 評価実施手続 › 2.国民・住民等からの意見の聴取 › ②実施日・期間"
    assert all(f.severity is Severity.ERROR for f in outdated)


def test_unchanged_items_of_a_recorded_step_are_a_warning() -> None:
    findings = release_findings(seed_v1(), with_records(seed_v2()), RoundRecords(values=THIS_ROUND), "submit")
    carried = {f.path: f for f in findings if f.code == "gate.carried_over"}
    assert {"VI.2.4", "VI.2.5", "VI.3.2"} <= set(carried)
    assert carried["VI.2.4"].severity is Severity.WARNING
    assert "「意見の提出はなかった。」" in carried["VI.2.4"].message
    assert "VI.1.1" not in carried  # しきい値判断 records no step of this round


def test_every_change_against_the_published_edition_needs_its_change_row() -> None:
    draft = with_records(seed_v2())
    findings = release_findings(seed_v1(), draft, RoundRecords(values=THIS_ROUND), "submit", today=DAY)
    rows = [f for f in findings if f.code == "gate.change_row_missing"]
    assert len(rows) == 5
    assert any("委託事項2" in f.message for f in rows)
    assert all("VI." not in f.path for f in rows)  # the procedure's own items need no row
    assert "gate.change_row_missing" not in codes(
        release_findings(seed_v1(), with_rows(draft), RoundRecords(values=THIS_ROUND), "submit", today=DAY)
    )


def test_a_first_edition_needs_no_change_rows() -> None:
    assert "gate.change_row_missing" not in codes(release_findings(None, seed_v2(), RoundRecords(), "submit"))


@pytest.mark.parametrize(
    ("records", "stage", "code", "message"),
    [
        (
            RoundRecords(consultation_open_until=date(2026, 1, 5)),
            Stage.PUBLISH,
            "gate.consultation_open",
            "この評価書の意見募集がまだ受付中です(令和8年1月5日まで)。期間が終わるまで提出・公表はできません。",
        ),
        (
            RoundRecords(review_open=True),
            Stage.SUBMIT,
            "gate.review_open",
            "第三者点検(承認)がまだ終わっていません。結果を記録して終了してください。",
        ),
        (
            RoundRecords(),
            Stage.PUBLISH,
            "gate.submission_date_missing",
            "提出日が記録されていません。個人情報保護委員会に提出した日を記録してください。",
        ),
        (RoundRecords(submitted_on=DAY), Stage.PUBLISH, "gate.publication_date", "公表日を入力してください。"),
    ],
)
def test_each_refusal_names_what_is_missing(records, stage, code, message) -> None:
    findings = release_findings(seed_v1(), with_rows(with_records(seed_v2())), records, stage, today=DAY)
    found = [f for f in findings if f.code == code]
    assert found
    assert found[0].message == message
    assert found[0].severity is Severity.ERROR


def test_important_changes_after_the_consultation_need_a_decision() -> None:
    consulted = seed_v1()  # the consultation was about the old text; v2 adds 委託事項2 (重要な変更)
    records = RoundRecords(consulted=consulted, consulted_label="意見募集を行った第14回保存")
    for stage in (Stage.REVIEW, Stage.SUBMIT):
        outdated = [
            f for f in release_findings(None, seed_v2(), records, stage) if f.code == "gate.consultation_outdated"
        ]
        assert len(outdated) == 1
        assert outdated[0].severity is Severity.ERROR
        assert outdated[0].message.startswith("意見募集の対象(意見募集を行った第14回保存)の後に、重要な変更が")
        assert "新たに意見募集を行うか、このまま進める理由を記録してください。" in outdated[0].message
    decided = RoundRecords(consulted=consulted, later_changes_reason="委託の追加は意見募集の資料で説明済みのため")
    assert "gate.consultation_outdated" not in codes(release_findings(None, seed_v2(), decided, Stage.SUBMIT))
    same = RoundRecords(consulted=seed_v2())
    assert "gate.consultation_outdated" not in codes(release_findings(None, seed_v2(), same, Stage.SUBMIT))


def test_publication_sets_the_date_and_lists_corrections_since_submission() -> None:
    submitted = with_rows(with_records(seed_v2()))
    draft = submitted.copy()
    draft.values["cover.agency"] = "熊本市長(表記を修正)"
    records = RoundRecords(values=THIS_ROUND, submitted=submitted, submitted_on=DAY, publication_date=date(2026, 4, 10))
    findings = release_findings(seed_v1(), with_rows(draft), records, Stage.PUBLISH, today=DAY)
    date_row = next(f for f in findings if f.code == "gate.publication_date")
    assert date_row.severity is Severity.INFO
    assert date_row.message == "「(表紙) › 公表日」を令和3年3月31日から令和8年4月10日にして公表します。"
    since = next(f for f in findings if f.code == "gate.changed_since_submission")
    assert since.severity is Severity.WARNING
    assert "修正が1件あります" in since.message
    assert codes(findings, Severity.ERROR) == []


def test_an_important_change_after_submission_blocks_publication() -> None:
    submitted = with_rows(with_records(seed_v2()))
    records = RoundRecords(values=THIS_ROUND, submitted=seed_v1(), submitted_on=DAY, publication_date=DAY)
    since = [f for f in release_findings(seed_v1(), submitted, records, "publish") if f.code.endswith("submission")]
    assert since
    assert since[0].severity is Severity.ERROR
    assert "重要な変更は評価を再実施してから公表" in since[0].message


@pytest.mark.parametrize(
    ("item_id", "a", "b", "same"),
    [
        ("VI.3.1", "2021-02-15", "令和3年2月15日", True),
        ("VI.3.1", "2021-02-15", date(2021, 2, 15), True),
        ("VI.3.1", "2021-02-15", "2021-02-16", False),
        ("VI.3.1", "", "2021-02-16", False),
        ("VI.2.2", {"start": "2025-12-01", "end": "R7.12.30"}, {"start": "令和7年12月1日", "end": "2025-12-30"}, True),
        ("VI.3.3", "適合", "適合", True),
        ("VI.3.3", "適合", "不適合", False),
    ],
)
def test_values_are_compared_as_what_they_mean(item_id, a, b, same) -> None:
    assert same_value(get_form("full").item(item_id), a, b) is same

"""The actions of the controls: a control made of the seed's 月に一度 現場確認, check records, the
text of the 評価書 changing or going away, the 見直し; roles, refusals and the audit trail. And the
seed case end to end: a missed month shows overdue and the 見直し page lists the records."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pia.controls import candidate_at
from workbench.assessments.actions import save_version
from workbench.audit.models import AuditEvent
from workbench.controls import actions
from workbench.controls.actions import ControlFields, ControlRefused
from workbench.controls.models import CheckRecord, Control, Review
from workbench.controls.reminders import due_items, plan_reviews
from workbench.controls.status import latest_candidates, status_of
from workbench.procedure.portfolio import portfolio

pytestmark = pytest.mark.django_db

PROMISE = "仕様書どおりの履行となっているか月に一度、現場確認を行う。"
CENTER = "III.file[#honnin].4.other[#card-center-risks].risks[#risk-1].measure"


def _fields(people, **changes) -> ControlFields:
    values = {
        "element_path": CENTER,
        "chosen_text": PROMISE,
        "title": "現場確認(月1回)",
        "owner": people["author"],
        "frequency": "monthly",
        "starts_on": date(2026, 9, 7),
    }
    values.update(changes)
    return ControlFields(**values)


@pytest.fixture
def today(freeze_clock):
    freeze_clock("2026-12-07T10:00:00+09:00")
    return date(2026, 12, 7)


@pytest.fixture
def control(assessment, people, today):
    return actions.create_control(assessment, _fields(people), user=people["author"])


def _status(control):
    return status_of(control, date(2026, 12, 7), latest_candidates(control.assessment))


def test_a_control_keeps_the_sentence_the_text_and_the_path_and_is_audited(control, assessment):
    assert (control.element_path, control.chosen_text, control.version_seen) == (CENTER, PROMISE, 1)
    assert control.text_seen.endswith(PROMISE)
    assert control.text_seen != PROMISE
    assert control.organization == assessment.organization
    event = AuditEvent.objects.get(action="controls.create")
    assert (event.details["chosen_text"], event.details["frequency"]) == (PROMISE, "毎月")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"frequency": "weekly"}, "frequency"),
        ({"chosen_text": "書いていない文。"}, "chosen_text"),
        ({"element_path": "III.file[#honnin].4.other[#nothing].risks[#risk-1].measure"}, "element_path"),
        ({"title": " "}, "title"),
        ({"frequency": "dates"}, "due_dates"),
    ],
)
def test_bad_control_input_is_refused_at_its_field(assessment, people, today, changes, field):
    with pytest.raises(ControlRefused) as refused:
        actions.create_control(assessment, _fields(people, **changes), user=people["author"])
    assert refused.value.field == field
    assert not Control.objects.exists()
    assert not AuditEvent.objects.filter(action="controls.create").exists()


def test_the_owner_must_be_of_the_organisation(assessment, people, outsider, today):
    with pytest.raises(ControlRefused, match="担当者"):
        actions.create_control(assessment, _fields(people, owner=outsider), user=people["author"])


@pytest.mark.parametrize("role", ["approver", "viewer", "reviewer"])
def test_only_editors_create_controls_and_record_checks(assessment, people, control, role):
    with pytest.raises(PermissionDenied, match="管理項目を作る権限がありません"):
        actions.create_control(assessment, _fields(people), user=people[role])
    with pytest.raises(PermissionDenied, match="確認を記録する権限がありません"):
        actions.record_check(control, checked_on=date(2026, 10, 1), result="ok", user=people[role])
    with pytest.raises(PermissionDenied):
        actions.record_review(assessment, reviewed_on=date(2026, 12, 1), conclusion="unchanged", user=people[role])


def test_a_check_dated_in_the_future_is_refused(control, people):
    with pytest.raises(ControlRefused, match="未来の日付") as refused:
        actions.record_check(control, checked_on=date(2026, 12, 8), result="ok", user=people["author"])
    assert refused.value.field == "checked_on"
    assert not CheckRecord.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"checked_on": date(2026, 12, 1), "result": ""}, "result"),
        ({"checked_on": date(2026, 12, 1), "result": "maybe"}, "result"),
        ({"checked_on": date(2026, 9, 6), "result": "ok"}, "checked_on"),  # before the start
        ({"checked_on": date(2026, 12, 1), "result": "ng"}, "note"),  # a 不適合 says what was wrong
        ({"checked_on": date(2026, 12, 1), "result": "ok", "evidence": "x" * 201}, "evidence"),
    ],
)
def test_bad_check_input_is_refused(control, people, kwargs, field):
    with pytest.raises(ControlRefused) as refused:
        actions.record_check(control, user=people["author"], **kwargs)
    assert refused.value.field == field
    assert not CheckRecord.objects.exists()


def test_the_seed_case_a_missed_month_shows_overdue(control, people):
    actions.record_check(control, checked_on=date(2026, 9, 7), result="ok", evidence="第1号", user=people["author"])
    actions.record_check(
        control, checked_on=date(2026, 10, 10), result="ng", note="入退室記録の漏れ", user=people["author"]
    )
    status = _status(control)
    assert (status.due, status.overdue) == (date(2026, 11, 30), True)  # November went without a check
    assert status.missed_labels == ["令和8年11月"]
    assert status.open_nonconformity is not None
    assert status.open_nonconformity.note == "入退室記録の漏れ"
    assert AuditEvent.objects.filter(action="controls.check").count() == 2

    actions.record_check(control, checked_on=date(2026, 12, 2), result="ok", user=people["author"])
    status = _status(control)
    assert (status.due, status.overdue, status.open_nonconformity) == (date(2027, 1, 31), False, None)
    assert status.missed_labels == ["令和8年11月"]  # the missed month stays on record


def test_reminders_name_overdue_and_nonconforming_controls_with_stable_keys(control, people):
    actions.record_check(control, checked_on=date(2026, 10, 10), result="partial", note="一部", user=people["author"])
    items = due_items(date(2026, 12, 7))
    assert [i.kind for i in items] == ["overdue", "nonconformity"]
    overdue = items[0]
    assert overdue.key == f"control:{control.pk}:due:2026-11-30"
    assert overdue.user_ids == (people["author"].pk,)
    assert overdue.organization_name == "熊本市"
    assert overdue.url == reverse("control_detail", args=[control.pk])
    assert "期限を過ぎています" in overdue.title
    assert "令和8年11月30日" in overdue.title
    assert [i.key for i in due_items(date(2026, 12, 7))] == [i.key for i in items]  # the same the next run


def test_reminders_give_a_control_due_within_seven_days(control, people):
    actions.record_check(control, checked_on=date(2026, 11, 2), result="ok", user=people["author"])
    assert [i.kind for i in due_items(date(2026, 12, 24))] == ["due_soon"]
    assert due_items(date(2026, 12, 23)) == []


def test_a_changed_text_is_flagged_with_the_new_text_and_can_be_taken_note_of(control, assessment, people):
    document = assessment.latest_version().document()
    changed = copy.deepcopy(document)
    new_text = "・仕様書どおりの履行となっているか月に一度、現場確認を行い、記録を残す。"
    _set(changed, new_text)
    save_version(assessment, changed, 1, user=people["author"])
    status = _status(control)
    assert (status.text_changed, status.current_text) == (True, new_text)
    with pytest.raises(ControlRefused, match="新しい記載の文"):
        actions.acknowledge_text(control, user=people["author"])  # the followed sentence is gone
    actions.acknowledge_text(
        control,
        chosen_text="仕様書どおりの履行となっているか月に一度、現場確認を行い、記録を残す。",
        user=people["author"],
    )
    control.refresh_from_db()
    assert (control.text_seen, control.version_seen) == (new_text, 2)
    assert not _status(control).text_changed


def test_a_removed_item_is_flagged_and_the_control_kept(control, assessment, people):
    document = copy.deepcopy(assessment.latest_version().document())
    _set(document, None)
    save_version(assessment, document, 1, user=people["author"])
    status = _status(control)
    assert status.text_removed
    assert Control.objects.filter(pk=control.pk, active=True).exists()


def _set(document, text):
    from pia.document.access import set_value
    from pia.document.paths import ElementPath
    from pia.forms import get_form

    set_value(document, get_form(document.form, document.edition), ElementPath.parse(CENTER), text)
    assert (candidate_at(document, CENTER) is None) == (text is None)


def _publish(assessment, on: date) -> None:
    """Mark the first revision 公表 on ``on`` (test setup; the workflow is the procedure app's)."""
    from workbench.assessments.models import Revision, Status

    Revision.objects.filter(assessment=assessment).update(status=Status.PUBLISHED, published_on=on)


def _review_deadline(user, assessment):
    row = next(r for r in portfolio(user, date(2026, 12, 7)) if r.assessment.pk == assessment.pk)
    return next(d for d in row.deadlines if d.code == "deadline.review")


def test_a_review_is_recorded_and_feeds_the_yearly_deadline(assessment, people, today):
    _publish(assessment, date(2025, 12, 1))
    before = _review_deadline(people["viewer"], assessment)
    assert (before.due, before.overdue) == (date(2026, 12, 1), True)  # a year after the 公表日
    with pytest.raises(ControlRefused, match="未来の日付"):
        actions.record_review(assessment, reviewed_on=date(2026, 12, 8), conclusion="unchanged", user=people["author"])
    with pytest.raises(ControlRefused) as refused:
        actions.record_review(assessment, reviewed_on=date(2026, 12, 1), conclusion="maybe", user=people["author"])
    assert refused.value.field == "conclusion"
    with pytest.raises(ControlRefused, match="備考"):
        actions.record_review(assessment, reviewed_on=date(2026, 12, 1), conclusion="amend", user=people["author"])
    review = actions.record_review(
        assessment, reviewed_on=date(2026, 12, 1), conclusion="unchanged", user=people["author"]
    )
    assert Review.objects.get() == review
    assert AuditEvent.objects.filter(action="controls.review").count() == 1
    assert [r.on for r in plan_reviews([assessment.pk])[assessment.pk]] == [date(2026, 12, 1)]
    after = _review_deadline(people["viewer"], assessment)
    assert (after.due, after.overdue) == (date(2027, 12, 1), False)  # a year after the 見直し
    assert "前回の見直し" in after.message


def test_a_review_before_the_publication_does_not_count(assessment, people, today):
    actions.record_review(assessment, reviewed_on=date(2025, 11, 1), conclusion="unchanged", user=people["author"])
    _publish(assessment, date(2025, 12, 1))
    assert _review_deadline(people["viewer"], assessment).due == date(2026, 12, 1)

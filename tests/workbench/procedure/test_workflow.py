"""Workflow transitions: allowed roles, blocking findings, approval bound to a version, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from pia.wareki import format_wareki
from workbench import clock
from workbench.assessments import actions
from workbench.assessments.models import Assessment, Revision, Status
from workbench.assessments.workflow import status_path, transitions_for
from workbench.audit.models import AuditEvent
from workbench.procedure import actions as procedure_actions

pytestmark = pytest.mark.django_db

FULL_LOCAL = [
    (Status.INTERNAL_REVIEW, "author"),
    (Status.CONSULTATION, "approver"),
    (Status.THIRD_PARTY_REVIEW, "approver"),
    (Status.APPROVAL_REQUEST, "reviewer"),
    (Status.SUBMITTED, "approver"),
    (Status.PUBLISHED, "admin"),
]


def test_the_path_follows_the_core_procedure():
    assert [s for s, _ in status_path("full", "local")] == [
        "draft",
        "internal_review",
        "consultation",
        "third_party_review",
        "approval_request",
        "submitted",
        "published",
    ]
    assert "third_party_review" not in [s for s, _ in status_path("full", "national")]
    assert "consultation" not in [s for s, _ in status_path("basic", "local")]


@pytest.fixture
def procedure_done(assessment, finish_procedure):
    """A finished 意見募集 (no comments) and a closed 第三者点検 on version 1: the records the
    steps out of 意見聴取 and 第三者点検 wait for (see test_procedure_gates.py)."""
    finish_procedure(assessment.versions.get())


def _status(version) -> str:
    return Revision.objects.get(pk=version.revision_id).status


def test_a_full_local_assessment_walks_the_whole_path(assessment, people, procedure_done):
    version = assessment.versions.get()
    for target, role in FULL_LOCAL[:4]:
        procedure_actions.transition(version, target, user=people[role])
        assert _status(version) == target
        assert Assessment.objects.get(pk=assessment.pk).status == target
    # Ⅵ still says what the earlier round's records said: the gate holds the submission
    with pytest.raises(procedure_actions.TransitionRefused, match="今回の手続の記録"):
        procedure_actions.transition(version, Status.SUBMITTED, user=people["approver"])
    fixed = procedure_actions.apply_fix(version, "records", user=people["author"])  # one click: a new save, same 改訂案
    assert fixed.number == 2
    assert _status(fixed) == Status.APPROVAL_REQUEST
    today = clock.today()  # the 第三者点検 closed today: it dates Ⅵ3①, and the 公表日 may not be earlier
    procedure_actions.transition(fixed, Status.SUBMITTED, on=today, user=people["approver"])
    published = procedure_actions.transition(
        fixed, Status.PUBLISHED, on=today + timedelta(days=7), user=people["admin"]
    )
    on = today + timedelta(days=7)
    assert published.number == 3
    assert published.content["values"]["cover.publication_date"] == on.isoformat()
    assert published.note == f"公表日を{format_wareki(on)}とする"
    revision = Revision.objects.get(pk=version.revision_id)
    assert revision.status == Status.PUBLISHED
    assert revision.published_version == published
    assert revision.published_on == on
    assert revision.submitted_on == today
    assert revision.label == f"公表中の版({format_wareki(on)}公表)"
    assert Assessment.objects.get(pk=assessment.pk).status == Status.PUBLISHED
    events = AuditEvent.objects.filter(action="workflow.transition").order_by("id")
    assert [e.details["to"] for e in events] == [t for t, _ in FULL_LOCAL]
    assert [e.version_number for e in events] == [1, 1, 1, 1, 2, 3]


def test_approval_binds_to_the_exact_version(assessment, people, procedure_done):
    version = assessment.versions.get()
    for target, role in FULL_LOCAL[:4]:
        procedure_actions.transition(version, target, user=people[role])
    version = procedure_actions.apply_fix(version, "records", user=people["author"])
    procedure_actions.transition(version, Status.SUBMITTED, user=people["approver"])
    version.refresh_from_db()
    assert version.approved_by == people["approver"]
    assert version.approved_at is not None
    assert version.revision.submitted_version == version
    document = version.document()
    document.values["cover.name"] = "提出後に直した名称"
    newer = actions.save_version(assessment, document, base_number=version.number, user=people["author"])
    assert newer.approved_by is None
    assert newer.revision == version.revision
    assert _status(newer) == Status.SUBMITTED  # a save does not undo the submission
    assert Revision.objects.get(pk=version.revision_id).submitted_version == version


@pytest.mark.parametrize("role", ["viewer", "reviewer", "approver"])
def test_only_authors_and_admins_send_to_internal_review(assessment, people, role):
    with pytest.raises(PermissionDenied):
        procedure_actions.transition(assessment.versions.get(), Status.INTERNAL_REVIEW, user=people[role])
    assert AuditEvent.objects.filter(action="workflow.transition").count() == 0


def test_authors_cannot_approve(assessment, people, procedure_done):
    version = assessment.versions.get()
    for target, role in FULL_LOCAL[:4]:
        procedure_actions.transition(version, target, user=people[role])
    with pytest.raises(PermissionDenied):
        procedure_actions.transition(version, Status.SUBMITTED, user=people["author"])


def test_skipping_a_step_is_refused(assessment, people):
    with pytest.raises(procedure_actions.TransitionRefused) as refused:
        procedure_actions.transition(assessment.versions.get(), Status.SUBMITTED, user=people["admin"])
    assert "進めません" in str(refused.value)


def test_blocking_findings_stop_a_transition(blank_assessment, people):
    version = blank_assessment.versions.get()
    procedure_actions.transition(version, Status.INTERNAL_REVIEW, user=people["author"])
    with pytest.raises(procedure_actions.TransitionRefused) as refused:
        procedure_actions.transition(version, Status.APPROVAL_REQUEST, user=people["approver"])
    assert refused.value.findings
    assert "要修正の指摘" in str(refused.value)
    assert _status(version) == Status.INTERNAL_REVIEW


def test_an_approver_can_return_a_version_to_draft(assessment, people):
    version = assessment.versions.get()
    procedure_actions.transition(version, Status.INTERNAL_REVIEW, user=people["author"])
    procedure_actions.transition(version, Status.DRAFT, user=people["approver"])
    assert _status(version) == Status.DRAFT


def test_only_the_latest_version_moves(assessment, people):
    first = assessment.versions.get()
    document = first.document()
    document.values["cover.name"] = "別の名称"
    actions.save_version(assessment, document, base_number=1, user=people["author"])
    with pytest.raises(procedure_actions.TransitionRefused, match="第1回保存は最新の保存ではありません"):
        procedure_actions.transition(first, Status.INTERNAL_REVIEW, user=people["author"])


def test_every_return_transition_is_for_managers_only():
    for step in transitions_for("full", "local"):
        if step.target == Status.DRAFT:
            assert set(step.roles) == {"admin", "approver"}


def test_a_national_body_has_no_third_party_review_but_an_approval():
    steps = {(t.source, t.target): t for t in transitions_for("full", "national")}
    assert (Status.CONSULTATION, Status.APPROVAL_REQUEST) in steps
    assert not any(Status.THIRD_PARTY_REVIEW in key for key in steps)
    approval = steps[(Status.APPROVAL_REQUEST, Status.SUBMITTED)]
    assert approval.approves
    assert set(approval.roles) == {"admin", "approver"}

"""Workflow transitions: allowed roles, blocking findings, approval bound to a version, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from workbench.assessments import actions
from workbench.assessments.models import Assessment, Status, Version
from workbench.assessments.workflow import status_path, transitions_for
from workbench.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

FULL_LOCAL = [
    (Status.INTERNAL_REVIEW, "author"),
    (Status.PUBLIC_COMMENT, "approver"),
    (Status.THIRD_PARTY_REVIEW, "approver"),
    (Status.APPROVAL_REQUEST, "reviewer"),
    (Status.SUBMITTED, "approver"),
    (Status.PUBLISHED, "admin"),
]


def test_the_path_follows_the_core_procedure():
    assert [s for s, _ in status_path("full", "local")] == [
        "draft",
        "internal_review",
        "public_comment",
        "third_party_review",
        "approval_request",
        "submitted",
        "published",
    ]
    assert "third_party_review" not in [s for s, _ in status_path("full", "national")]
    assert "public_comment" not in [s for s, _ in status_path("basic", "local")]


@pytest.fixture
def procedure_done(assessment, finish_procedure):
    """A finished 意見募集 (no comments) and a closed 第三者点検 on version 1: the records the
    steps out of 意見聴取 and 第三者点検 wait for (see test_procedure_gates.py)."""
    finish_procedure(assessment.versions.get())


def test_a_full_local_assessment_walks_the_whole_path(assessment, people, procedure_done):
    version = assessment.versions.get()
    for target, role in FULL_LOCAL:
        actions.transition(people[role], version, target)
        assert Version.objects.get(pk=version.pk).status == target
        assert Assessment.objects.get(pk=assessment.pk).status == target
    events = AuditEvent.objects.filter(action="workflow.transition").order_by("id")
    assert [e.details["to"] for e in events] == [t for t, _ in FULL_LOCAL]
    assert all(e.version_number == 1 for e in events)


def test_approval_binds_to_the_exact_version(assessment, people, procedure_done):
    version = assessment.versions.get()
    for target, role in FULL_LOCAL[:5]:
        actions.transition(people[role], version, target)
    version.refresh_from_db()
    assert version.approved_by == people["approver"] and version.approved_at is not None
    newer = actions.save_version(people["author"], assessment, version.document(), base_number=1)
    assert newer.approved_by is None and newer.status == Status.DRAFT
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED


@pytest.mark.parametrize("role", ["viewer", "reviewer", "approver"])
def test_only_authors_and_admins_send_to_internal_review(assessment, people, role):
    with pytest.raises(PermissionDenied):
        actions.transition(people[role], assessment.versions.get(), Status.INTERNAL_REVIEW)
    assert AuditEvent.objects.filter(action="workflow.transition").count() == 0


def test_authors_cannot_approve(assessment, people, procedure_done):
    version = assessment.versions.get()
    for target, role in FULL_LOCAL[:4]:
        actions.transition(people[role], version, target)
    with pytest.raises(PermissionDenied):
        actions.transition(people["author"], version, Status.SUBMITTED)


def test_skipping_a_step_is_refused(assessment, people):
    with pytest.raises(actions.TransitionRefused) as refused:
        actions.transition(people["admin"], assessment.versions.get(), Status.SUBMITTED)
    assert "進めません" in str(refused.value)


def test_blocking_findings_stop_a_transition(blank_assessment, people):
    version = blank_assessment.versions.get()
    actions.transition(people["author"], version, Status.INTERNAL_REVIEW)
    with pytest.raises(actions.TransitionRefused) as refused:
        actions.transition(people["approver"], version, Status.APPROVAL_REQUEST)
    assert refused.value.findings and "要修正の指摘" in str(refused.value)
    assert Version.objects.get(pk=version.pk).status == Status.INTERNAL_REVIEW


def test_an_approver_can_return_a_version_to_draft(assessment, people):
    version = assessment.versions.get()
    actions.transition(people["author"], version, Status.INTERNAL_REVIEW)
    actions.transition(people["approver"], version, Status.DRAFT)
    assert Version.objects.get(pk=version.pk).status == Status.DRAFT


def test_only_the_latest_version_moves(assessment, people):
    first = assessment.versions.get()
    actions.save_version(people["author"], assessment, first.document(), base_number=1)
    with pytest.raises(actions.TransitionRefused):
        actions.transition(people["author"], first, Status.INTERNAL_REVIEW)


def test_every_return_transition_is_for_managers_only():
    for step in transitions_for("full", "local"):
        if step.target == Status.DRAFT:
            assert set(step.roles) == {"admin", "approver"}


def test_a_national_body_has_no_third_party_review_but_an_approval():
    steps = {(t.source, t.target): t for t in transitions_for("full", "national")}
    assert (Status.PUBLIC_COMMENT, Status.APPROVAL_REQUEST) in steps
    assert not any(Status.THIRD_PARTY_REVIEW in key for key in steps)
    approval = steps[(Status.APPROVAL_REQUEST, Status.SUBMITTED)]
    assert approval.approves and set(approval.roles) == {"admin", "approver"}

"""One check of a workflow step (``procedure.steps.check_step``): the 評価書 page offers a step
exactly when the action would take it, and says the same reasons the action refuses with."""

from __future__ import annotations

import pytest

from workbench.assessments.models import Status
from workbench.assessments.workflow import find_transition
from workbench.procedure import actions as procedure_actions
from workbench.procedure.steps import check_step

pytestmark = pytest.mark.django_db


def _step(assessment, source, target):
    return find_transition(assessment.form, assessment.organization.body_type, source, target)


@pytest.mark.parametrize(
    ("source", "target", "records_done", "ready"),
    [
        (Status.DRAFT, Status.INTERNAL_REVIEW, False, True),  # nothing to wait for
        (Status.CONSULTATION, Status.THIRD_PARTY_REVIEW, False, False),  # waits for the 意見募集
        (Status.CONSULTATION, Status.THIRD_PARTY_REVIEW, True, True),  # the records are there
    ],
)
def test_the_page_and_the_action_agree(assessment, people, finish_procedure, source, target, records_done, ready):
    version = assessment.versions.get()
    if records_done:
        finish_procedure(version)
    revision = version.revision
    revision.status = source
    revision.save(update_fields=["status"])
    checked = check_step(version, _step(assessment, source, target))
    assert checked.ready is ready
    if checked.ready:
        procedure_actions.transition(version, target, user=people["admin"])
        assert type(version.revision).objects.get(pk=revision.pk).status == target
    else:
        with pytest.raises(procedure_actions.TransitionRefused) as refused:
            procedure_actions.transition(version, target, user=people["admin"])
        for reason in checked.waiting:
            assert reason in str(refused.value)


def test_waiting_for_the_consultation_is_not_ready(assessment):
    version = assessment.versions.get()
    checked = check_step(version, _step(assessment, Status.CONSULTATION, Status.THIRD_PARTY_REVIEW))
    assert checked.waiting
    assert not checked.ready

"""What stands between the latest save of a 改訂案 and one workflow step: the procedure records it
waits for, the release gate's findings and the blocking findings of the document at the step's
level. Computed once here, for the 評価書 page that offers the step and the action that takes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pia.document import Document
from pia.findings import Finding, blocking
from pia.rules.validation import check
from workbench.assessments.attachments import attachments_for
from workbench.assessments.models import Version
from workbench.assessments.workflow import Transition
from workbench.procedure import state

ErrorCache = dict[object, list[Finding]]


@dataclass(frozen=True)
class StepCheck:
    step: Transition
    waiting: list[str]  # what the procedure records still wait for (Japanese sentences)
    gate: list[Finding]  # the release gate's findings, errors and warnings
    errors: list[Finding]  # blocking findings of the document at the step's level

    @property
    def gate_errors(self) -> list[Finding]:
        return blocking(self.gate)

    @property
    def ready(self) -> bool:
        """Nothing stands in the way (the user's role is checked apart)."""
        return not (self.waiting or self.gate_errors or self.errors)


def check_step(
    version: Version,
    step: Transition,
    *,
    publication_date: date | None = None,
    document: Document | None = None,
    cache: ErrorCache | None = None,
) -> StepCheck:
    """The step's check on ``version`` (its document with the recorded values filled in, unless
    ``document`` is that already). Steps that need the same level and pending items share one
    validation through ``cache``."""
    pending = state.pending_steps(step.target)
    errors: list[Finding] = []
    if step.level is not None:
        cache = {} if cache is None else cache
        key = (step.level, pending)
        if key not in cache:
            checked = document or state.effective_document(version)
            figures = attachments_for(version.assessment)  # a missing figure blocks: image.missing
            cache[key] = blocking(check(checked, step.level, pending=pending, attachments=figures))
        errors = cache[key]
    waiting = state.gate_reasons(version, step.source, step.target)
    gate = state.release_findings(version, step.target, publication_date=publication_date)
    return StepCheck(step, waiting, gate, errors)

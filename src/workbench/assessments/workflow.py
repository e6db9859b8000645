"""The workflow of a 評価書 version: which transitions exist, who may make them, at which
validation level. The steps that apply (意見聴取, 第三者点検) come from the core's procedure
rules (``pia.rules.procedure_for``); the web layer only maps them onto statuses."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from pia.findings import Level
from pia.rules import ProcedureError, procedure_for
from workbench.assessments.models import Status
from workbench.organizations.models import Role


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str  # the button text
    roles: tuple[str, ...]
    level: Level | None  # validation level that must have no blocking findings
    approves: bool = False  # binds the approval to this exact version

    @property
    def key(self) -> str:
        return f"{self.source}->{self.target}"


_MANAGERS = (Role.ADMIN, Role.APPROVER)
CONSULTATION_ROLES = _MANAGERS  # 意見聴取を開始する: also whoever opens a voluntary 意見募集
PUBLISH_ROLES = _MANAGERS  # 公表済にする: also whoever registers a 公表版 brought in from a file
_AUTHORS = (Role.ADMIN, Role.AUTHOR)
_RETURN = "差し戻す(作成中に戻す)"


def procedure_steps(form: str, body_type: str) -> frozenset[str]:
    """The core's procedure steps (rules data ids) for this form and body type; none if unknown."""
    try:
        return frozenset(s.step for s in procedure_for(form, body_type).steps)
    except ProcedureError:
        return frozenset()


def _path(form: str, body_type: str) -> list[str]:
    """The statuses a version passes through, in order, for this form and body type."""
    steps = procedure_steps(form, body_type)
    path = [Status.DRAFT, Status.INTERNAL_REVIEW]
    if "consultation" in steps:
        path.append(Status.CONSULTATION)
    if "third_party_review" in steps:
        path.append(Status.THIRD_PARTY_REVIEW)
    path += [Status.APPROVAL_REQUEST, Status.SUBMITTED, Status.PUBLISHED]
    return [str(s) for s in path]


_FORWARD: dict[str, tuple[str, tuple[str, ...], Level | None, bool]] = {
    Status.INTERNAL_REVIEW: ("内部確認に回す", _AUTHORS, Level.DRAFT, False),
    Status.CONSULTATION: ("意見聴取を開始する", CONSULTATION_ROLES, Level.SUBMIT, False),
    Status.THIRD_PARTY_REVIEW: ("第三者点検に付す", _MANAGERS, Level.SUBMIT, False),
    Status.APPROVAL_REQUEST: ("承認を申請する", _MANAGERS, Level.SUBMIT, False),
    Status.SUBMITTED: ("承認して提出済にする", _MANAGERS, Level.SUBMIT, True),
    Status.PUBLISHED: ("公表済にする", _MANAGERS, Level.PUBLISH, False),
}


def transitions_for(form: str, body_type: str) -> list[Transition]:
    path = _path(form, body_type)
    result = []
    for source, target in pairwise(path):
        label, roles, level, approves = _FORWARD[target]
        if source == Status.THIRD_PARTY_REVIEW:
            label, roles = "第三者点検を完了し承認を申請する", (*_MANAGERS, Role.REVIEWER)
        result.append(Transition(source, target, label, tuple(str(r) for r in roles), level, approves))
    for source in path[1:-2]:
        result.append(Transition(source, Status.DRAFT, _RETURN, tuple(str(r) for r in _MANAGERS), None))
    return result


def find_transition(form: str, body_type: str, source: str, target: str) -> Transition | None:
    return next((t for t in transitions_for(form, body_type) if t.source == source and t.target == target), None)


def status_path(form: str, body_type: str) -> list[tuple[str, str]]:
    return [(s, Status(s).label) for s in _path(form, body_type)]

"""The reminders of the apps below this one, each a provider of ``registry`` (registered by
``RemindersConfig.ready``):

- 評価の再実施 (5 years) and 評価書の見直し (yearly) deadlines of every 公表中の版, from the core's
  ``compute_deadlines`` as the dashboard counts them: one reminder when 60, 30 and 7 days are
  left, and one once the deadline has passed; to the 管理者 and 作成者 of the organisation.
- a 意見募集 whose period ends within 7 days: to its 管理者, 作成者 and 承認者.
- review rounds waiting on someone: an open 第三者点検 to each assigned 第三者点検委員; remarks not
  yet answered to the 管理者 and 作成者 (a new remark is a new reminder).
- a 委託契約 still 予定 past its expected date (a 未定 follow-up): to the 管理者 and 作成者.
- a 再委託申請 waiting: still 受付 or in 審査 with items 未確認 (to the 管理者 and 作成者, who
  examine it), or with every item recorded and no decision yet (to the 承認者 and 管理者, who decide).
- a promised measure's check due within 7 days or overdue, and a 不適合 without a later 適合
  (``controls.reminders.due_items``): to the control's 担当者.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Count, Max, Q
from django.urls import reverse

from pia.errors import PiaError
from pia.rules.deadlines import compute_deadlines
from pia.wareki import format_wareki
from workbench import clock
from workbench.assessments.models import Revision, Status
from workbench.consultation.models import Consultation
from workbench.contractors.models import CheckState, Contract, ContractStatus, Resubcontract, ResubcontractStatus
from workbench.contractors.resubcontracts import DECIDER_ROLES
from workbench.controls.reminders import due_items
from workbench.organizations.access import EDITOR_ROLES
from workbench.organizations.models import Membership, Role
from workbench.procedure.register import last_review, reviews_for
from workbench.reminders.registry import Reminder
from workbench.reviews.models import Kind, ReviewRound

WINDOWS = (7, 30, 60)  # days before a deadline when it is reminded
DEADLINE_CODES = ("deadline.reassessment", "deadline.review")
CONSULTATION_DAYS = 7
CONSULTATION_ROLES = (*EDITOR_ROLES, Role.APPROVER)


def people(organization_ids: Iterable[int], roles: Iterable[str]) -> dict[int, tuple[int, ...]]:
    """Per organisation, the active users holding one of ``roles`` (one query)."""
    found: dict[int, set[int]] = defaultdict(set)
    rows = Membership.objects.filter(
        organization_id__in=set(organization_ids), role__in=list(roles), user__is_active=True
    )
    for organization_id, user_id in rows.values_list("organization_id", "user_id"):
        found[organization_id].add(user_id)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def _window(days_left: int) -> str | None:
    if days_left < 0:
        return "overdue"
    return next((str(w) for w in WINDOWS if days_left <= w), None)


def deadlines(today: date) -> list[Reminder]:
    current = Revision.objects.filter(
        status=Status.PUBLISHED, superseded_at__isnull=True, published_on__isnull=False
    ).select_related("assessment__jimu")
    revisions = list(current)
    editors = people((r.assessment.jimu.organization_id for r in revisions), EDITOR_ROLES)
    reviewed = reviews_for([r.assessment_id for r in revisions])
    found = []
    for revision in revisions:
        assessment = revision.assessment
        users = editors.get(assessment.jimu.organization_id, ())
        if not users or revision.published_on is None:
            continue
        try:
            due = compute_deadlines(revision.published_on, today, reviewed=last_review(reviewed.get(assessment.pk, [])))
        except PiaError:
            continue  # the dashboard shows why
        for deadline in due:
            window = _window(deadline.days_left) if deadline.code in DEADLINE_CODES else None
            if window is None:
                continue
            when = format_wareki(deadline.due)
            if deadline.days_left < 0:
                text = f"{assessment.title}:{deadline.label}の期限({when})を{-deadline.days_left}日過ぎています"
            else:
                text = f"{assessment.title}:{deadline.label}の期限({when})まであと{deadline.days_left}日です"
            found.append(
                Reminder(
                    key=f"{deadline.code}:{assessment.pk}:{window}",
                    organization_id=assessment.jimu.organization_id,
                    user_ids=users,
                    kind="deadline",
                    title=text,
                    due=deadline.due,
                    url=reverse("assessment_detail", args=[assessment.pk]),
                )
            )
    return found


def consultations(today: date) -> list[Reminder]:
    ending = list(
        Consultation.objects.filter(
            past_record=False,
            opens_on__lte=today,
            closes_on__gte=today,
            closes_on__lte=today + timedelta(CONSULTATION_DAYS),
        )
    )
    staff = people((c.organization_id for c in ending), CONSULTATION_ROLES)
    found = []
    for consultation in ending:
        left = (consultation.closes_on - today).days
        tail = "本日で終わります" if left == 0 else f"あと{left}日で終わります"
        found.append(
            Reminder(
                key=f"consultation:{consultation.pk}:closes",
                organization_id=consultation.organization_id,
                user_ids=staff.get(consultation.organization_id, ()),
                kind="consultation",
                title=f"意見募集「{consultation.title}」の期間({format_wareki(consultation.closes_on)}まで)が{tail}",
                due=consultation.closes_on,
                url=reverse("consultation_staff", args=[consultation.pk]),
            )
        )
    return [r for r in found if r.user_ids]


def reviews(today: date) -> list[Reminder]:
    rounds = list(
        ReviewRound.objects.filter(closed_at__isnull=True)
        .select_related("version__assessment")
        .annotate(
            waiting=Count("remarks", filter=Q(remarks__answer="")),
            last_remark=Max("remarks__created_at", filter=Q(remarks__answer="")),
        )
        .prefetch_related("reviewers")
    )
    editors = people((r.organization_id for r in rounds), EDITOR_ROLES)
    found = []
    for round_ in rounds:
        title = round_.version.assessment.title
        url = reverse("review_round", args=[round_.pk])
        reviewers = tuple(sorted(u.pk for u in round_.reviewers.all() if u.is_active))
        if round_.kind == Kind.THIRD_PARTY and reviewers:
            found.append(
                Reminder(
                    key=f"review:{round_.pk}:reviewer",
                    organization_id=round_.organization_id,
                    user_ids=reviewers,
                    kind="review",
                    title=f"{title}の第三者点検をお願いします({round_.version.label})",
                    due=clock.local(round_.started_at).date(),
                    url=url,
                )
            )
        users = editors.get(round_.organization_id, ())
        if round_.waiting and users:
            found.append(
                Reminder(
                    key=f"review:{round_.pk}:answers",
                    organization_id=round_.organization_id,
                    user_ids=users,
                    kind="review",
                    title=f"{title}の{round_.get_kind_display()}に、回答していない指摘が{round_.waiting}件あります",
                    due=clock.local(round_.last_remark).date(),
                    url=url,
                )
            )
    return found


def contracts(today: date) -> list[Reminder]:
    late = list(
        Contract.objects.filter(status=ContractStatus.PLANNED, expected_on__lt=today).select_related("contractor")
    )
    editors = people((c.organization_id for c in late), EDITOR_ROLES)
    found = []
    for contract in late:
        if contract.expected_on is None:  # excluded by the query; said for the type checker
            continue
        found.append(
            Reminder(
                key=f"contract:{contract.pk}:expected",
                organization_id=contract.organization_id,
                user_ids=editors.get(contract.organization_id, ()),
                kind="contract",
                title=(
                    f"委託契約「{contract.name}」は締結予定日({format_wareki(contract.expected_on)})を過ぎても"
                    "「予定」のままです。委託先名が決まったら台帳と評価書を更新してください"
                ),
                due=contract.expected_on,
                url=reverse("contract_detail", args=[contract.pk]),
            )
        )
    return [r for r in found if r.user_ids]


def resubcontracts(today: date) -> list[Reminder]:
    waiting = list(
        Resubcontract.objects.filter(status__in=[ResubcontractStatus.RECEIVED, ResubcontractStatus.REVIEWING])
        .select_related("contract")
        .annotate(open_items=Count("checklist", filter=Q(checklist__state=CheckState.OPEN)))
        .order_by("received_on", "pk")
    )
    organizations = {r.organization_id for r in waiting}
    editors, deciders = people(organizations, EDITOR_ROLES), people(organizations, DECIDER_ROLES)
    found = []
    for resub in waiting:
        ready = resub.status == ResubcontractStatus.REVIEWING and resub.open_items == 0
        what = "審査が終わり、許諾・不許諾の決定を待っています" if ready else "審査が終わっていません"
        found.append(
            Reminder(
                key=f"resubcontract:{resub.pk}:{'decide' if ready else 'examine'}",
                organization_id=resub.organization_id,
                user_ids=(deciders if ready else editors).get(resub.organization_id, ()),
                kind="resubcontract",
                title=(
                    f"再委託申請({resub.subcontractor_name}、{resub.contract.name})は"
                    f"{format_wareki(resub.received_on)}の受付から{what}"
                ),
                due=resub.received_on,
                url=reverse("resubcontract_detail", args=[resub.pk]),
            )
        )
    return [r for r in found if r.user_ids]


def controls(today: date) -> list[Reminder]:
    return [
        Reminder(item.key, item.organization_id, item.user_ids, "control", item.title, item.due, item.url)
        for item in due_items(today)
        if item.user_ids
    ]


BUILT_IN = (deadlines, consultations, reviews, contracts, resubcontracts, controls)

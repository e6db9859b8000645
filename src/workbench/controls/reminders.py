"""What a reminders app will send: the controls that need a check or follow-up, per responsible
user (ADR 0020). ``due_items(today)`` is the one entry point; no e-mail is sent here.

An item is a control of an active 管理項目 that is
- due within ``DUE_SOON_DAYS`` days (its next due date is today or in the next 7 days),
- overdue (its due date has passed with no check), or
- 不適合 / 一部不適合 at its latest check with no later 適合 check.
A control can give two items (overdue and 不適合). Each item names the organisation, the user ids
responsible (the control's owner), a Japanese title, the due date (for a 不適合: the day of that check), the URL
path of the control's page, and a stable key (the same item on the next day has the same key, so a
sender can tell what it already sent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from pia.plan import PlanReview
from pia.wareki import format_wareki
from workbench.controls.models import Control, Review
from workbench.controls.status import latest_candidates, status_of

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class DueItem:
    key: str  # 「control:12:due:2026-11-30」, 「control:12:nonconformity:34」
    kind: str  # due_soon | overdue | nonconformity
    organization_id: int
    organization_name: str
    user_ids: tuple[int, ...]
    title: str
    due: date
    url: str


def due_items(today: date) -> list[DueItem]:
    """Every item of every organisation on ``today`` (JST), overdue first, then by due date."""
    items: list[DueItem] = []
    controls = list(
        Control.objects.filter(active=True)
        .select_related("organization", "assessment", "owner")
        .prefetch_related("checks")
    )
    found_by_assessment: dict[int, object] = {}
    for control in controls:
        if control.assessment_id not in found_by_assessment:
            found_by_assessment[control.assessment_id] = latest_candidates(control.assessment)
        status = status_of(control, today, found_by_assessment[control.assessment_id], list(control.checks.all()))  # type: ignore[arg-type]
        url = reverse("control_detail", args=[control.pk])
        if status.due is not None and (status.overdue or (status.due - today).days <= DUE_SOON_DAYS):
            kind = "overdue" if status.overdue else "due_soon"
            what = "期限を過ぎています" if status.overdue else "確認の期限が近づいています"
            items.append(
                DueItem(
                    key=f"control:{control.pk}:due:{status.due.isoformat()}",
                    kind=kind,
                    title=f"「{control.title}」の{what}({format_wareki(status.due)}まで)",
                    due=status.due,
                    organization_id=control.organization_id,
                    organization_name=control.organization.name,
                    user_ids=(control.owner_id,),
                    url=url,
                )
            )
        if status.open_nonconformity is not None:
            record = status.open_nonconformity
            items.append(
                DueItem(
                    key=f"control:{control.pk}:nonconformity:{record.pk}",
                    kind="nonconformity",
                    title=f"「{control.title}」は{format_wareki(record.checked_on)}の確認で{record.get_result_display()}でした(適合の確認がまだありません)",
                    due=record.checked_on,
                    organization_id=control.organization_id,
                    organization_name=control.organization.name,
                    user_ids=(control.owner_id,),
                    url=url,
                )
            )
    return sorted(items, key=lambda i: (i.kind != "overdue", i.kind == "nonconformity", i.due, i.key))


def plan_reviews(assessment_ids: list[int]) -> dict[int, list[PlanReview]]:
    """Every 見直し of each 評価書, as the 計画管理書 lists them and the deadlines count from them
    (registered with ``procedure.register.register_review_source``)."""
    found: dict[int, list[PlanReview]] = {}
    for review in Review.objects.filter(assessment_id__in=assessment_ids).order_by("reviewed_on", "pk"):
        found.setdefault(review.assessment_id, []).append(
            PlanReview(review.reviewed_on, review.get_conclusion_display())
        )
    return found

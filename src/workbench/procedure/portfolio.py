"""The portfolio: every 事務 and 評価書 a user may see, with where its revisions stand and the
deadlines (core rules) counted from the 公表中の版's 公表日."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery

from pia.rules.deadlines import Deadline, DeadlineError, compute_deadlines
from pia.wareki import WarekiError, format_both
from workbench.assessments.access import assessments_for
from workbench.assessments.models import Assessment, Revision, Status, Version
from workbench.procedure import state
from workbench.procedure.register import reviews_for


def last_review_dates(assessment_ids: list[int]) -> dict[int, date]:
    """The latest 見直し of each 評価書, from the sources an app above registers
    (``register.register_review_source``: ``controls`` records them, ADR 0020); the yearly
    deadline counts from it instead of from the 公表日."""
    return {pk: reviews[-1].on for pk, reviews in reviews_for(assessment_ids).items() if reviews}


@dataclass
class PortfolioRow:
    assessment: Assessment
    latest: Version
    working: Revision  # the 改訂案 in progress, else the 公表中の版
    published: Revision | None  # the 公表中の版
    deadlines: list[Deadline] = field(default_factory=list)
    note: str = ""
    procedure: str = ""  # where the current status's procedure stands (意見募集, 第三者点検, 承認)

    @property
    def overdue(self) -> bool:
        return any(d.overdue for d in self.deadlines)

    @property
    def published_on(self) -> date | None:
        return self.published.published_on if self.published is not None else None

    @property
    def published_text(self) -> str:
        if self.published_on is None:
            return ""
        try:
            return format_both(self.published_on)
        except WarekiError:
            return self.published_on.isoformat()

    @property
    def revising(self) -> bool:
        """A 改訂案 is in progress beside the 公表中の版."""
        return self.published is not None and self.working.pk != self.published.pk


def portfolio(user, today: date) -> list[PortfolioRow]:
    assessments = list(
        assessments_for(user).annotate(latest_id=_newest(Version.objects)).order_by("jimu__name", "form", "pk")
    )
    latest = _latest_saves({a.latest_id for a in assessments if a.latest_id})
    revisions = _working_revisions([a.pk for a in assessments])
    reviewed = last_review_dates([a.pk for a in assessments])
    rows = [
        _row(a, latest[a.latest_id], revisions.get(a.pk, {}), today, reviewed.get(a.pk))
        for a in assessments
        if a.latest_id
    ]
    return sorted(rows, key=lambda r: (not r.overdue, r.assessment.jimu.organization.name, r.assessment.jimu.name))


def _newest(versions) -> Subquery:
    """The id of the highest-numbered save of the outer assessment among ``versions``."""
    return Subquery(versions.filter(assessment=OuterRef("pk")).order_by("-number").values("pk")[:1])


def _latest_saves(ids: set[int]) -> dict[int, Version]:
    """The latest saves, without their content."""
    rows = Version.objects.filter(pk__in=ids).select_related("author", "revision").defer("content")
    return {v.pk: v for v in rows}


def _working_revisions(assessment_ids: list[int]) -> dict[int, dict[str, Revision]]:
    """Per 評価書: its 改訂案 in progress (``open``) and its 公表中の版 (``published``), with save counts."""
    current = Q(status=Status.PUBLISHED, superseded_at__isnull=True)
    found = (
        Revision.objects.filter(Q(assessment_id__in=assessment_ids) & (current | ~Q(status=Status.PUBLISHED)))
        .annotate(save_count=Count("saves"))
        .select_related("base")
    )
    result: dict[int, dict[str, Revision]] = {}
    for revision in found:
        result.setdefault(revision.assessment_id, {})["published" if revision.is_published else "open"] = revision
    return result


def _row(
    assessment: Assessment, latest: Version, revisions: dict[str, Revision], today: date, reviewed: date | None = None
) -> PortfolioRow:
    published = revisions.get("published")
    working = revisions.get("open") or published or latest.revision
    row = PortfolioRow(assessment, latest, working, published, procedure=state.progress(latest))
    if published is None or published.published_on is None:
        row.note = "未公表" if published is None else "公表日の記録がありません"
        return row
    try:
        # a 見直し before the publication does not count for the 公表中の版
        since = reviewed if reviewed is not None and reviewed >= published.published_on else None
        row.deadlines = compute_deadlines(published.published_on, today, reviewed=since)
    except DeadlineError as exc:
        row.note = str(exc)
    return row

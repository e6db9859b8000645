"""The portfolio: every 事務 and 評価書 a user may see, with status and deadlines (core rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Subquery

from pia.rules.deadlines import Deadline, DeadlineError, compute_deadlines, publication_date
from pia.wareki import WarekiError, format_both
from workbench.assessments import procedure
from workbench.assessments.access import assessments_for
from workbench.assessments.models import Assessment, Status, Version


@dataclass
class PortfolioRow:
    assessment: Assessment
    latest: Version
    published: Version | None
    published_on: date | None = None
    deadlines: list[Deadline] = field(default_factory=list)
    note: str = ""
    procedure: str = ""  # where the current status's procedure stands (意見募集, 第三者点検, 承認)

    @property
    def overdue(self) -> bool:
        return any(d.overdue for d in self.deadlines)

    @property
    def published_text(self) -> str:
        if self.published_on is None:
            return ""
        try:
            return format_both(self.published_on)
        except WarekiError:
            return self.published_on.isoformat()


def portfolio(user, today: date) -> list[PortfolioRow]:
    assessments = list(
        assessments_for(user)
        .annotate(
            latest_id=_newest(Version.objects), published_id=_newest(Version.objects.filter(status=Status.PUBLISHED))
        )
        .order_by("jimu__name", "form", "pk")
    )
    versions = _versions({a.latest_id for a in assessments} | {a.published_id for a in assessments})
    rows = [_row(a, versions[a.latest_id], versions.get(a.published_id), today) for a in assessments if a.latest_id]
    return sorted(rows, key=lambda r: (not r.overdue, r.assessment.jimu.organization.name, r.assessment.jimu.name))


def _newest(versions) -> Subquery:
    """The id of the highest-numbered version of the outer assessment among ``versions``."""
    return Subquery(versions.filter(assessment=OuterRef("pk")).order_by("-number").values("pk")[:1])


def _versions(ids: set[int | None]) -> dict[int, Version]:
    """The latest and published versions only; content is read for the 公表日 only."""
    wanted = [i for i in ids if i is not None]
    rows = Version.objects.filter(pk__in=wanted).select_related("author").defer("content")
    found = {v.pk: v for v in rows}
    published = [v.pk for v in found.values() if v.status == Status.PUBLISHED]
    contents = dict(Version.objects.filter(pk__in=published).values_list("pk", "content"))
    for pk, content in contents.items():
        found[pk].content = content
    return found


def _row(assessment: Assessment, latest: Version, published: Version | None, today: date) -> PortfolioRow:
    row = PortfolioRow(assessment, latest, published, procedure=procedure.progress(latest))
    if published is None:
        row.note = "未公表"
        return row
    try:
        row.published_on = publication_date(published.content.get("values", {}))
        row.deadlines = compute_deadlines(row.published_on, today)
    except (DeadlineError, WarekiError) as exc:
        row.note = str(exc)
    return row

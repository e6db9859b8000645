"""The 特定個人情報保護評価計画管理書 of one organisation, built from the workbench's 評価書 (ADR 0021).

Each 評価書 is one entry: its 評価書番号 and 評価実施機関名 as the cover of its current document says
(the 公表中の版's save, else the latest save), the 事務, the level (the 評価書's form) and, for a
基礎項目評価書, its しきい値判断結果; every published revision is a step of its history: the first
is the 実施, each later one a 再実施 or a 修正 as the core classifies the change from the previous
公表版 (``pia.changes.diff``); planned are the open 改訂案 and the 再実施 and 見直し deadlines of
``pia.rules.deadlines`` counted from the 公表日 (the 見直し deadline from the last 見直し). The core
checks the 評価書番号 (``pia.plan``).

見直し are recorded by an app above this one (the controls of promised measures): it registers a
source with ``register_review_source(fn)``, ``fn(assessment_ids) -> {assessment id: [PlanReview]}``,
in its ``AppConfig.ready``; ``reviews_for`` merges them (the reminders use it too)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from pia.changes import diff
from pia.document import Document
from pia.document.display import display_value
from pia.document.roles import role_text, role_value
from pia.errors import PiaError
from pia.findings import Finding
from pia.forms.registry import get_form
from pia.plan import PlanEntry, PlanEvent, PlanPlanned, PlanRegister, PlanReview, check_register
from pia.rules.deadlines import compute_deadlines
from workbench.assessments.models import Assessment, Revision, Status, Version

ReviewSource = Callable[[list[int]], Mapping[int, Iterable[PlanReview]]]
_review_sources: list[ReviewSource] = []


def register_review_source(source: ReviewSource) -> None:
    """Add a source of 見直し records (once)."""
    if source not in _review_sources:
        _review_sources.append(source)


def reviews_for(assessment_ids: list[int]) -> dict[int, list[PlanReview]]:
    """The 見直し of each 評価書 from every registered source, by date."""
    found: dict[int, list[PlanReview]] = defaultdict(list)
    for source in _review_sources:
        for pk, reviews in source(assessment_ids).items():
            found[pk].extend(reviews)
    return {pk: sorted(rows, key=lambda r: r.on) for pk, rows in found.items()}


def last_review(reviews: list[PlanReview]) -> date | None:
    return reviews[-1].on if reviews else None


@dataclass(frozen=True)
class OrganizationRegister:
    organization: object
    register: PlanRegister
    findings: list[Finding]
    assessments: dict[str, Assessment]  # by PlanEntry.ref (the 評価書's id)

    def finding_for(self, entry: PlanEntry) -> list[Finding]:
        return [f for f in self.findings if f.path == entry.ref]


def build_register(organization, today: date) -> OrganizationRegister:
    assessments = list(
        Assessment.objects.filter(jimu__organization=organization).select_related("jimu").order_by("jimu__name", "pk")
    )
    revisions: dict[int, list[Revision]] = {}
    for revision in Revision.objects.filter(assessment__in=assessments).order_by("number"):
        revisions.setdefault(revision.assessment_id, []).append(revision)
    documents = _documents(assessments, revisions)
    reviews = reviews_for([a.pk for a in assessments])
    entries: list[PlanEntry] = []
    agencies: Counter[str] = Counter()
    for assessment in assessments:
        document = documents.get(assessment.pk)
        if document is None:
            continue  # a 評価書 without any save has nothing to list yet
        agency = _role(document, "agency")
        if agency:
            agencies[agency] += 1
        history = revisions.get(assessment.pk, [])
        entries.append(_entry(assessment, document, history, documents, reviews.get(assessment.pk, []), today))
    agency = agencies.most_common(1)[0][0] if agencies else str(organization)
    register = PlanRegister(agency, today, tuple(entries))
    return OrganizationRegister(organization, register, check_register(register), {str(a.pk): a for a in assessments})


def _documents(assessments: list[Assessment], revisions: dict[int, list[Revision]]) -> dict:
    """The document of each 評価書's 公表中の版 (else its latest save), and of every 公表版 by save id."""
    wanted: set[int] = set()
    for rows in revisions.values():
        wanted.update(r.published_version_id for r in rows if r.published_version_id)
    latest: dict[int, int] = {}
    for assessment_id, pk in (
        Version.objects.filter(assessment__in=assessments)
        .order_by("assessment_id", "number")
        .values_list("assessment_id", "pk")
    ):
        latest[assessment_id] = pk  # the last save of each wins
    found: dict = {("save", v.pk): v.document() for v in Version.objects.filter(pk__in=wanted | set(latest.values()))}
    for assessment in assessments:
        current = next((r for r in revisions.get(assessment.pk, []) if r.is_current and r.published_version_id), None)
        if current is not None:
            found[assessment.pk] = found[("save", current.published_version_id)]
        elif assessment.pk in latest:
            found[assessment.pk] = found[("save", latest[assessment.pk])]
    return found


def _role(document: Document, role: str) -> str:
    try:
        return role_text(document, role)
    except PiaError:
        return ""


def _threshold(document: Document) -> str:
    try:
        template = get_form(document.form, document.edition)
        item = template.item_for_role("threshold_result")
        value = role_value(document, "threshold_result", template)
    except PiaError:
        return ""
    return display_value(item, value) if item is not None and value not in (None, "", []) else ""


def _entry(
    assessment: Assessment,
    document: Document,
    revisions: list[Revision],
    documents: dict,
    reviews: list[PlanReview],
    today: date,
) -> PlanEntry:
    events, previous = [], None
    published = [r for r in revisions if r.status == Status.PUBLISHED]
    for revision in published:
        current = documents.get(("save", revision.published_version_id))
        kind = "実施" if previous is None else _kind(previous, current)
        events.append(PlanEvent(kind, revision.submitted_on, revision.published_on))
        previous = current
    planned = []
    open_revision = next((r for r in revisions if r.status != Status.PUBLISHED), None)
    if open_revision is not None:
        what = "改訂案を作成中" if open_revision.base_id else "評価書案を作成中"
        planned.append(PlanPlanned(what, None, f"({open_revision.get_status_display()})"))
    current = next((r for r in published if r.is_current), None)
    if current is not None and current.published_on is not None:
        try:
            for deadline in compute_deadlines(current.published_on, today, reviewed=last_review(reviews)):
                planned.append(
                    PlanPlanned(deadline.label, deadline.due, "期限を過ぎています" if deadline.overdue else "")
                )
        except PiaError:
            pass
    return PlanEntry(
        number=_role(document, "number"),
        title=_role(document, "name") or assessment.title,
        jimu=assessment.jimu.name,
        level=assessment.level_label,
        threshold=_threshold(document),
        events=tuple(events),
        reviews=tuple(reviews),
        planned=tuple(planned),
        ref=str(assessment.pk),
    )


def _kind(old: Document | None, new: Document | None) -> str:
    """再実施 when the change from the previous 公表版 holds a 重要な変更, else 修正."""
    if old is None or new is None:
        return "修正"
    try:
        return "再実施" if diff(old, new).verdict == "reassessment" else "修正"
    except PiaError:
        return "修正"

"""What the 意見募集 and 点検・承認 records mean for a version's workflow.

Two things, both read from the records rather than typed twice:

- **Gates.** A status may only be left once its procedure has happened: 意見聴取 needs a
  registered 意見募集; leaving it needs the period to be over and every 意見 to have the body's
  answer; leaving 第三者点検 needs a closed round with its 点検結果; for 行政機関等 (where the
  procedure has the commission's 承認) 提出済 needs the approval recorded on that exact version.
- **Values from the records.** Blank items that record a procedure's outcome are filled from the
  records in the document that is checked, rendered, packaged and published (the stored version
  itself never changes): the 意見募集 period, the 第三者点検 date and result, and the approval's
  application date and the cover's 承認日. A different 承認日 typed in the document blocks the
  step until it is corrected. Until a step has happened, the items recording it are not
  required (``pending_steps``; ``records`` in the form data).

Consultations and 第三者点検 rounds count when they are on this save or an earlier save of the
same revision (改訂案, ADR 0005): a draft saved again after the comments or the review needs no
second consultation (unless the later changes are 重要な変更: the gate asks for a decision), and
the records of an earlier round (the 公表版's 意見募集 and 点検) never count for this one. The
commission's approval counts only on the exact save approved.

**The gate** (``release_findings``) is the core's ``pia.changes.gate`` fed with this round's
records: before 第三者点検, submission and publication.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from pia.changes.gate import PUBLICATION_DATE, RoundRecords, Stage
from pia.changes.gate import release_findings as release_gate
from pia.document import Document, ElementPath, label_path
from pia.document.values import is_filled
from pia.findings import Finding
from pia.forms import FormTemplate, get_form
from pia.wareki import WarekiError, format_wareki, parse_date
from workbench import clock
from workbench.assessments.models import Status, Version
from workbench.assessments.revisions import baseline
from workbench.assessments.workflow import procedure_steps
from workbench.consultation.models import Consultation
from workbench.consultation.running import open_consultation_until
from workbench.reviews.models import Kind, ReviewRound

APPROVED_ON = "approval.approved_on"  # the record field of the cover's 承認日 (filled_from in the form data)


def needs_commission_approval(version: Version) -> bool:
    assessment = version.assessment
    return "approval" in procedure_steps(assessment.form, assessment.organization.body_type)


def same_or_earlier(version: Version) -> dict[str, object]:
    """Filter for records on this save or an earlier save of the same revision (this round)."""
    return {"version__revision_id": version.revision_id, "version__number__lte": version.number}


def latest_consultation(version: Version) -> Consultation | None:
    return Consultation.objects.filter(**same_or_earlier(version)).order_by("-version__number", "-id").first()


def latest_review(version: Version) -> ReviewRound | None:
    return (
        ReviewRound.objects.filter(kind=Kind.THIRD_PARTY, **same_or_earlier(version))
        .order_by("-version__number", "-started_at", "-id")
        .first()
    )


def approval_round(version: Version) -> ReviewRound | None:
    """The closed commission approval of exactly this version, if recorded."""
    return (
        ReviewRound.objects.filter(version=version, kind=Kind.APPROVAL, closed_at__isnull=False)
        .exclude(approved_on=None)
        .order_by("-closed_at")
        .first()
    )


def template_of(version: Version) -> FormTemplate:
    return get_form(str(version.content.get("form")), str(version.content.get("edition")))


def publication_item(version: Version) -> str | None:
    """The item of the cover's 公表日 in the save's form edition (``role: publication_date``)."""
    item = template_of(version).item_for_role("publication_date")
    return item.id if item is not None else None


def written_publication_date(version: Version) -> date | None:
    """The 公表日 written on the save's cover, if it is a date."""
    item_id = publication_item(version)
    raw = version.content.get("values", {}).get(item_id) if item_id else None
    try:
        return parse_date(str(raw)) if raw else None
    except WarekiError:
        return None


def record_fields(version: Version) -> dict[str, object]:
    """What the records supply, by record field (``pia.forms.model.RECORD_FIELDS``): the 意見募集
    period and its shortening reason, the 第三者点検 date and result, and for 行政機関等 the
    application date, approval date and result of the commission's approval."""
    fields: dict[str, object] = {}
    consultation = latest_consultation(version)
    if consultation is not None:
        period = {"start": consultation.opens_on.isoformat(), "end": consultation.closes_on.isoformat()}
        fields["consultation.period"] = period
        if consultation.short_reason:
            fields["consultation.short_reason"] = consultation.short_reason
    review = latest_review(version)
    if review is not None and review.closed_at is not None:
        fields["third_party_review.date"] = clock.local(review.closed_at).date().isoformat()
        if review.result:
            fields["third_party_review.result"] = review.result
    approval = approval_round(version) if needs_commission_approval(version) else None
    if approval is not None and approval.approved_on is not None:
        fields[APPROVED_ON] = approval.approved_on.isoformat()
        if approval.applied_on is not None:
            fields["approval.applied_on"] = approval.applied_on.isoformat()
        if approval.result:
            fields["approval.result"] = approval.result
    revision = version.revision
    if revision.is_published and revision.published_on is not None:
        fields[PUBLICATION_DATE] = revision.published_on.isoformat()
    return fields


def recorded_values(version: Version) -> dict[str, object]:
    """The same by item id, for the items the version's form edition receives them in
    (``filled_from`` in the form data)."""
    template = template_of(version)
    values = {}
    for field, value in record_fields(version).items():
        item_id = template.item_filled_from(field)
        if item_id is not None:
            values[item_id] = value
    return values


def fill_from_records(version: Version) -> tuple[Document, list[str]]:
    """The version's document with the recorded values filled in where it is blank (what is
    checked, rendered, packaged and published; the stored version never changes), and the
    paths it filled."""
    document = version.document()
    filled = []
    for path, value in recorded_values(version).items():
        if not is_filled(document.values.get(path)):
            document.values[path] = value
            filled.append(path)
    return document, filled


def effective_document(version: Version) -> Document:
    return fill_from_records(version)[0]


def filled_labels(document: Document, paths: list[str]) -> list[str]:
    """Printed labels of filled paths (shown on the 評価書 page)."""
    template = get_form(document.form, document.edition)
    return [label_path(document, template, ElementPath.parse(path)) for path in paths]


# Procedure steps whose outcome is not known yet when a version reaches a status: the items
# that record them (``records`` in the form data) are not required at that transition.
_PENDING_AT: dict[str, frozenset[str]] = {
    Status.THIRD_PARTY_REVIEW: frozenset({"third_party_review", "approval", "publication"}),
    Status.APPROVAL_REQUEST: frozenset({"approval", "publication"}),
    Status.SUBMITTED: frozenset({"publication"}),
    Status.PUBLISHED: frozenset(),
}
_ALL_PENDING = frozenset({"consultation", "third_party_review", "approval", "publication"})


def pending_steps(target: str) -> frozenset[str]:
    return _PENDING_AT.get(target, _ALL_PENDING)


def gate_reasons(version: Version, source: str, target: str) -> list[str]:
    """Why the step ``source`` → ``target`` cannot be taken yet (empty when it can). Returning to
    作成中 is never gated."""
    if target == Status.DRAFT:
        return []
    reasons: list[str] = []
    if target == Status.CONSULTATION:
        reasons += _consultation_registered(version)
    if source == Status.CONSULTATION:
        reasons += _consultation_finished(version)
    if source == Status.THIRD_PARTY_REVIEW:
        reasons += _review_finished(version)
    if target == Status.SUBMITTED and needs_commission_approval(version):
        reasons += _approval_recorded(version)
    return reasons


def _consultation_registered(version: Version) -> list[str]:
    if latest_consultation(version) is None:
        return [
            f"{version.revision.kind_label}の意見募集が登録されていません。"
            "「意見募集を始める」から期間と問合せ先を登録してください。"
        ]
    return []


def _consultation_finished(version: Version) -> list[str]:
    consultation = latest_consultation(version)
    if consultation is None:
        return ["意見募集の記録がありません。"]
    reasons = []
    if clock.today() <= consultation.closes_on:
        reasons.append(
            f"意見募集の期間中です({format_wareki(consultation.closes_on)}まで)。期間が終わってから進めてください。"
        )
    _, unanswered = _comment_counts(consultation)
    if unanswered:
        reasons.append(f"考え方(回答)が未記入の意見が{unanswered}件あります。すべての意見に回答を記入してください。")
    return reasons


def _review_finished(version: Version) -> list[str]:
    review = latest_review(version)
    if review is None:
        return ["第三者点検が行われていません。「第三者点検・承認を始める」から点検を行い、結果を記録してください。"]
    if not review.closed:
        return [
            f"{review.version.label}についての第三者点検が終了していません。指摘に対応し、点検結果を記録してください。"
        ]
    return []


def _approval_recorded(version: Version) -> list[str]:
    approval = approval_round(version)
    if approval is None or approval.approved_on is None:
        return [
            f"{version.label}について、個人情報保護委員会の承認日が記録されていません(点検・承認の画面で記録します)。"
        ]
    item = template_of(version).item_for_role("approval_date")
    typed = version.content.get("values", {}).get(item.id) if item is not None else None
    if typed:
        try:
            day = parse_date(str(typed))
        except WarekiError:
            day = None
        if day != approval.approved_on:
            return [
                f"表紙の承認日({typed})が、記録された承認日({format_wareki(approval.approved_on)})と異なります。"
                "表紙の承認日を空欄にするか、記録と同じ日にしてください。"
            ]
    return []


def progress(version: Version) -> str:
    """Where the procedure of the version's current status stands, in one line for the
    portfolio (empty for statuses without a procedure record)."""
    status = version.revision.status
    if status == Status.CONSULTATION:
        return _consultation_progress(latest_consultation(version))
    if status == Status.THIRD_PARTY_REVIEW:
        return _review_progress(latest_review(version))
    if status == Status.APPROVAL_REQUEST and needs_commission_approval(version):
        approval = approval_round(version)
        if approval is not None and approval.approved_on is not None:
            return f"委員会の承認:{format_wareki(approval.approved_on)}"
        return "委員会の承認待ち"
    return ""


def _consultation_progress(consultation: Consultation | None) -> str:
    if consultation is None:
        return "意見募集が登録されていません"
    total, unanswered = _comment_counts(consultation)
    text = f"意見募集 {consultation.state().label}({format_wareki(consultation.closes_on)}まで)・意見{total}件"
    return text + (f"(未回答{unanswered}件)" if unanswered else "")


def _review_progress(review: ReviewRound | None) -> str:
    if review is None:
        return "第三者点検が始まっていません"
    if review.closed:
        return "第三者点検 終了(結果を記録済み)"
    counts = review.remarks.aggregate(total=Count("pk"), open=Count("pk", filter=Q(resolved=False)))
    total, open_remarks = counts["total"], counts["open"]
    return f"第三者点検 実施中・指摘{total}件" + (f"(未対応{open_remarks}件)" if open_remarks else "")


def _comment_counts(consultation: Consultation) -> tuple[int, int]:
    """All comments and those without an answer, in one query."""
    counts = consultation.comments.aggregate(total=Count("pk"), unanswered=Count("pk", filter=Q(answer="")))
    return counts["total"], counts["unanswered"]


# --- the gate (pia.changes.gate) fed with this round's records ----------------------------------

_STAGES = {
    Status.THIRD_PARTY_REVIEW: Stage.REVIEW,
    Status.APPROVAL_REQUEST: Stage.REVIEW,
    Status.SUBMITTED: Stage.SUBMIT,
    Status.PUBLISHED: Stage.PUBLISH,
}


def stage_of(target: str) -> Stage | None:
    return _STAGES.get(Status(target))


def release_findings(version: Version, target: str, *, publication_date: date | None = None) -> list[Finding]:
    """The core's gate before the step to ``target`` (none for other steps)."""
    stage = stage_of(target)
    if stage is None:
        return []
    base = baseline(version)
    records = round_records(version, publication_date=publication_date)
    return release_gate(base.document() if base else None, version.document(), records, stage, today=clock.today())


def round_records(version: Version, *, publication_date: date | None = None) -> RoundRecords:
    """This round's records as the core's gate reads them."""
    revision = version.revision
    consulted, label = consulted_text(version)
    submitted = revision.submitted_version
    return RoundRecords(
        values=record_fields(version),
        consultation_open_until=open_consultation_until(version),
        consulted=consulted,
        consulted_label=label,
        review_open=ReviewRound.objects.filter(closed_at__isnull=True, **same_or_earlier(version)).exists(),
        submitted=submitted.document() if submitted is not None else None,
        submitted_label=submitted.label if submitted is not None else "",
        submitted_on=revision.submitted_on,
        publication_date=publication_date,
    )


def consulted_text(version: Version) -> tuple[Document | None, str]:
    """The text the round's latest 意見募集 was about — or, when the body recorded a reason to go on
    despite 重要な変更 made after it, the save the reason was recorded on — and its name."""
    consultation = latest_consultation(version)
    if consultation is None:
        return None, ""
    decided = consultation.proceed_version
    if decided is not None and decided.number <= version.number:
        return decided.document(), f"{decided.label}(理由を記録した時点の記載)"
    return consultation.version.document(), f"意見募集を行った{consultation.version.label}"

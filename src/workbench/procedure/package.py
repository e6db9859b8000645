"""提出用一式 (ZIP) of a version for the commission: the files are rendered by the core
(``pia.render``, ``pia.changes``) and packed by ``pia.package`` with manifest.json and 目録.txt.

Contents, in this order, each only when it exists:
the full 評価書 PDF and XLSX (the submitted edition: 非公表 items are NOT withheld), the 変更箇所
(別添3) XLSX and the 赤字 PDF against the 公表版 the revision revises (ADR 0005), the 「意見の概要と
市の考え方」 of the latest consultation of this round with published results (PDF, and the same
rows as CSV for data), and the latest closed 第三者点検 / 委員会の承認 round of this round (PDF:
result, remarks and answers). What is left out is said in the manifest's notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pia.changes import diff
from pia.changes.rows import change_rows
from pia.package import PackageEntry, PackageInfo, package_bytes
from pia.render import change_rows_xlsx_bytes, pdf_bytes, xlsx_form_bytes
from pia.render.spreadsheet import csv_text
from workbench import clock
from workbench.assessments.attachments import print_model_for
from workbench.assessments.downloads import XLSX
from workbench.assessments.models import Status, Version
from workbench.assessments.revisions import baseline, edition_name, span_name
from workbench.consultation.models import Consultation
from workbench.consultation.results import result_groups, results_pdf
from workbench.procedure import state
from workbench.responses import safe_name
from workbench.reviews.models import ReviewRound
from workbench.reviews.report import review_pdf

PACKAGE_STATUSES = (Status.APPROVAL_REQUEST, Status.SUBMITTED, Status.PUBLISHED)
TITLE = "提出用一式"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class SubmissionPackage:
    filename: str
    data: bytes
    entries: list[PackageEntry]


def package_allowed(version: Version) -> bool:
    """A revision in 承認申請, 提出済 or 公表, for the save the step is bound to: the latest save of
    the 改訂案, the save submitted, or the save published."""
    revision = version.revision
    if revision.status not in PACKAGE_STATUSES:
        return False
    bound = {revision.submitted_version_id, revision.published_version_id}
    return version.pk in bound or (not revision.is_published and version == version.assessment.latest_version())


def build_package(version: Version, created_at: datetime | None = None) -> SubmissionPackage:
    """Render every file and pack them. Raises the core's RenderError/DiffError/PackageError."""
    created_at = clock.local(created_at or clock.now()).replace(microsecond=0)
    assessment = version.assessment
    entries, notes = _entries(version, created_at)
    info = PackageInfo(
        title=TITLE,
        organization=assessment.organization.name,
        assessment_title=assessment.title,
        form=assessment.form,
        version=version.number,
        created_at=created_at,
        edition=assessment.edition,
        status=Status(version.revision.status).label,
        revision=edition_name(version),
        notes=tuple(notes),
    )
    name = f"{TITLE}_{assessment.pk}_{safe_name(edition_name(version))}_{version.label}.zip"
    return SubmissionPackage(name, package_bytes(info, entries), entries)


def _entries(version: Version, created_at: datetime) -> tuple[list[PackageEntry], list[str]]:
    document, n = state.effective_document(version), safe_name(edition_name(version))
    files: list[tuple[str, str, str, bytes]] = []  # (name without its number, description, type, data)
    notes: list[str] = []
    full = f"評価書 {n}(全文・非公表の項目を含む提出用。{version.label}"
    model = print_model_for(version.assessment, document)
    files.append((f"{_document_name(n)}.pdf", f"{full})", PDF, pdf_bytes(model)))
    files.append((f"{_document_name(n)}.xlsx", f"{full}、Excel(様式))", XLSX, xlsx_form_bytes(model)))
    published = baseline(version)
    if published is not None:
        old, span = published.document(), safe_name(span_name(published, version))
        table = change_rows_xlsx_bytes(change_rows(diff(old, document), old, document, created_at.date()))
        files.append((f"変更箇所_{span}.xlsx", f"(別添3)変更箇所 {span}", XLSX, table))
        red = pdf_bytes(print_model_for(version.assessment, document, previous=old))
        files.append((f"評価書_赤字_{span}.pdf", f"評価書 {n}({span}の変更箇所を赤字)", PDF, red))
    else:
        notes.append("公表済みの版がない(最初の評価書の)ため、変更箇所(別添3)と赤字版は含みません。")
    consultation = latest_consultation(version)
    if consultation is not None:
        c = consultation.version.label
        about = f"{c}に対する意見募集「{consultation.title}」の結果"
        pdf = results_pdf(consultation)
        title = consultation.organization.results_title
        files.append((f"{title}_{c}.pdf", f"{title}({about})", PDF, pdf))
        data = consultation_results_csv(consultation)
        files.append((f"意見募集の結果_{c}.csv", f"意見の概要と考え方(CSV、データ用。{about})", CSV, data))
    else:
        notes.append("結果を公表した意見募集がないため、意見募集の結果は含みません。")
    round_ = latest_round(version)
    if round_ is not None:
        kind, r = round_.get_kind_display(), round_.version.label
        files.append((f"{kind}の結果_{r}.pdf", f"{kind}の結果と指摘・回答({r})", PDF, review_pdf(round_)))
    else:
        notes.append("終了した第三者点検・承認の記録がないため、その結果は含みません。")
    entries = [PackageEntry(f"{i:02d}_{name}", desc, kind, data) for i, (name, desc, kind, data) in enumerate(files, 1)]
    return entries, notes


def _document_name(edition: str) -> str:
    """評価書_改訂案, 評価書_公表中の版(令和3年3月31日); a 評価書 never published: 評価書(案)."""
    return "評価書(案)" if edition == "評価書案" else f"評価書_{edition}"


def latest_consultation(version: Version) -> Consultation | None:
    """The consultation of this round with published results: on this save, else the latest earlier one."""
    found = Consultation.objects.filter(results_published_at__isnull=False, **state.same_or_earlier(version))
    found = found.select_related("version", "version__assessment", "organization")
    return found.order_by("-version__number", "-closes_on", "-pk").first()


def latest_round(version: Version) -> ReviewRound | None:
    """The closed 第三者点検 / 承認 round of this round: on this save, else the latest earlier one."""
    found = ReviewRound.objects.filter(closed_at__isnull=False, **state.same_or_earlier(version))
    found = found.select_related("version", "version__assessment", "organization")
    return found.order_by("-version__number", "-closed_at", "-pk").first()


def consultation_results_csv(consultation: Consultation) -> bytes:
    """「意見の概要と考え方」 as CSV (UTF-8 with BOM for Excel): masked text only, no submitters."""
    rows: list[list[object]] = [["番号", "該当箇所", "意見の概要", "考え方", "案の修正"]]
    for group in result_groups(consultation):
        for row in group.rows:
            rows.append([row.number, group.label, row.body, row.answer, "有" if row.draft_changed else "無"])
    return csv_text(rows).encode("utf-8-sig")  # CRLF line ends; formula-like fields marked as text

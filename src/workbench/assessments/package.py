"""提出用一式 (ZIP) of a version for the commission: the files are rendered by the core
(``pia.render``, ``pia.changes``) and packed by ``pia.package`` with manifest.json and 目録.txt.

Contents, in this order, each only when it exists:
the full 評価書 PDF and XLSX (the submitted edition: 非公表 items are NOT withheld), the 変更箇所
(別添3) XLSX and the 赤字 PDF against the parent version, the 「意見の概要と市の考え方」 of the
latest consultation with published results on this version or an earlier one of the 評価書 (PDF,
and the same rows as CSV for data), and the latest closed 第三者点検 / 委員会の承認 round on this
version or an earlier one (PDF: result, remarks and answers). What is left out is said in the
manifest's notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from pia.changes import diff
from pia.changes.rows import change_rows
from pia.package import PackageEntry, PackageInfo, package_bytes
from pia.render import change_rows_xlsx_bytes, pdf_bytes, print_model, xlsx_bytes
from pia.render.spreadsheet import csv_text
from workbench.assessments import procedure
from workbench.assessments.downloads import XLSX
from workbench.assessments.models import Status, Version
from workbench.consultation.models import Consultation
from workbench.consultation.results import result_groups, results_pdf
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
    return version.status in PACKAGE_STATUSES


def build_package(version: Version, created_at: datetime | None = None) -> SubmissionPackage:
    """Render every file and pack them. Raises the core's RenderError/DiffError/PackageError."""
    created_at = timezone.localtime(created_at or timezone.now()).replace(microsecond=0)
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
        status=Status(version.status).label,
        notes=tuple(notes),
    )
    name = f"{TITLE}_{assessment.pk}_第{version.number}版.zip"
    return SubmissionPackage(name, package_bytes(info, entries), entries)


def _entries(version: Version, created_at: datetime) -> tuple[list[PackageEntry], list[str]]:
    document, n = procedure.effective_document(version), version.number
    files: list[tuple[str, str, str, bytes]] = []  # (name without its number, description, type, data)
    notes: list[str] = []
    full = f"評価書 第{n}版(全文・非公表の項目を含む提出用"
    model = print_model(document)
    files.append((f"評価書_第{n}版.pdf", f"{full})", PDF, pdf_bytes(model)))
    files.append((f"評価書_第{n}版.xlsx", f"{full}、Excel)", XLSX, xlsx_bytes(model)))
    parent = version.parent
    if parent is not None:
        old, p = parent.document(), parent.number
        table = change_rows_xlsx_bytes(change_rows(diff(old, document), old, document, created_at.date()))
        files.append((f"変更箇所_第{p}版から第{n}版.xlsx", f"(別添3)変更箇所 第{p}版→第{n}版", XLSX, table))
        red = pdf_bytes(print_model(document, previous=old))
        files.append((f"評価書_赤字_第{p}版から第{n}版.pdf", f"評価書 第{n}版(第{p}版からの変更箇所を赤字)", PDF, red))
    else:
        notes.append("最初の版のため、変更箇所(別添3)と赤字版は含みません。")
    consultation = latest_consultation(version)
    if consultation is not None:
        c = consultation.version.number
        about = f"第{c}版に対する意見募集「{consultation.title}」の結果"
        pdf = results_pdf(consultation)
        title = consultation.organization.results_title
        files.append((f"{title}_第{c}版.pdf", f"{title}({about})", PDF, pdf))
        data = consultation_results_csv(consultation)
        files.append((f"意見募集の結果_第{c}版.csv", f"意見の概要と考え方(CSV、データ用。{about})", CSV, data))
    else:
        notes.append("結果を公表した意見募集がないため、意見募集の結果は含みません。")
    round_ = latest_round(version)
    if round_ is not None:
        kind, r = round_.get_kind_display(), round_.version.number
        files.append((f"{kind}の結果_第{r}版.pdf", f"{kind}の結果と指摘・回答(第{r}版)", PDF, review_pdf(round_)))
    else:
        notes.append("終了した第三者点検・承認の記録がないため、その結果は含みません。")
    entries = [PackageEntry(f"{i:02d}_{name}", desc, kind, data) for i, (name, desc, kind, data) in enumerate(files, 1)]
    return entries, notes


def latest_consultation(version: Version) -> Consultation | None:
    """The consultation with published results on this version, else on the latest earlier one."""
    found = Consultation.objects.filter(results_published_at__isnull=False, **procedure.same_or_earlier(version))
    found = found.select_related("version", "version__assessment", "organization")
    return found.order_by("-version__number", "-closes_on", "-pk").first()


def latest_round(version: Version) -> ReviewRound | None:
    """The closed 第三者点検 / 承認 round on this version, else on the latest earlier one."""
    found = ReviewRound.objects.filter(closed_at__isnull=False, **procedure.same_or_earlier(version))
    found = found.select_related("version", "version__assessment", "organization")
    return found.order_by("-version__number", "-closed_at", "-pk").first()


def consultation_results_csv(consultation: Consultation) -> bytes:
    """「意見の概要と考え方」 as CSV (UTF-8 with BOM for Excel): masked text only, no submitters."""
    rows: list[list[object]] = [["番号", "該当箇所", "意見の概要", "考え方", "案の修正"]]
    for group in result_groups(consultation):
        for row in group.rows:
            rows.append([row.number, group.label, row.body, row.answer, "有" if row.draft_changed else "無"])
    return csv_text(rows).encode("utf-8-sig")  # CRLF line ends; formula-like fields marked as text

"""The 点検結果 of a 第三者点検 / 委員会の承認 round as PDF (``pia.render.results``): title block
(organisation, 評価書 and version, kind, dates in 和暦, result), then every remark with the full
printed label of its place (「Ⅱ … (2) 本人確認情報ファイル › … › 委託事項2 › ⑧再委託の許諾方法」),
answer and state. An open round is marked 「点検中」."""

from __future__ import annotations

from datetime import date, datetime

from pia.forms.model import FORM_KIND_LABELS
from pia.render.results import Column, MetaRow, RowGroup, TableReport, report_pdf_bytes
from pia.wareki import format_wareki
from workbench import clock
from workbench.assessments.sections import place_label
from workbench.reviews.models import Kind, ReviewRound

COLUMNS = (
    Column("番号", 7, "center"),
    Column("該当箇所", 32),
    Column("指摘", 30),
    Column("回答", 30),
    Column("対応状況", 12, "center"),
)
OPEN = "点検中"
NOT_GIVEN = "(記載なし)"


def _day(value: date | datetime | None) -> str:
    if value is None:
        return NOT_GIVEN
    if isinstance(value, datetime):
        value = clock.local(value).date()
    return format_wareki(value)  # a printed report: 和暦 only, as the forms print dates


def review_report(round_: ReviewRound) -> TableReport:
    version = round_.version
    assessment = version.assessment
    kind = round_.get_kind_display()
    meta = [
        MetaRow("実施機関", round_.organization.name),
        MetaRow("評価書", f"{assessment.title} {version.label}"),
        MetaRow("評価書の種類", FORM_KIND_LABELS.get(assessment.form, assessment.form)),
        MetaRow("種類", kind),
        MetaRow("開始日", _day(round_.started_at)),
        MetaRow("終了日", _day(round_.closed_at) if round_.closed else OPEN),
    ]
    if round_.kind == Kind.APPROVAL:
        meta.append(MetaRow("承認の申請日", _day(round_.applied_on)))
        meta.append(MetaRow("承認日", _day(round_.approved_on)))
    else:
        meta.append(MetaRow("点検結果", round_.result or (OPEN if not round_.closed else NOT_GIVEN)))
    document = version.document()
    remarks = list(round_.remarks.order_by("pk"))
    rows = tuple(
        (
            str(number),
            place_label(document, remark.path, full=True),
            remark.text,
            remark.answer or "(回答なし)",
            "対応済み" if remark.resolved else "未対応",
        )
        for number, remark in enumerate(remarks, start=1)
    )
    return TableReport(
        title=f"{kind}の結果",
        header=f"{round_.organization.name} {assessment.title} {version.label}",
        columns=COLUMNS,
        groups=(RowGroup("", rows),),
        meta=tuple(meta),
        status="" if round_.closed else OPEN,
        section=f"指摘と回答({len(remarks)}件)",
        empty="指摘はありませんでした。",
    )


def review_pdf(round_: ReviewRound) -> bytes:
    """RenderError when typst fails."""
    return report_pdf_bytes(review_report(round_))

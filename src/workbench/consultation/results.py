"""「意見の概要と市の考え方」: comments grouped by item, masked, without any personal data.

``result_groups`` feeds the public page; ``results_report`` the PDF (``pia.render.results``).
Only masked text, answers and counts leave here: never a submitter's name, address or contact.
"""

from __future__ import annotations

from dataclasses import dataclass

from pia.forms import item_label
from pia.render.results import Column, MetaRow, RowGroup, TableReport, report_pdf_bytes
from pia.wareki import format_wareki
from workbench import clock
from workbench.assessments.sections import version_item_choices
from workbench.consultation.models import Comment, Consultation


def columns(consultation: Consultation) -> tuple[Column, ...]:
    return (
        Column("番号", 7, "center"),
        Column("意見の概要", 42),
        Column(consultation.organization.answer_label, 42),
        Column("案の修正", 11, "center"),
    )


UNPUBLISHED = "未公表"


@dataclass(frozen=True)
class ResultRow:
    number: int
    body: str  # masked
    answer: str
    draft_changed: bool


@dataclass(frozen=True)
class ResultGroup:
    label: str
    rows: list[ResultRow]


def result_groups(consultation: Consultation) -> list[ResultGroup]:
    """Groups in the printed order of the form (「全般」 first). Only masked text leaves here."""
    choices = version_item_choices(consultation.version)
    order = {key: n for n, (key, _) in enumerate(choices)}
    comments = sorted(consultation.comments.all(), key=lambda c: (order.get(c.item_key, len(order)), c.receipt))
    groups: dict[str, ResultGroup] = {}
    for number, comment in enumerate(comments, start=1):
        label = item_label(choices, comment.item_key)
        group = groups.setdefault(label, ResultGroup(label, []))
        group.rows.append(ResultRow(number, comment.masked_body(), comment.answer, comment.draft_changed))
    return list(groups.values())


def submitter_count(comments: list[Comment]) -> int:
    """Distinct submitters (same name, address, phone and e-mail); a purged or anonymous comment
    counts as one (two anonymous comments cannot be told to be one person's)."""
    keys = {
        (c.receipt,)
        if c.purged or c.anonymous
        else tuple(" ".join(v.split()) for v in (c.name, c.address, c.phone, c.email))
        for c in comments
    }
    return len(keys)


def printed_period(consultation: Consultation) -> str:
    """The period as the printed report gives it, in 和暦 only."""
    return f"{format_wareki(consultation.opens_on)}から{format_wareki(consultation.closes_on)}まで"


def results_report(consultation: Consultation) -> TableReport:
    """The PDF's content: title block, then the groups of :func:`result_groups`.

    Before publication (staff preview) the report carries the badge 「未公表」."""
    version = consultation.version
    comments = list(consultation.comments.all())
    meta = [
        MetaRow("案件名", consultation.title),
        MetaRow("実施機関", consultation.organization.name),
        MetaRow("評価書", f"{version.assessment.title} {version.label}"),
        MetaRow("意見募集の期間", printed_period(consultation)),
        MetaRow("提出者数・意見数", f"{submitter_count(comments)}人(団体を含む)・{len(comments)}件"),
    ]
    if consultation.results_published_at is not None:
        published = clock.local(consultation.results_published_at).date()
        meta.append(MetaRow("結果の公表日", format_wareki(published)))
    groups = tuple(
        RowGroup(
            g.label,
            tuple((str(r.number), r.body, r.answer or "(未記入)", "有" if r.draft_changed else "無") for r in g.rows),
        )
        for g in result_groups(consultation)
    )
    return TableReport(
        title=consultation.organization.results_title,
        header=f"{consultation.organization.name} {consultation.title}",
        columns=columns(consultation),
        groups=groups,
        meta=tuple(meta),
        status="" if consultation.results_published_at is not None else UNPUBLISHED,
        section=f"該当箇所ごとの意見と{consultation.organization.answer_label}",
        empty="提出された意見はありませんでした。",
        notes=("意見は該当箇所ごとに評価書の順に並べ、個人を特定できる記載は「＊＊＊」に置き換えています。",),
    )


def results_pdf(consultation: Consultation) -> bytes:
    """The 「意見の概要と市の考え方」 PDF (RenderError when typst fails)."""
    return report_pdf_bytes(results_report(consultation))

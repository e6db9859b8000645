"""「意見の概要と市の考え方」: comments grouped by item, masked, without any personal data."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.consultation.models import Consultation
from workbench.consultation.sections import item_choices, item_label


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
    choices = item_choices(consultation.version.document())
    order = {key: n for n, (key, _) in enumerate(choices)}
    comments = sorted(consultation.comments.all(), key=lambda c: (order.get(c.item_key, len(order)), c.receipt))
    groups: dict[str, ResultGroup] = {}
    for number, comment in enumerate(comments, start=1):
        label = item_label(choices, comment.item_key)
        group = groups.setdefault(label, ResultGroup(label, []))
        group.rows.append(ResultRow(number, comment.masked_body(), comment.answer, comment.draft_changed))
    return list(groups.values())

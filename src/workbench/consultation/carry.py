"""What a new 意見募集 takes over from the previous one of the same 評価書 (Assessment).

* On the open form (pre-filled, the staff may change them): 目的, 問合せ先・提出方法, 見出しの表示
  and 欄外の注記 (``carried_inputs``).
* On opening (``carry_over``), the 概要版's reworded parts that still fit:
  - the schedule's 内容 texts per procedure step (e.g. 「第三者点検(…審議会…)の実施」), never
    its 時期: the dates are planned from the new period. Whole rows edited freely are taken
    over as texts when they still have the planned shape, else not at all;
  - 5. 問合せ先 as reworded, when the 問合せ先・提出方法 is the previous one's (it was pre-filled
    and left as it was);
  - 3. 主な修正箇所 as reworded, only when the generated sentence is the same for both, that is
    when the paragraph describes the same changes (another revision changes other items).
"""

from __future__ import annotations

from typing import Any

from pia.errors import PiaError
from workbench.assessments.models import Assessment
from workbench.consultation.documents import summary_texts
from workbench.consultation.models import Consultation
from workbench.consultation.summary_texts import rows_of, texts_of

CARRIED_INPUTS = ("purpose", "contact", "badge", "header_note")
CARRIED_LABELS = {"schedule_texts": "日程の内容", "summary_contact": "問合せ先", "changes_intro": "主な修正箇所"}


def previous_consultation(assessment: Assessment, *, before: Consultation | None = None) -> Consultation | None:
    """The latest 意見募集 of the 評価書 (by its start), other than ``before``."""
    found = Consultation.objects.filter(version__assessment=assessment).select_related("version")
    if before is not None:
        found = found.exclude(pk=before.pk)
    return found.order_by("-opens_on", "-created_at", "-id").first()


def carried_inputs(previous: Consultation) -> dict[str, str]:
    """The open form's initial values from the previous 意見募集."""
    return {name: getattr(previous, name) for name in CARRIED_INPUTS}


def _step_texts(previous: Consultation) -> dict[str, str]:
    if previous.schedule_texts:
        return dict(previous.schedule_texts)
    if not previous.schedule_rows:
        return {}
    try:
        planned = summary_texts(previous).planned
    except PiaError:
        return {}
    return texts_of(planned, rows_of(previous.schedule_rows), same_when=False) or {}


def _same_changes(previous: Consultation, consultation: Consultation) -> bool:
    try:
        return summary_texts(previous).generated_intro == summary_texts(consultation).generated_intro
    except PiaError:
        return False


def carry_over(previous: Consultation, consultation: Consultation) -> list[str]:
    """Set the fitting reworded parts of ``previous`` on the new ``consultation`` (saved); returns
    the names of the fields taken over."""
    carried: dict[str, Any] = {}
    texts = _step_texts(previous)
    if texts:
        carried["schedule_texts"] = texts
    if previous.summary_contact and previous.contact.strip() == consultation.contact.strip():
        carried["summary_contact"] = previous.summary_contact
    if previous.changes_intro and _same_changes(previous, consultation):
        carried["changes_intro"] = previous.changes_intro
    for name, value in carried.items():
        setattr(consultation, name, value)
    if carried:
        consultation.save(update_fields=sorted(carried))
    return sorted(carried)

"""The 意見募集 that have not ended, and what the editor says about them."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from workbench import clock
from workbench.assessments.models import Version
from workbench.consultation.models import Consultation


def _not_ended(**scope: object) -> QuerySet[Consultation]:
    """The 意見募集 (planned or 募集中, not a past record) in ``scope`` that have not ended."""
    return Consultation.objects.filter(closes_on__gte=clock.today(), past_record=False, **scope)


def running_consultations(version: Version) -> list[Consultation]:
    """The 意見募集 of the save's round that have not ended."""
    found = _not_ended(version__revision_id=version.revision_id)
    return list(found.select_related("version").order_by("opens_on", "pk"))


def open_consultation_until(version: Version) -> date | None:
    """The last day of a 意見募集 on the 評価書 that has not ended yet (any round), if any."""
    running = _not_ended(version__assessment_id=version.assessment_id)
    return running.order_by("-closes_on").values_list("closes_on", flat=True).first()


def editor_notices(version: Version) -> list[str]:
    """For the editor: which save the citizens of a running 意見募集 are commenting on."""
    return [
        f"意見募集「{c.title}」が{c.state().label}です。市民が意見を述べているのは{c.version.label}の内容で、"
        "ここで保存しても意見募集の内容は変わりません。"
        for c in running_consultations(version)
    ]

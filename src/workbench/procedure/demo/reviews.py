"""Demo 第三者点検: a round on version 2 of the seed 住基 全項目評価書 (the draft out for comments)
with the demo's 第三者点検委員 ``tenken`` assigned, so that person sees that 評価書 and can write
remarks (and sees no other 評価書 of 熊本市, ADR 0010). Idempotent."""

from __future__ import annotations

from workbench.assessments.models import Assessment
from workbench.reviews import actions
from workbench.reviews.models import ReviewRound

REMARK = "委託先への立入検査の頻度を、Ⅲ4の措置に具体的に書いてください。【デモ】"


def load_reviews(author, reviewer, report) -> None:
    assessment = (
        Assessment.objects.filter(jimu__organization__name="熊本市", form="full", versions__number=2)
        .order_by("pk")
        .first()
    )
    if assessment is None:
        return
    version = assessment.versions.get(number=2)
    if ReviewRound.objects.filter(version=version).exists():
        return
    round_ = actions.start_round(version, [reviewer], user=author)
    actions.add_remark(round_, "III", REMARK, user=reviewer)
    report.created.append(f"第三者点検 {assessment.title} 第2版(担当 {reviewer.get_username()})")

"""Demo 意見募集 on the seed 住基 全項目評価書: an open one on the 改訂案 (save 2, from today, the
rules' minimum period; opening it puts the 改訂案 in 意見聴取) and, as a record imported from
before the workbench, a closed one on the 公表版 (save 1) with published results. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from pia.rules.comment_period import default_comment_period
from workbench import clock
from workbench.assessments.models import Assessment, Status
from workbench.audit.actions import record
from workbench.consultation import actions
from workbench.consultation.models import Comment, Consultation
from workbench.procedure import consultations as procedure_consultations
from workbench.procedure.actions import seed_status

CONTACT = "熊本市 政策局 情報政策課\n電話 096-328-2111(平日8時30分から17時15分)\n窓口・郵送・ファクスでも提出できます。"
# 1. 目的 of the seed's 概要版 (as in examples/jumin-kihon-daicho-summary.yaml)
PURPOSE = (
    "本市では、市民の利便性向上及びマイナンバーカード事務の効率化を目的として、令和8年（2026年）4月から"
    "マイナンバーカード交付関係事務に関する新しい業務委託を実施いたします。\n\n"
    "当業務委託については、特定個人情報等を取り扱う委託内容となっておりますので、"
    "特定個人情報保護評価を再実施するものです。\n\n"
    "今回、住民基本台帳に関する事務の特定個人情報保護評価の再実施につき、広く市民の皆様の意見を求めます。"
)
# 4. スケジュール of the seed's 概要版: the body's own wording of two planned steps (the dates follow the period)
SCHEDULE_TEXTS = {
    "third_party_review": "第三者点検（熊本市情報公開・個人情報保護審議会内の特定個人情報保護評価専門部会）の実施",
    "publication": "熊本市のホームページ上で公開",
}
OPEN_TITLE = "住民基本台帳に関する事務 全項目評価書(案)【デモ】"
CLOSED_TITLE = "住民基本台帳に関する事務 全項目評価書(前回)【デモ】"
PAST_COMMENTS: tuple[tuple[str, str, str, bool, list[str]], ...] = (
    ("I", "事務の内容が分かりやすく書かれていると思います。", "ご意見ありがとうございます。", False, []),
    (
        "III",
        "委託先の監督について、私(熊本一郎、電話090-0000-0000)の経験では立入検査が必要です。",
        "委託先への立入検査を年1回行うことを追記しました。",
        True,
        ["熊本一郎", "090-0000-0000"],
    ),
    ("", "評価書の公表を続けてください。", "今後も市のホームページで公表します。", False, []),
)


def load_consultations(author, manager, report) -> None:
    """``author`` answers the comments; ``manager`` (管理者) opens the 意見募集 (the workflow step)."""
    assessment = (
        Assessment.objects.filter(jimu__organization__name="熊本市", form="full", versions__number=2)
        .order_by("pk")
        .first()
    )
    if assessment is None:
        return
    today = clock.today()
    if not Consultation.objects.filter(title=OPEN_TITLE).exists():
        start, end = default_comment_period(today)
        version = assessment.versions.get(number=2)
        if version.revision.status == Status.DRAFT:  # 内部確認 done before the demo starts
            seed_status(version, Status.INTERNAL_REVIEW)
        opened = procedure_consultations.open_consultation(
            version, opens_on=start, closes_on=end, contact=CONTACT, purpose=PURPOSE, title=OPEN_TITLE, user=manager
        )
        Consultation.objects.filter(pk=opened.pk).update(schedule_texts=SCHEDULE_TEXTS)  # as edited by staff
        report.created.append(f"意見募集 {OPEN_TITLE}")
    if not Consultation.objects.filter(title=CLOSED_TITLE).exists():
        _past(author, assessment, today)
        report.created.append(f"意見募集 {CLOSED_TITLE}(結果公表済み)")


def _past(author, assessment: Assessment, today) -> None:
    """The 公表版's 意見募集, imported as it was held (the workflow's gate does not apply to the
    records of an earlier round): audited as an import."""
    start = today - timedelta(days=180)
    _, end = default_comment_period(start)
    version = assessment.versions.get(number=1)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            version=version,
            organization=assessment.organization,
            title=CLOSED_TITLE,
            opens_on=start,
            closes_on=end,
            contact=CONTACT,
            purpose=PURPOSE,
            created_by=author,
        )
        record(
            None,
            "consultation.open",
            organization=consultation.organization,
            obj=consultation,
            version_number=version.number,
            details={"opens_on": start.isoformat(), "closes_on": end.isoformat(), "username": "load_demo"},
        )
        for n, (item, body, answer, changed, masks) in enumerate(PAST_COMMENTS, start=1):
            comment = Comment.objects.create(
                consultation=consultation,
                receipt=f"D{start.year}-{n:04d}",  # outside the public numbering
                name=f"デモ提出者{n}",
                address="熊本市中央区(デモ)",
                phone="096-000-0000",
                item=item,
                body=body,
            )
            record(
                None,
                "consultation.comment",
                organization=consultation.organization,
                obj=comment,
                details={"username": "load_demo", "consultation": consultation.pk},
            )
            actions.update_comment(comment, tag=item, answer=answer, draft_changed=changed, masks=masks, user=author)
        actions.publish_results(consultation, user=author)

from django.apps import AppConfig

AUDIT_LABELS = {
    "consultation.open": "意見募集の開始",
    "consultation.comment": "意見の受付",
    "consultation.summary": "概要版の入力の変更",
    "consultation.contact_settings": "意見の提出フォームの設定の変更",
    "consultation.extend": "意見募集の期間の延長",
    "consultation.receipt_mail": "受付メールの送信",
    "consultation.answer": "意見の整理・考え方の記入",
    "consultation.mask": "意見の本文の個人情報を伏せる(公表前の確認)",
    "consultation.publish": "意見募集の結果の公表",
    "consultation.purge": "意見提出者の個人情報の消去",
    "consultation.proceed": "意見募集後の重要な変更についての判断(理由)の記録",
}


class ConsultationConfig(AppConfig):
    name = "workbench.consultation"
    verbose_name = "意見募集(パブリックコメント)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workbench.assessments import notices
        from workbench.audit.models import ACTION_LABELS
        from workbench.consultation.running import editor_notices

        ACTION_LABELS.update(AUDIT_LABELS)
        notices.register(editor_notices)

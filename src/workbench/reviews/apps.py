from django.apps import AppConfig

AUDIT_LABELS = {
    "review.start": "第三者点検・承認の開始",
    "review.remark": "点検の指摘",
    "review.answer": "指摘への回答",
    "review.close": "点検結果・承認の記録",
    "review.reviewers": "担当の第三者点検委員の変更",
}


class ReviewsConfig(AppConfig):
    name = "workbench.reviews"
    verbose_name = "第三者点検・承認"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workbench.audit.models import ACTION_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)

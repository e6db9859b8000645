from django.apps import AppConfig

AUDIT_LABELS = {
    "intake.upload": "評価書ファイルの取り込み",
    "intake.assign": "取り込んだテキストの追記",
    "intake.discard": "取り込んだテキストの破棄",
    "intake.register": "取り込んだ評価書の公表版としての登録",
    "intake.cancel": "取り込みの取消",
}


class IntakeConfig(AppConfig):
    """取り込み: existing 評価書 in (ADR 0015). Above procedure (registering a 公表版 is a step of
    the procedure), beside publication."""

    name = "workbench.intake"
    verbose_name = "評価書の取り込み"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workbench.audit.models import ACTION_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)

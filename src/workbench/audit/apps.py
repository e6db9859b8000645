from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "workbench.audit"
    verbose_name = "監査ログ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workbench.audit import signals  # noqa: F401  (connects the receivers)

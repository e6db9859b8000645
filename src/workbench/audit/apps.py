from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "workbench.audit"
    verbose_name = "監査ログ"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig

AUDIT_LABELS = {"files.store": "ファイルの保存"}


class FilesConfig(AppConfig):
    """Stored files (ADR 0019): evidence and 申請書 attachments kept through Django's storage API,
    checked by content, served only to the owning organisation. Just above ``organizations``, so
    the 委託先 register and the apps to come (controls, their evidence) can keep files."""

    name = "workbench.files"
    verbose_name = "ファイル"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workbench.audit.models import ACTION_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)

from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "workbench.organizations"
    verbose_name = "団体と利用者"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workbench.organizations import signals  # noqa: F401  (connects the login receivers)

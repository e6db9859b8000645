from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "workbench.publication"
    verbose_name = "評価書の公表"
    default_auto_field = "django.db.models.BigAutoField"

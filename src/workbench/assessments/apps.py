from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "workbench.assessments"
    verbose_name = "事務と評価書"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class ProcedureConfig(AppConfig):
    """What spans the whole procedure of a 評価書 (ADR 0013): above assessments, consultation and
    reviews, below publication. No models of its own."""

    name = "workbench.procedure"
    verbose_name = "手続"

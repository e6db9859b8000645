from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search (ADR 0022): the index of every 評価書's 公表版 and 改訂案, kept up to date
    by signals on the saves and revisions of ``assessments`` (below this app), and the search page."""

    name = "workbench.search"
    verbose_name = "検索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workbench.search import signals

        signals.connect()

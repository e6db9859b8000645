"""``python -m workbench rebuild_search_index``: the search index made again from every 評価書."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from workbench.search.index import rebuild


class Command(BaseCommand):
    help = "検索索引を、すべての評価書(公表中の版と改訂案)から作り直します。"

    def handle(self, *args, **options) -> None:
        assessments, rows = rebuild()
        self.stdout.write(f"検索索引を作り直しました:評価書{assessments}件、項目{rows}件。")

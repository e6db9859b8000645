"""``python -m workbench load_demo``: the demo organisations, people and 評価書 (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from workbench.procedure.demo import USERS, load_demo


class Command(BaseCommand):
    help = "デモ用の団体・利用者・評価書を読み込みます(何度実行しても重複しません)。"

    def handle(self, *args, **options) -> None:
        report = load_demo()
        for line in report.created:
            self.stdout.write(f"作成: {line}")
        for line in report.skipped:
            self.stderr.write(f"読み込めませんでした: {line}")
        if not report.created:
            self.stdout.write("デモデータは読み込み済みです(新たに作成したものはありません)。")
        self.stdout.write("\nログインできる利用者(パスワードはすべて共通):")
        for username, (org, _, label) in USERS.items():
            self.stdout.write(f"  {username:8} {org} {label}")
        self.stdout.write(f"  パスワード: {report.password}")

"""``python -m workbench send_reminders [--date YYYY-MM-DD] [--dry-run]``: the daily digest.

Run once a day from cron (docs/architecture/workbench.md); running it twice sends nothing new."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from workbench import clock
from workbench.reminders.actions import send_reminders


class Command(BaseCommand):
    help = "期限・意見募集・第三者点検・委託契約のお知らせを、担当の利用者ごとに1通のメールで送ります。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="この日付で判定する(YYYY-MM-DD、既定は今日)")
        parser.add_argument("--dry-run", action="store_true", help="送らずに、送る件数だけを表示する")

    def handle(self, *args, **options) -> None:
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else clock.today()
        except ValueError:
            raise CommandError(f"日付「{options['date']}」は YYYY-MM-DD で指定してください。") from None
        report = send_reminders(today, dry_run=options["dry_run"])
        head = "送信予定(--dry-run、何も送っていません)" if options["dry_run"] else "送信"
        if not report.mailed and not report.no_address and not report.failed:
            self.stdout.write(f"{today.isoformat()}: 新しいお知らせはありません。")
        for name, count in sorted(report.mailed.items()):
            self.stdout.write(f"{head}: {name} {count}件")
        for name in report.no_address:
            self.stdout.write(f"メールアドレスなし(画面のお知らせにのみ記録): {name}")
        for name, error in sorted(report.failed.items()):
            self.stderr.write(f"送信できませんでした: {name}: {error}(次回の実行で再送します)")
        if report.failed:
            raise CommandError("送信できなかったお知らせがあります。")

"""``python -m workbench verify_audit``: check the hash chain of the audit trail (ADR 0009).

Exit 0 when every link holds; 1 with the first broken link (its number, the event's id and time
and what is wrong), in Japanese."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import closing

from django.core.management.base import BaseCommand

from workbench.audit import chain
from workbench.audit.models import AuditChainHead, AuditEvent
from workbench.dates import wareki


def _events() -> Generator[AuditEvent, None, None]:
    yield from AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)


class Command(BaseCommand):
    help = "監査ログのハッシュ連鎖を検査し、最初に途切れている箇所を報告します。"

    def handle(self, *args, **options) -> None:
        head = AuditChainHead.objects.filter(pk=1).first()
        with closing(_events()) as events:  # closed while the connection is open, even when broken early
            result = chain.verify(events, head)
        if result.broken is None:
            self.stdout.write(f"監査ログの連鎖を確認しました:{result.checked:,}件、改ざんは見つかりませんでした。")
            return
        broken = result.broken
        where = f"第{broken.seq:,}件"
        if broken.event_id is not None:
            where += f"(ID {broken.event_id}、{wareki(broken.at)})"
        self.stderr.write(
            f"監査ログの連鎖が{where}で途切れています:{broken.reason}"
            f"それより前の{result.checked:,}件は連鎖が保たれています。"
        )
        raise SystemExit(1)  # not CommandError: its English class name would precede the message

"""Cost of the audit hash chain (ADR 0009): one ``record()`` (head locked by an UPDATE, hash,
insert, head updated) against a baseline measured in the same run, the plain insert of the same
event in its own transaction; and ``verify_audit``'s speed over the trail.

Scratch SQLite database in a temporary ``var/``; ``python benchmarks/audit.py postgres://…/pia_bench``
for PostgreSQL (a throwaway database whose name contains bench: audit rows cannot be deleted
there). Target: record() <= 3 x baseline."""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

RUNS = 400
TRAIL = 5000
TARGET_RATIO = 3.0


def median_ms(func: Callable[[], object], runs: int = RUNS) -> float:
    func()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main(argv: list[str]) -> int:
    os.environ.pop("DATABASE_URL", None)
    if argv:
        if not re.search(r"(^|_)bench(_|$)", argv[0].rsplit("/", 1)[-1]):
            print("PostgreSQL では、名前に bench を _ で区切って含む使い捨てのデータベースを指定してください。")
            return 2
        os.environ["DATABASE_URL"] = argv[0]
    with tempfile.TemporaryDirectory(prefix="pia-audit-bench-") as var:
        os.environ["PIA_VAR_DIR"] = var
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.utils import timezone

        from workbench.audit import chain
        from workbench.audit.actions import record
        from workbench.audit.models import AuditChainHead, AuditEvent

        call_command("migrate", verbosity=0)
        fake = iter(range(10**9, 2 * 10**9))

        def plain() -> None:
            with transaction.atomic():
                AuditEvent(
                    at=timezone.now(), action="bench.plain", details={"n": 1}, seq=next(fake), previous_hash="", hash=""
                ).save(force_insert=True)

        def chained() -> None:
            record(None, "bench.chained", details={"n": 1, "username": "bench"})

        baseline = median_ms(plain)
        cost = median_ms(chained)
        for _ in range(TRAIL - AuditEvent.objects.filter(action="bench.chained").count()):
            chained()
        # the baseline's rows sit outside the chain (they never took the head): verify the chained ones
        events = AuditEvent.objects.filter(action="bench.chained").order_by("seq")
        start = time.perf_counter()
        result = chain.verify(events.iterator(chunk_size=2000), AuditChainHead.objects.get(pk=1))
        seconds = time.perf_counter() - start
        print(f"database: {connection.vendor}")
        print(f"record_chained_median_ms: {cost:.3f}")
        print(f"baseline_plain_insert_median_ms: {baseline:.3f}")
        print(f"ratio_vs_plain_insert: {cost / baseline:.2f} (target <= {TARGET_RATIO:.0f})")
        rate = result.checked / seconds
        print(f"verify_events_per_s: {rate:,.0f} ({result.checked:,} events, broken: {result.broken})")
        return 0 if result.broken is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

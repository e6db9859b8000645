"""Cost of a save through the action (ADR 0013): ``save_version`` of a one-item edit of the
38-page demo 全項目評価書 (role check, the 評価書's lock, no-change check, the format gate that
now lives in the action, the audit event) against a baseline measured in the same run, the
plain insert of the same save (``create_next_save`` in its own transaction). Also printed: the
format gate alone (the draft-level validation of the document).

Scratch SQLite database in a temporary ``var/``. Target: save_version <= 10 x baseline."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RUNS = 60
TARGET_RATIO = 10.0
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "jumin-kihon-daicho-v2.yaml"


def median_ms(func: Callable[[], object], runs: int = RUNS) -> float:
    func()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    os.environ.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory(prefix="pia-save-bench-") as var:
        os.environ["PIA_VAR_DIR"] = var
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
        import django

        django.setup()
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.db import transaction

        from pia.document import load_document
        from pia.findings import Level
        from pia.rules.validation import check
        from workbench.assessments import actions
        from workbench.assessments.models import Assessment
        from workbench.organizations.models import Membership, Organization, Role

        call_command("migrate", verbosity=0)
        organization = Organization.objects.create(name="熊本市", body_type="local")
        author = User.objects.create(username="bench")
        Membership.objects.create(user=author, organization=organization, role=Role.AUTHOR)
        jimu = actions.create_jimu(organization, "住民基本台帳に関する事務", user=author)
        document = load_document(EXAMPLE)
        assessment = actions.create_assessment(jimu, "full", "住基", document, user=author)
        counter = iter(range(10**9))

        def edited():
            document.values["cover.name"] = f"住民基本台帳に関する事務 全項目評価書 {next(counter)}"
            return document

        def through_action() -> None:
            latest = assessment.versions.latest("number")
            actions.save_version(assessment, edited(), latest.number, user=author)

        def plain() -> None:
            with transaction.atomic():
                locked = Assessment.objects.get(pk=assessment.pk)
                latest = locked.versions.latest("number")
                actions.create_next_save(locked, latest.revision, latest, edited(), author, "")

        baseline = median_ms(plain)
        saved = median_ms(through_action)
        gate = median_ms(lambda: check(document, Level.DRAFT))
    ratio = saved / baseline
    print(f"save_version (one-item edit, 38 pages): median {saved:.1f} ms")
    print(f"baseline (the plain insert of the save): median {baseline:.1f} ms")
    print(f"the format gate alone (draft-level check): median {gate:.1f} ms")
    print(f"ratio save_version/baseline: {ratio:.2f} (target <= {TARGET_RATIO:.0f})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())

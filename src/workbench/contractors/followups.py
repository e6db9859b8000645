"""The register's follow-ups on the dashboard (``procedure.followups``): each 委託契約 still 予定
— the 評価書 says 「未定(…)」 — with its expected date, overdue once that date has passed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from workbench.contractors.access import contracts_for
from workbench.contractors.models import ContractStatus
from workbench.procedure.followups import FollowUp

KIND = "委託先の未定"


def planned_contracts(user: object, today: date) -> Iterator[FollowUp]:
    for contract in contracts_for(user).filter(status=ContractStatus.PLANNED).order_by("expected_on", "pk"):
        said = f"(評価書の記載:{contract.expected_text})" if contract.expected_text else ""
        yield FollowUp(
            KIND,
            f"委託契約「{contract.name}」の委託先が未定です{said}",
            reverse("contract_detail", args=[contract.pk]),
            due=contract.expected_on,
            overdue=contract.expected_on is not None and contract.expected_on < today,
        )

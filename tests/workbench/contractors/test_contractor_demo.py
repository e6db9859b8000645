"""熊本市's demo 委託先: the 住基 全項目評価書's 委託事項 imported, the センター委託 予定 for
令和8年3月, one 委託先 with 法人番号 and ISMS under a signed contract; idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from pia.contractors import validate_corporate_number
from workbench.contractors.models import Contract, ContractLink, Contractor, ContractStatus
from workbench.procedure.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    return load_demo()


def test_the_center_entrustment_is_planned_for_march_2026(demo):
    center = ContractLink.objects.get(element_path="II.file[#honnin].4.itaku[#card-center]").contract
    assert (center.status, center.contractor, center.expected_on, center.expected.describe()) == (
        ContractStatus.PLANNED,
        None,
        date(2026, 3, 31),
        "令和8年3月頃",
    )


def test_the_signed_contract_has_a_valid_number_and_isms(demo):
    contractor = Contractor.objects.exclude(corporate_number="").get()
    assert validate_corporate_number(contractor.corporate_number) == contractor.corporate_number
    assert [c.kind for c in contractor.certifications.all()] == ["isms"]
    contract = Contract.objects.get(contractor=contractor)
    assert (contract.status, contract.starts_on, contract.links.count()) == (ContractStatus.SIGNED, date(2025, 4, 1), 1)


def test_every_entrustment_of_the_demo_assessment_is_linked_once(demo):
    assert ContractLink.objects.count() == 4
    assert Contractor.objects.filter(organization__name="熊本市").count() == 3  # one matched by the import
    assert any("委託先台帳" in line for line in demo.created)


def test_loading_twice_creates_no_contractor_contract_or_link(demo):
    counts = (Contractor.objects.count(), Contract.objects.count(), ContractLink.objects.count())
    again = load_demo()
    assert (Contractor.objects.count(), Contract.objects.count(), ContractLink.objects.count()) == counts
    assert again.created == []

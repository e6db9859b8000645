"""The actions of the 委託先 register: 委託先 with their 法人番号 and certifications, 委託契約 with
their term and status, links to 委託事項; roles, refusals and the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import example
from django.core.exceptions import PermissionDenied

from pia.contractors import entrustments
from workbench.assessments.actions import create_assessment
from workbench.audit.models import AuditEvent
from workbench.concurrency import StaleEditError, fingerprint
from workbench.contractors import actions
from workbench.contractors.actions import ContractFields, ContractorFields, RegisterRefused
from workbench.contractors.models import Certification, Contract, ContractLink, Contractor, ContractStatus

pytestmark = pytest.mark.django_db

NTA = "7000012050002"


@pytest.fixture
def contractor(org, people):
    return actions.create_contractor(org, ContractorFields("株式会社肥後システムサービス", NTA), user=people["author"])


@pytest.fixture
def contract(org, people, contractor):
    fields = ContractFields("既存住基システムの運用保守業務", contractor, date(2025, 4, 1), date(2026, 3, 31))
    return actions.create_contract(org, fields, user=people["author"])


def test_a_contractor_is_stored_with_its_normalised_number_and_audited(org, people):
    created = actions.create_contractor(
        org, ContractorFields(" 株式会社肥後システムサービス ", "７０００－０１２０－５０００２"), user=people["author"]
    )
    assert (created.name, created.corporate_number, created.name_key) == (
        "株式会社肥後システムサービス",
        NTA,
        "肥後システムサービス",
    )
    event = AuditEvent.objects.get(action="contractors.contractor_create")
    assert (event.organization, event.details["corporate_number"]) == (org, NTA)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("8000012050002", "法人番号の検査用数字(先頭の1桁)が合いません"),
        ("70000120500", "法人番号は13桁の数字です(入力は11桁です)。"),
    ],
)
def test_an_invalid_number_is_refused_at_its_field(org, people, number, message):
    with pytest.raises(RegisterRefused) as refused:
        actions.create_contractor(org, ContractorFields("株式会社A", number), user=people["author"])
    assert (refused.value.field, message in str(refused.value)) == ("corporate_number", True)
    assert not Contractor.objects.exists()


def test_a_duplicate_number_names_the_contractor_that_has_it(org, people, contractor):
    with pytest.raises(RegisterRefused) as refused:
        actions.create_contractor(org, ContractorFields("株式会社B", "7-0000-1205-0002"), user=people["author"])
    assert "すでに委託先「株式会社肥後システムサービス」の法人番号として登録されています" in str(refused.value)
    assert Contractor.objects.count() == 1


def test_the_same_number_in_another_organisation_is_fine(other_org, outsider, contractor):
    other = actions.create_contractor(other_org, ContractorFields("株式会社肥後システムサービス", NTA), user=outsider)
    assert other.organization == other_org


def test_contractors_without_a_number_do_not_clash(org, people):
    for name in ("株式会社A", "株式会社B"):
        actions.create_contractor(org, ContractorFields(name), user=people["author"])
    assert Contractor.objects.filter(corporate_number="").count() == 2


@pytest.mark.parametrize("role", ["viewer", "approver", "reviewer"])
def test_only_editors_write(org, people, role, contractor, contract):
    user = people[role]
    with pytest.raises(PermissionDenied):
        actions.create_contractor(org, ContractorFields("株式会社C"), user=user)
    with pytest.raises(PermissionDenied):
        actions.set_status(contract, ContractStatus.SIGNED, user=user)
    with pytest.raises(PermissionDenied):
        actions.edit_contractor(contractor, ContractorFields("株式会社D"), user=user)


def test_another_organisations_admin_cannot_write_here(org, outsider, contractor):
    with pytest.raises(PermissionDenied):
        actions.create_contractor(org, ContractorFields("株式会社C"), user=outsider)
    with pytest.raises(PermissionDenied):
        actions.add_certification(contractor, "isms", user=outsider)


def test_an_edit_keeps_before_and_after_in_the_audit(people, contractor):
    fields = ContractorFields("株式会社肥後システムサービス", NTA, address="熊本市中央区")
    actions.edit_contractor(
        contractor, fields, user=people["admin"], seen=fingerprint(actions.contractor_values(contractor))
    )
    event = AuditEvent.objects.get(action="contractors.contractor_edit")
    assert event.details["before"] == {"address": ""}
    assert event.details["after"] == {"address": "熊本市中央区"}


def test_a_stale_edit_is_refused_and_changes_nothing(people, contractor):
    seen = fingerprint(actions.contractor_values(contractor))
    actions.edit_contractor(
        contractor, ContractorFields("株式会社肥後システムサービス", NTA, phone="096-1"), user=people["admin"]
    )
    with pytest.raises(StaleEditError):
        actions.edit_contractor(
            contractor,
            ContractorFields("株式会社肥後システムサービス", NTA, phone="096-2"),
            user=people["author"],
            seen=seen,
        )
    contractor.refresh_from_db()
    assert contractor.phone == "096-1"


def test_certifications_are_added_and_removed(people, contractor):
    certification = actions.add_certification(
        contractor, "isms", number="IS 000001", expires_on=date(2027, 3, 31), user=people["author"]
    )
    assert certification.label == "ISMS(ISO/IEC 27001)"
    actions.remove_certification(certification, user=people["author"])
    assert not Certification.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="contractors.certification_").count() == 2


def test_an_other_certification_needs_its_name(people, contractor):
    with pytest.raises(RegisterRefused) as refused:
        actions.add_certification(contractor, "other", user=people["author"])
    assert refused.value.field == "name"


def test_a_term_ending_before_it_starts_is_refused(org, people, contractor):
    fields = ContractFields("保守", contractor, date(2026, 4, 1), date(2026, 3, 31))
    with pytest.raises(RegisterRefused) as refused:
        actions.create_contract(org, fields, user=people["author"])
    assert str(refused.value) == "「契約期間の終わり」(令和8年3月31日)が「契約期間の始まり」(令和8年4月1日)より前です。"
    assert refused.value.field == "ends_on"
    assert not Contract.objects.exists()


def test_a_one_day_term_is_fine(org, people):
    contract = actions.create_contract(
        org, ContractFields("一日", None, date(2026, 4, 1), date(2026, 4, 1)), user=people["author"]
    )
    assert contract.status == ContractStatus.PLANNED


def test_status_moves_planned_signed_ended(people, contract):
    for target in (ContractStatus.SIGNED, ContractStatus.ENDED):
        contract = actions.set_status(contract, target, user=people["author"])
    assert contract.status == ContractStatus.ENDED
    events = AuditEvent.objects.filter(action="contractors.contract_status").order_by("seq")
    assert [e.details["after"]["status"] for e in events] == ["契約済", "終了"]


@pytest.mark.parametrize(
    ("path", "target", "message"),
    [
        (
            (ContractStatus.SIGNED,),
            ContractStatus.PLANNED,
            "「契約済」の委託契約を「予定」にはできません(変更できる状態: 「終了」)。",
        ),
        (
            (ContractStatus.SIGNED, ContractStatus.ENDED),
            ContractStatus.SIGNED,
            "「終了」の委託契約を「契約済」にはできません(変更できる状態: ありません)。",
        ),
        ((), ContractStatus.PLANNED, "「予定」の委託契約を「予定」にはできません"),
    ],
)
def test_forbidden_transitions_are_refused(people, contract, path, target, message):
    for step in path:
        contract = actions.set_status(contract, step, user=people["author"])
    with pytest.raises(RegisterRefused) as refused:
        actions.set_status(contract, target, user=people["author"])
    assert message in str(refused.value)
    contract.refresh_from_db()
    assert contract.status == (path[-1] if path else ContractStatus.PLANNED)


def test_an_undecided_contract_cannot_be_signed(org, people):
    contract = actions.create_contract(org, ContractFields("センター委託"), user=people["author"])
    with pytest.raises(RegisterRefused) as refused:
        actions.set_status(contract, ContractStatus.SIGNED, user=people["author"])
    assert "委託先が未定のため「契約済」にできません" in str(refused.value)


def test_a_contract_links_to_entrustments_of_several_assessments(org, people, contract, assessment, jimu):
    focused = create_assessment(
        jimu, "focused", "児童手当 重点項目評価書", example("jido-teate-focused.yaml"), user=people["author"]
    )
    actions.link(contract, assessment, "II.file[#jumin].4.itaku[#kizon-hoshu]", user=people["author"])
    path = entrustments(focused.versions.get().document())[0].path
    actions.link(contract, focused, path, user=people["author"])
    links = ContractLink.objects.filter(contract=contract).order_by("pk")
    assert [(link.assessment.title, link.item_name) for link in links] == [
        ("住基 全項目評価書", "既存住基システムの運用保守業務"),
        ("児童手当 重点項目評価書", "児童手当システムの運用保守業務"),
    ]
    assert links[0].contractor_text == "株式会社肥後システムサービス"


def test_linking_twice_or_to_a_missing_entrustment_is_refused(people, contract, assessment):
    path = "II.file[#jumin].4.itaku[#kizon-hoshu]"
    actions.link(contract, assessment, path, user=people["author"])
    with pytest.raises(RegisterRefused, match="すでにこの委託契約に紐付いています"):
        actions.link(contract, assessment, path, user=people["author"])
    with pytest.raises(RegisterRefused, match="最新の保存にありません"):
        actions.link(contract, assessment, "II.file[#jumin].4.itaku[#nothing]", user=people["author"])


def test_another_organisations_assessment_cannot_be_linked(people, contract, other_assessment):
    with pytest.raises(RegisterRefused, match="この団体の評価書から選んでください"):
        actions.link(contract, other_assessment, "II.file[#x].4.itaku[#y]", user=people["author"])


def test_unlinking_is_audited(people, contract, assessment):
    created = actions.link(contract, assessment, "II.file[#jumin].4.itaku[#kizon-hoshu]", user=people["author"])
    actions.unlink(created, user=people["author"])
    assert not ContractLink.objects.exists()
    event = AuditEvent.objects.get(action="contractors.unlink")
    assert event.details["element_path"] == "II.file[#jumin].4.itaku[#kizon-hoshu]"

"""The register proposes the edit of ⑥委託先名 to a 評価書 that still says 未定 once the contract is
signed: the text now, the 委託先's name and the core's classification; applied only when a user
confirms it, as an ordinary save of the 改訂案 (a colleague's save meanwhile is refused)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pia.document import ElementPath, get_value
from pia.forms import get_form
from workbench.assessments.actions import ConflictError, save_version
from workbench.audit.models import AuditEvent
from workbench.contractors import actions
from workbench.contractors.models import Contract, ContractLink, Contractor, ContractStatus
from workbench.contractors.proposals import accept_proposal, proposals_for

pytestmark = pytest.mark.django_db

CENTER = "II.file[#honnin].4.itaku[#card-center]"
NAME = "株式会社くまもとセンター運営"


@pytest.fixture
def signed(assessment, people, org):
    """The seed's センター委託 read into the register, then signed with its new 委託先."""
    actions.import_from_assessment(assessment, user=people["author"])
    contract = ContractLink.objects.get(element_path=CENTER).contract
    contract.contractor = Contractor.objects.create(organization=org, name=NAME)
    contract.status = ContractStatus.SIGNED
    contract.save()
    return contract


def _contractor_name(assessment) -> str:
    document = assessment.versions.latest("number").document()
    template = get_form(document.form, document.edition)
    return get_value(document, template, ElementPath.parse(f"{CENTER}.6"))


def test_a_signed_contract_proposes_the_name_for_the_mitei_entry_as_a_correction(signed, assessment):
    (proposal,) = proposals_for(signed)
    assert proposal.before == "未定(令和8年3月頃契約締結予定)"
    assert proposal.after == NAME
    assert proposal.path == f"{CENTER}.6"
    assert "委託先名" in proposal.label
    assert "委託事項2" in proposal.label
    assert proposal.verdict == "修正"  # the core's classification (a 未定 委託先名 filled in)
    assert proposal.base == assessment.versions.latest("number").number


def test_nothing_is_proposed_for_a_planned_contract_or_a_name_already_written(assessment, people, signed):
    planned = Contract.objects.filter(status=ContractStatus.PLANNED).first()
    assert planned is None or proposals_for(planned) == []
    others = Contract.objects.exclude(pk=signed.pk).filter(status=ContractStatus.SIGNED)
    assert [proposals_for(c) for c in others] == [[] for _ in others]  # their 評価書 already names them


def test_confirming_saves_the_edit_as_a_save_of_the_revision_and_audits_it(signed, assessment, people):
    before = assessment.versions.count()
    (proposal,) = proposals_for(signed)
    version = accept_proposal(signed, proposal.link.pk, proposal.base, user=people["author"])
    assert assessment.versions.count() == before + 1
    assert version.note == f"委託先台帳から委託先名を更新({NAME})"
    assert _contractor_name(assessment) == NAME
    link = ContractLink.objects.get(pk=proposal.link.pk)
    assert (link.contractor_text, link.version_number) == (NAME, version.number)
    event = AuditEvent.objects.filter(action="contractors.propose").get()
    assert event.details["before"] == "未定(令和8年3月頃契約締結予定)"
    assert proposals_for(signed) == []  # done: nothing left to propose


def test_a_colleagues_save_meanwhile_is_a_conflict_and_nothing_is_overwritten(signed, assessment, people):
    (proposal,) = proposals_for(signed)
    latest = assessment.versions.latest("number")
    document = latest.document()
    document.values["I.1.2"] = document.values["I.1.2"] + "(同僚の追記)"
    save_version(assessment, document, latest.number, user=people["admin"])
    with pytest.raises(ConflictError):
        accept_proposal(signed, proposal.link.pk, proposal.base, user=people["author"])
    assert _contractor_name(assessment) == "未定(令和8年3月頃契約締結予定)"
    assert "(同僚の追記)" in assessment.versions.latest("number").document().values["I.1.2"]


def test_a_reader_may_see_but_not_apply_a_proposal(signed, people):
    (proposal,) = proposals_for(signed)
    with pytest.raises(PermissionDenied):
        accept_proposal(signed, proposal.link.pk, proposal.base, user=people["viewer"])


def test_the_page_shows_the_proposal_and_confirming_it_applies_it(client, signed, assessment, people):
    client.force_login(people["author"])
    detail = client.get(reverse("contract_detail", args=[signed.pk])).content.decode()
    assert reverse("contract_proposals", args=[signed.pk]) in detail
    page = client.get(reverse("contract_proposals", args=[signed.pk])).content.decode()
    assert "未定(令和8年3月頃契約締結予定)" in page
    assert NAME in page
    assert "修正" in page
    (proposal,) = proposals_for(signed)
    url = reverse("contract_proposal_accept", args=[signed.pk])
    response = client.post(url, {"link": proposal.link.pk, "base": proposal.base}, follow=True)
    assert "記載を台帳に合わせて更新し" in response.content.decode()
    assert _contractor_name(assessment) == NAME
    again = client.post(url, {"link": proposal.link.pk, "base": proposal.base}, follow=True).content.decode()
    assert "この提案はもうありません" in again  # twice: nothing saved twice
    stale = client.post(url, {"link": "x", "base": ""}, follow=True).content.decode()
    assert "どの提案を反映するか" in stale


def test_an_approved_resubcontract_proposes_the_subcontracted_work_for_item_9(signed, assessment, people, freeze_clock):
    from datetime import date

    from workbench.contractors import resubcontracts as workflow
    from workbench.contractors.models import CheckState

    (name,) = proposals_for(signed)
    accept_proposal(signed, name.link.pk, name.base, user=people["author"])
    freeze_clock("2026-04-15T10:00:00+09:00")
    link = ContractLink.objects.get(element_path=CENTER)
    application = workflow.Upload("application", "再委託申請書.pdf", b"%PDF-1.7\n%%EOF\n")
    fields = workflow.ResubcontractFields(
        subcontractor_name="株式会社肥後コールセンター",
        subcontractor_number="",
        subcontractor_address="",
        work="予約受付コールセンターの運営",
        personal_data="予約者の氏名、電話番号",
        received_on=date(2026, 4, 10),
        starts_on=None,
        ends_on=None,
        link=link,
    )
    resub = workflow.start_review(
        workflow.register_resubcontract(signed, fields, [application], user=people["author"]), user=people["author"]
    )
    assert proposals_for(signed) == []  # not before the 許諾
    for item in resub.checklist.all():
        workflow.check_item(item, CheckState.CONFIRMED, user=people["author"])
    workflow.decide(resub, "approved", user=people["approver"])
    (work,) = proposals_for(signed)
    assert (work.field, work.field_label, work.before, work.after) == (
        "subcontract_items",
        "再委託事項",
        "未定",
        "予約受付コールセンターの運営",
    )
    assert work.path == f"{CENTER}.9"
    accept_proposal(signed, work.link.pk, work.base, field="subcontract_items", user=people["author"])
    document = assessment.versions.latest("number").document()
    template = get_form(document.form, document.edition)
    assert get_value(document, template, ElementPath.parse(f"{CENTER}.9")) == "予約受付コールセンターの運営"
    assert proposals_for(signed) == []

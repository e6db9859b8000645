"""Reading the 委託事項 of a 評価書 into the register: matching 委託先 by name, 契約済 when the
委託先名 is given, 予定 with the expected date when it is 未定, links; idempotent."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import example
from django.core.exceptions import PermissionDenied

from workbench.assessments.actions import create_assessment, save_version
from workbench.audit.models import AuditEvent
from workbench.contractors import actions
from workbench.contractors.actions import ContractFields, ContractorFields
from workbench.contractors.models import Contract, ContractLink, Contractor, ContractStatus

pytestmark = pytest.mark.django_db

CENTER = "II.file[#honnin].4.itaku[#card-center]"


def _counts():
    return (Contractor.objects.count(), Contract.objects.count(), ContractLink.objects.count())


def test_the_seed_assessment_is_read_into_the_register(assessment, people):
    result = actions.import_from_assessment(assessment, user=people["author"])
    assert (result.read, len(result.contractors_created), len(result.contracts_created), len(result.links_created)) == (
        4,
        3,
        4,
        4,
    )
    assert sorted(Contractor.objects.values_list("name", flat=True)) == sorted(
        ["株式会社肥後システムサービス", "株式会社熊本データ保管センター", "九州情報ネットワーク株式会社"]
    )
    signed = Contract.objects.filter(status=ContractStatus.SIGNED)
    assert sorted(c.contractor.name for c in signed) == sorted(Contractor.objects.values_list("name", flat=True))


def test_the_center_entrustment_becomes_a_planned_contract_expected_by_march_2026(assessment, people):
    actions.import_from_assessment(assessment, user=people["author"])
    center = ContractLink.objects.get(element_path=CENTER).contract
    assert (center.status, center.contractor, center.expected_on, center.expected_precision) == (
        ContractStatus.PLANNED,
        None,
        date(2026, 3, 31),
        "month",
    )
    assert center.name == "熊本市マイナンバーカードセンター等運営業務委託"
    assert center.expected_text == "未定(令和8年3月頃契約締結予定)"
    assert center.expected.describe() == "令和8年3月頃"


def test_importing_twice_creates_nothing_new(assessment, people):
    actions.import_from_assessment(assessment, user=people["author"])
    counts, events = _counts(), AuditEvent.objects.count()
    again = actions.import_from_assessment(assessment, user=people["admin"])
    assert (_counts(), AuditEvent.objects.count()) == (counts, events)
    assert (len(again.already_linked), again.changed) == (4, False)
    assert "紐付け 新規0件・紐付け済み4件" in again.summary()


def test_existing_contractors_are_matched_by_name_variants(org, assessment, people):
    known = actions.create_contractor(
        org, ContractorFields("(株)肥後システムサービス", "7000012050002"), user=people["author"]
    )
    result = actions.import_from_assessment(assessment, user=people["author"])
    assert result.contractors_matched == [
        "「株式会社肥後システムサービス」→ 登録済みの委託先「(株)肥後システムサービス」"
    ]
    link = ContractLink.objects.get(element_path="II.file[#jumin].4.itaku[#kizon-hoshu]")
    assert link.contract.contractor == known
    assert Contractor.objects.filter(name_key="肥後システムサービス").count() == 1


def test_an_existing_contract_of_the_same_name_and_contractor_is_linked_not_duplicated(org, assessment, people):
    contractor = actions.create_contractor(
        org, ContractorFields("株式会社熊本データ保管センター"), user=people["author"]
    )
    existing = actions.create_contract(
        org,
        ContractFields("バックアップ媒体の遠隔地保管業務", contractor),
        status=ContractStatus.SIGNED,
        user=people["author"],
    )
    result = actions.import_from_assessment(assessment, user=people["author"])
    assert result.contracts_matched == ["「バックアップ媒体の遠隔地保管業務」(契約済)"]
    assert ContractLink.objects.get(element_path="II.file[#jumin].4.itaku[#baitai-hokan]").contract == existing


def test_one_contractor_serves_the_entrustments_of_two_assessments(org, assessment, people, jimu):
    actions.import_from_assessment(assessment, user=people["author"])
    other = create_assessment(
        jimu, "full", "住基 全項目評価書(別の事務)", example("jumin-kihon-daicho-v2.yaml"), user=people["author"]
    )
    result = actions.import_from_assessment(other, user=people["author"])
    assert (len(result.contractors_created), len(result.contracts_created), len(result.links_created)) == (0, 0, 4)
    center = Contract.objects.get(name="熊本市マイナンバーカードセンター等運営業務委託")
    assert sorted(center.links.values_list("assessment__title", flat=True)) == [
        "住基 全項目評価書",
        "住基 全項目評価書(別の事務)",
    ]


def test_the_latest_save_is_read(assessment, people):
    document = assessment.versions.get().document()
    for element in document.values["files"]:
        for entry in element.get("II.file.4.itaku", []):
            if entry["id"] == "card-center":
                entry["II.file.4.itaku.6"] = "株式会社くまもとカードセンター"
    save_version(assessment, document, 1, user=people["author"])
    result = actions.import_from_assessment(assessment, user=people["author"])
    center = ContractLink.objects.get(element_path=CENTER)
    assert (center.contract.status, center.contract.contractor.name, center.version_number) == (
        ContractStatus.SIGNED,
        "株式会社くまもとカードセンター",
        2,
    )
    assert result.version_number == 2


def test_a_basic_assessment_has_nothing_to_read(blank_assessment, people):
    result = actions.import_from_assessment(blank_assessment, user=people["author"])
    assert (result.read, result.summary(), _counts()) == (
        0,
        "この評価書の最新の保存には委託事項がありません。",
        (0, 0, 0),
    )


def test_the_import_is_one_audit_event_listing_what_it_did(assessment, people):
    actions.import_from_assessment(assessment, user=people["author"])
    event = AuditEvent.objects.get(action="contractors.import")
    assert (event.object_id, event.details["read"], len(event.details["links_created"])) == (str(assessment.pk), 4, 4)


def test_viewers_cannot_import(assessment, people):
    with pytest.raises(PermissionDenied):
        actions.import_from_assessment(assessment, user=people["viewer"])
    assert _counts() == (0, 0, 0)


def test_a_planned_contract_past_its_expected_date_is_overdue(assessment, people, freeze_clock):
    actions.import_from_assessment(assessment, user=people["author"])
    center = ContractLink.objects.get(element_path=CENTER).contract
    freeze_clock("2026-03-31T23:59:00+09:00")
    assert center.is_overdue is False  # the last day of 令和8年3月 is still in time
    freeze_clock("2026-04-01T00:00:00+09:00")
    assert center.is_overdue is True

"""The 再委託 許諾 workflow, the project's case: the センター委託 (委託事項2 of the seed 評価書) is
signed, its 委託先 hands in a 再委託申請 → the checklist is made from ⑧ and the standard points →
an open item refuses the decision → all 確認済 → an author may not decide, a 承認者 decides 許諾 →
the 許諾通知書 PDF (number, 和暦 date, names) → the 再委託先 under its contract. Then the
refusals: 不許諾 without a reason, a future 受付日, an invalid 法人番号, a disguised file."""

from __future__ import annotations

import re
from datetime import date

import pypdfium2 as pdfium
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from workbench.audit.models import AuditEvent
from workbench.contractors import actions
from workbench.contractors import resubcontracts as workflow
from workbench.contractors.actions import ContractFields, ContractorFields, RegisterRefused
from workbench.contractors.models import (
    CheckState,
    ContractLink,
    ContractStatus,
    NoticeSequence,
    Resubcontract,
    ResubcontractStatus,
)
from workbench.files import store
from workbench.files.models import StoredFile

pytestmark = pytest.mark.django_db

CENTER = "II.file[#honnin].4.itaku[#card-center]"
PDF_BYTES = b"%PDF-1.7\n%%EOF\n"
SUB = "株式会社肥後コールセンター"


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


@pytest.fixture
def center(assessment, people):
    """The センター委託 read into the register, then its 委託先 registered and the contract signed."""
    actions.import_from_assessment(assessment, user=people["author"])
    link = ContractLink.objects.get(element_path=CENTER)
    contractor = actions.create_contractor(
        link.contract.organization, ContractorFields("株式会社センター運営", "7000012050002"), user=people["author"]
    )
    contract = link.contract
    fields = ContractFields(name=contract.name, contractor=contractor, starts_on=date(2026, 4, 1))
    actions.edit_contract(contract, fields, user=people["author"])
    actions.set_status(contract, ContractStatus.SIGNED, user=people["author"])
    link.refresh_from_db()
    return link


def fields(entry, **changes) -> workflow.ResubcontractFields:
    values = {
        "subcontractor_name": SUB,
        "subcontractor_number": "７０００－０１２０－５０００２",
        "subcontractor_address": "熊本市中央区花畑町1番1号",
        "work": "予約受付コールセンターの運営",
        "personal_data": "予約者の氏名、電話番号",
        "received_on": date(2026, 4, 10),
        "starts_on": date(2026, 5, 1),
        "ends_on": date(2027, 3, 31),
        "link": entry,
    }
    values.update(changes)
    return workflow.ResubcontractFields(**values)


APPLICATION = workflow.Upload("application", "再委託申請書.pdf", PDF_BYTES)


@pytest.fixture
def applied(center, people, freeze_clock):
    freeze_clock("2026-04-15T10:00:00+09:00")
    pledge = workflow.Upload("pledge", "誓約書.pdf", PDF_BYTES)
    return workflow.register_resubcontract(
        center.contract, fields(center), [APPLICATION, pledge], user=people["author"]
    )


def test_the_projects_case_from_application_to_the_notice(applied, people, client, freeze_clock):
    assert applied.status == ResubcontractStatus.RECEIVED
    assert applied.subcontractor_number == "7000012050002"  # 法人番号 normalised by pia.contractors
    assert [a.kind for a in applied.attachments.all()] == ["application", "pledge"]

    reviewing = workflow.start_review(applied, user=people["author"])
    items = list(reviewing.checklist.all())
    assert reviewing.status == ResubcontractStatus.REVIEWING
    assert [i.source for i in items[:2]] == ["assessment", "assessment"]
    assert items[0].text == "再委託申請書及び関係書類を提出させ、審査の後、書面により許諾通知を行っている。"
    assert "同等の義務" in items[1].text
    assert [i.source for i in items[2:4]] == ["supervision", "supervision"]  # Ⅲ4 of the 本人確認情報ファイル
    assert items[2].text.startswith("再委託を行う場合は、再委託申請書及び関係書類を提出させ、本市が審査した上で")
    assert len(items) == 10
    assert {i.code for i in items[4:]} >= {"equivalent-duty", "further-subcontracting"}

    with pytest.raises(
        RegisterRefused, match="審査項目のうち10件\\(番号 1、2、3、4、5、6、7、8、9、10\\)がまだ確認されていません"
    ):
        workflow.decide(reviewing, "approved", user=people["approver"])
    for item in items[:-1]:
        workflow.check_item(item, CheckState.CONFIRMED, user=people["author"])
    with pytest.raises(RegisterRefused, match="1件\\(番号 10\\)がまだ確認されていません"):
        workflow.decide(reviewing, "approved", user=people["approver"])
    workflow.check_item(items[-1], CheckState.CONFIRMED, "返却・廃棄の条項を確認", user=people["approver"])

    with pytest.raises(PermissionDenied, match="再委託の許諾・不許諾を決定する権限がありません"):
        workflow.decide(reviewing, "approved", user=people["author"])
    freeze_clock("2026-04-20T10:00:00+09:00")
    decided = workflow.decide(reviewing, "approved", user=people["approver"])
    assert (decided.status, decided.notice_number, decided.decided_by) == (
        ResubcontractStatus.APPROVED,
        "熊市第1号",
        people["approver"],
    )
    text = pdf_text(store.read(decided.notice.key))
    for expected in (
        "熊市第1号",
        "令和8年4月20日",
        "株式会社センター運営 様",
        "熊本市長",
        "特定個人情報の取扱いに係る再委託の許諾について(通知)",
        "令和8年4月10日付けで申請のあった",
        SUB,
        "予約受付コールセンターの運営",
        "令和8年5月1日から令和9年3月31日まで",
        "委託先の義務と同等の義務を再委託先に負わせ",
    ):
        assert expected in text, expected
    assert decided.notice.name == "許諾通知書_熊市第1号.pdf"

    client.force_login(people["viewer"])
    contract_page = client.get(reverse("contract_detail", args=[decided.contract.pk])).content.decode()
    assert f"許諾した再委託先: <strong>{SUB}</strong>" in contract_page
    register = client.get(reverse("contractor_register")).content.decode()
    assert f"再委託先: {SUB}(熊市第1号)" in register
    actions_done = list(
        AuditEvent.objects.filter(action__startswith="contractors.resub_").values_list("action", flat=True)
    )
    assert actions_done.count("contractors.resub_check") == 10
    assert {"contractors.resub_register", "contractors.resub_review", "contractors.resub_decide"} <= set(actions_done)


def test_numbers_count_up_per_organisation_and_are_never_reused(applied, center, people):
    second = workflow.register_resubcontract(
        center.contract, fields(center, subcontractor_name="株式会社二番"), [APPLICATION], user=people["author"]
    )
    for resub in (applied, second):
        workflow.start_review(resub, user=people["author"])
        for item in resub.checklist.all():
            workflow.check_item(item, CheckState.CONFIRMED, user=people["author"])
    first = workflow.decide(applied, "approved", user=people["admin"])
    with pytest.raises(RegisterRefused, match="不許諾の理由"):
        workflow.decide(second, "rejected", user=people["approver"])
    rejected = workflow.decide(second, "rejected", reason="同等の義務を確認できる書類がない", user=people["approver"])
    assert (first.notice_number, rejected.notice_number) == ("熊市第1号", "熊市第2号")
    assert "許諾しません" in pdf_text(store.read(rejected.notice.key))
    assert "同等の義務を確認できる書類がない" in pdf_text(store.read(rejected.notice.key))
    assert NoticeSequence.objects.get().last_number == 2
    with pytest.raises(RegisterRefused, match="「許諾」のため、決定できません"):
        workflow.decide(first, "rejected", reason="x", user=people["admin"])
    assert NoticeSequence.objects.get().last_number == 2


def test_a_deficient_item_needs_a_note_and_blocks_approval(applied, people):
    workflow.start_review(applied, user=people["author"])
    items = list(applied.checklist.all())
    with pytest.raises(RegisterRefused, match="「メモ」に不備の内容を入力してください"):
        workflow.check_item(items[0], CheckState.DEFICIENT, user=people["author"])
    workflow.check_item(items[0], CheckState.DEFICIENT, "誓約書に押印がない", user=people["author"])
    for item in items[1:]:
        workflow.check_item(item, CheckState.CONFIRMED, user=people["author"])
    with pytest.raises(RegisterRefused, match="「不備」の審査項目\\(番号 1\\)があるため許諾できません"):
        workflow.decide(applied, "approved", user=people["approver"])
    assert not StoredFile.objects.filter(name__startswith="許諾通知書").exists()
    assert not NoticeSequence.objects.exists() or NoticeSequence.objects.get().last_number == 0


def test_a_decision_before_the_review_and_on_an_undecided_contract_is_refused(assessment, people, freeze_clock):
    freeze_clock("2026-04-15T10:00:00+09:00")
    actions.import_from_assessment(assessment, user=people["author"])
    link = ContractLink.objects.get(element_path=CENTER)  # 予定, 委託先 未定
    resub = workflow.register_resubcontract(link.contract, fields(link), [APPLICATION], user=people["author"])
    with pytest.raises(RegisterRefused, match="審査を始めてから決定します"):
        workflow.decide(resub, "approved", user=people["approver"])
    workflow.start_review(resub, user=people["author"])
    for item in resub.checklist.all():
        workflow.check_item(item, CheckState.CONFIRMED, user=people["author"])
    with pytest.raises(RegisterRefused, match="委託先が未定のため、通知書の宛先がありません"):
        workflow.decide(resub, "approved", user=people["approver"])
    resub.refresh_from_db()
    assert (resub.status, resub.notice_number) == (ResubcontractStatus.REVIEWING, "")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"received_on": date(2026, 4, 16)}, "received_on", "「申請の受付日」(令和8年4月16日)が未来の日付です"),
        (
            {"subcontractor_number": "8000012050002"},
            "subcontractor_number",
            "「再委託先の法人番号」: 法人番号の検査用数字",
        ),
        ({"subcontractor_name": " "}, "subcontractor_name", "「再委託先名」を入力してください。"),
        ({"work": ""}, "work", "「再委託する業務」を入力してください。"),
        ({"ends_on": date(2026, 4, 1)}, "ends_on", "「再委託の期間の終わり」(令和8年4月1日)が「再委託の期間の始まり」"),
    ],
)
def test_bad_input_is_refused_at_its_field(center, people, freeze_clock, changes, field, message):
    freeze_clock("2026-04-15T10:00:00+09:00")
    with pytest.raises(RegisterRefused) as refused:
        workflow.register_resubcontract(
            center.contract, fields(center, **changes), [APPLICATION], user=people["author"]
        )
    assert refused.value.field == field
    assert message in str(refused.value)
    assert not Resubcontract.objects.exists()


def test_an_exe_renamed_pdf_is_refused_and_nothing_is_kept(center, people, freeze_clock):
    freeze_clock("2026-04-15T10:00:00+09:00")
    exe = workflow.Upload("application", "申請書.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(
        RegisterRefused, match=re.escape("「再委託申請書」: 「申請書.pdf」は添付できません。実行ファイル")
    ):
        workflow.register_resubcontract(center.contract, fields(center), [exe], user=people["author"])
    assert not Resubcontract.objects.exists()
    assert not StoredFile.objects.exists()


def test_the_application_form_is_required(center, people, freeze_clock):
    freeze_clock("2026-04-15T10:00:00+09:00")
    pledge = workflow.Upload("pledge", "誓約書.pdf", PDF_BYTES)
    with pytest.raises(RegisterRefused, match="「再委託申請書」のファイルを添付してください"):
        workflow.register_resubcontract(center.contract, fields(center), [pledge], user=people["author"])


def test_withdrawal_ends_the_application(applied, people):
    workflow.withdraw(applied, "委託先から取下げの連絡", user=people["author"])
    applied.refresh_from_db()
    assert applied.status == ResubcontractStatus.WITHDRAWN
    with pytest.raises(RegisterRefused, match="「取下げ」のため、審査を始められません"):
        workflow.start_review(applied, user=people["author"])
    with pytest.raises(RegisterRefused, match="「取下げ」のため、書類を添付できません"):
        workflow.add_attachments(applied, [APPLICATION], user=people["author"])


def test_readers_cannot_register_review_or_check(applied, people):
    with pytest.raises(PermissionDenied):
        workflow.start_review(applied, user=people["viewer"])
    workflow.start_review(applied, user=people["admin"])
    item = applied.checklist.first()
    with pytest.raises(PermissionDenied):
        workflow.check_item(item, CheckState.CONFIRMED, user=people["viewer"])
    with pytest.raises(PermissionDenied):
        workflow.withdraw(applied, user=people["approver"])


def test_without_a_linked_entrustment_the_checklist_is_the_standard_points(center, people, freeze_clock):
    freeze_clock("2026-04-15T10:00:00+09:00")
    resub = workflow.register_resubcontract(
        center.contract, fields(center, link=None), [APPLICATION], user=people["author"]
    )
    workflow.start_review(resub, user=people["author"])
    assert {i.source for i in resub.checklist.all()} == {"standard"}
    assert resub.checklist.count() == 6


def test_the_checklist_reads_8_as_the_latest_save_says_it(center, assessment, people, freeze_clock):
    from workbench.assessments.actions import save_version

    freeze_clock("2026-04-15T10:00:00+09:00")
    latest = assessment.versions.latest("number")
    document = latest.document()
    for element in document.values["files"]:
        for entry in element.get("II.file.4.itaku", []):
            if entry.get("id") == "card-center":
                entry["II.file.4.itaku.8"] = "申請書を提出させる。誓約書を提出させる。書面で許諾する。"
    save_version(assessment, document, latest.number, user=people["author"])
    resub = workflow.register_resubcontract(center.contract, fields(center), [APPLICATION], user=people["author"])
    workflow.start_review(resub, user=people["author"])
    own = [i.text for i in resub.checklist.filter(source="assessment")]
    assert own == ["申請書を提出させる。", "誓約書を提出させる。", "書面で許諾する。"]
    resub.refresh_from_db()
    assert resub.approval_text == "申請書を提出させる。誓約書を提出させる。書面で許諾する。"


def test_the_audit_log_names_the_resubcontract_events(applied, people, client):
    workflow.start_review(applied, user=people["author"])
    client.force_login(people["admin"])
    page = client.get(reverse("audit_log")).content.decode()
    assert "再委託申請の受付" in page
    assert "再委託申請の審査開始" in page

"""Issue 16's case end to end, as a municipal privacy officer lives it with the seed 評価書:
委託事項2 (the センター委託, 委託先名 「未定(令和8年3月頃契約締結予定)」) → the register → the
contract signed → the ⑥委託先名 proposal accepted as 修正 → a 再委託申請 → its checklist → 許諾 →
the 許諾通知書 PDF → the 月に一度 現場確認 as a monthly control → a missed month overdue and in the
reminder e-mail → the yearly 見直し page listing the records. Each step is tested in detail in its
own app; this test shows they work together on one 評価書."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from workbench.contractors import actions
from workbench.contractors import resubcontracts as workflow
from workbench.contractors.actions import ContractFields, ContractorFields
from workbench.contractors.models import CheckState, ContractLink, ContractStatus
from workbench.contractors.proposals import accept_proposal, proposals_for
from workbench.controls import actions as controls
from workbench.controls.actions import ControlFields
from workbench.files import store

pytestmark = pytest.mark.django_db

CENTER = "II.file[#honnin].4.itaku[#card-center]"
MEASURE = "III.file[#honnin].4.other[#card-center-risks].risks[#risk-1].measure"
PROMISE = "仕様書どおりの履行となっているか月に一度、現場確認を行う。"
CONTRACTOR = "株式会社センター運営"
SUB = "株式会社肥後コールセンター"
PDF = b"%PDF-1.7\n%%EOF\n"


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def test_the_center_entrustment_from_mitei_to_the_yearly_review(assessment, people, client, freeze_clock):
    author, approver = people["author"], people["approver"]
    for role, user in people.items():
        user.email = f"{role}@city.example.lg.jp"
        user.save()
    freeze_clock("2026-04-01T10:00:00+09:00")

    # 委託事項2 → the register: 予定, expected 令和8年3月頃
    actions.import_from_assessment(assessment, user=author)
    link = ContractLink.objects.get(element_path=CENTER)
    assert (link.contract.status, link.contract.expected_text) == (
        ContractStatus.PLANNED,
        "未定(令和8年3月頃契約締結予定)",
    )

    # the contract is signed with its 委託先
    contractor = actions.create_contractor(link.contract.organization, ContractorFields(CONTRACTOR, ""), user=author)
    fields = ContractFields(name=link.contract.name, contractor=contractor, starts_on=date(2026, 4, 1))
    contract = actions.edit_contract(link.contract, fields, user=author)
    contract = actions.set_status(contract, ContractStatus.SIGNED, user=author)

    # the ⑥委託先名 proposal, accepted as 修正
    (proposal,) = proposals_for(contract)
    assert (proposal.before, proposal.after, proposal.verdict) == ("未定(令和8年3月頃契約締結予定)", CONTRACTOR, "修正")
    version = accept_proposal(contract, proposal.link.pk, proposal.base, user=author)
    assert CONTRACTOR in str(version.document().values)

    # 再委託申請 → checklist → 許諾 → 許諾通知書
    link.refresh_from_db()
    freeze_clock("2026-04-15T10:00:00+09:00")
    application = workflow.Upload("application", "再委託申請書.pdf", PDF)
    resub = workflow.register_resubcontract(
        contract,
        workflow.ResubcontractFields(
            subcontractor_name=SUB,
            subcontractor_number="7000012050002",
            subcontractor_address="熊本市中央区花畑町1番1号",
            work="予約受付コールセンターの運営",
            personal_data="予約者の氏名、電話番号",
            received_on=date(2026, 4, 10),
            starts_on=date(2026, 5, 1),
            ends_on=date(2027, 3, 31),
            link=link,
        ),
        [application],
        user=author,
    )
    reviewing = workflow.start_review(resub, user=author)
    items = list(reviewing.checklist.all())
    assert items[0].text.startswith("再委託申請書及び関係書類を提出させ")  # ⑧ of the 評価書
    for item in items:
        workflow.check_item(item, CheckState.CONFIRMED, user=author)
    freeze_clock("2026-04-20T10:00:00+09:00")
    decided = workflow.decide(reviewing, "approved", user=approver)
    notice = pdf_text(store.read(decided.notice.key))
    assert all(text in notice for text in (decided.notice_number, "令和8年4月20日", f"{CONTRACTOR} 様", SUB))

    # the 月に一度 現場確認 as a monthly control; October checked, November 不適合, December missed
    freeze_clock("2026-12-07T10:00:00+09:00")
    control = controls.create_control(
        assessment, ControlFields(MEASURE, PROMISE, "現場確認(月1回)", author, "monthly", date(2026, 9, 7)), user=author
    )
    controls.record_check(control, checked_on=date(2026, 10, 10), result="ok", user=author)
    controls.record_check(control, checked_on=date(2026, 11, 9), result="ng", note="施錠の不備", user=author)
    call_command("send_reminders", "--date", "2027-01-05")
    digest = next(m for m in mail.outbox if m.to == ["author@city.example.lg.jp"])
    assert "「現場確認(月1回)」" in digest.body
    assert "期限を過ぎています" in digest.body

    # the yearly 見直し page lists the records of the past year
    freeze_clock("2027-01-05T10:00:00+09:00")
    client.force_login(people["admin"])
    page = client.get(reverse("assessment_review", args=[assessment.pk])).content.decode()
    assert "現場確認(月1回)" in page
    assert "令和8年10月10日" in page
    assert "施錠の不備" in page
    assert "令和8年12月" in page  # the month without a check

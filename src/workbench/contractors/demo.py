"""Demo 委託先 of 熊本市: one 委託先 already in the register with its 法人番号, ISMS and a signed
contract (made up: 登記所コード 9999 exists nowhere, so the 法人番号 is nobody's), then the 委託事項
of the 住基 全項目評価書 read in with the import: the 委託先 and the contract above matched by name,
the other 委託先 created, and the センター委託 (⑥ 「未定(令和8年3月頃契約締結予定)」) as a 予定
contract expected by 令和8年3月31日. Registered with ``procedure.demo.register_loader``; idempotent."""

from __future__ import annotations

from datetime import date

from workbench.assessments.models import Assessment
from workbench.contractors import actions
from workbench.contractors.models import CertificationKind, Contractor, ContractStatus

KUMAMOTO = "熊本市"
SIGNED_CONTRACTOR = actions.ContractorFields(
    name="株式会社熊本データ保管センター",
    corporate_number="7999901000001",
    address="熊本県熊本市中央区手取本町1番1号【デモ】",
    contact_person="保管業務課 デモ担当",
    phone="096-000-0000",
    email="demo@example.jp",
    notes="デモデータ(架空の委託先・法人番号)。",
)
SIGNED_CONTRACT = "バックアップ媒体の遠隔地保管業務"


def load_contractors(users: dict, report) -> None:
    author = users["sakusei"]
    assessment = Assessment.objects.filter(jimu__organization__name=KUMAMOTO, form="full").order_by("pk").first()
    if assessment is None:
        return
    organization = assessment.organization
    if not Contractor.objects.filter(
        organization=organization, corporate_number=SIGNED_CONTRACTOR.corporate_number
    ).exists():
        contractor = actions.create_contractor(organization, SIGNED_CONTRACTOR, user=author)
        actions.add_certification(
            contractor, CertificationKind.ISMS, number="IS 999999【デモ】", expires_on=date(2027, 3, 31), user=author
        )
        fields = actions.ContractFields(
            name=SIGNED_CONTRACT, contractor=contractor, starts_on=date(2025, 4, 1), ends_on=date(2028, 3, 31)
        )
        actions.create_contract(organization, fields, status=ContractStatus.SIGNED, user=author)
        report.created.append(f"委託先 {contractor.name}(ISMS、契約済の委託契約「{SIGNED_CONTRACT}」)")
    result = actions.import_from_assessment(assessment, user=author)
    if result.changed:
        report.created.append(f"委託先台帳: {assessment.title}の{result.summary()}")


CENTER_PATH = "II.file[#honnin].4.itaku[#card-center]"
DEMO_SUBCONTRACTOR = "株式会社肥後コールセンター【デモ】"


def _application_pdf(received: date) -> bytes:
    """A made-up 再委託申請書 (the paper the 委託先 handed in), printed with the core's letter."""
    from pia.render import NoticeItem, NoticeLetter, notice_pdf_bytes

    letter = NoticeLetter(
        number="デモ第1号",
        issued_on=received,
        addressee="熊本市長",
        issuer="センター運営業務 受託者(デモ)",
        title="再委託申請書",
        body=(
            "熊本市マイナンバーカードセンター等運営業務委託に係る業務の一部を、下記のとおり再委託したいので申請します。",
        ),
        items=(
            NoticeItem("再委託先", DEMO_SUBCONTRACTOR),
            NoticeItem("再委託する業務", "予約受付コールセンターの運営(電話による予約の受付と変更)"),
            NoticeItem("取り扱う特定個人情報", "予約者の氏名、生年月日、電話番号(個人番号は取り扱わない)"),
        ),
        conditions=("委託先の義務と同等の義務を再委託先に負わせ、誓約書を提出させます。",),
        conditions_label="遵守事項",
        status="デモデータ",
    )
    return notice_pdf_bytes(letter)


def load_resubcontract(users: dict, report) -> None:
    """One pending 再委託申請 (受付) under the センター委託, with its 申請書 PDF; idempotent."""
    from workbench import clock
    from workbench.contractors import resubcontracts
    from workbench.contractors.models import AttachmentKind, ContractLink

    link = ContractLink.objects.filter(element_path=CENTER_PATH, contract__organization__name=KUMAMOTO).first()
    if link is None or link.contract.resubcontracts.exists():
        return
    received = clock.today()
    fields = resubcontracts.ResubcontractFields(
        subcontractor_name=DEMO_SUBCONTRACTOR,
        subcontractor_address="熊本県熊本市中央区花畑町1番1号【デモ】",
        work="予約受付コールセンターの運営(電話による予約の受付と変更)",
        personal_data="予約者の氏名、生年月日、電話番号(個人番号は取り扱わない)",
        received_on=received,
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        link=link,
    )
    upload = resubcontracts.Upload(AttachmentKind.APPLICATION, "再委託申請書(デモ).pdf", _application_pdf(received))
    resubcontracts.register_resubcontract(link.contract, fields, [upload], user=users["sakusei"])
    report.created.append(f"再委託申請 {DEMO_SUBCONTRACTOR}(受付、{link.contract.name})")

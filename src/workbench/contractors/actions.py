"""Every write of the 委託先 register: 委託先 and their certifications, 委託契約 and their status,
the links to 委託事項, and reading the 委託事項 of a 評価書 into the register.

Like every action: the permission check (作成者 and 管理者, as for editing a 評価書), one
transaction, one audit event. A refusal is a :class:`RegisterRefused` with a Japanese message
naming the field, and leaves everything as it was."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from pia.contractors import (
    CorporateNumberError,
    Entrustment,
    entrustments,
    expected_date,
    is_undecided,
    name_key,
    validate_corporate_number,
)
from pia.wareki import format_wareki
from workbench.acting import action
from workbench.assessments.models import Assessment
from workbench.audit.actions import changes, record
from workbench.concurrency import check_fresh
from workbench.contractors.models import (
    Certification,
    CertificationKind,
    Contract,
    ContractLink,
    Contractor,
    ContractStatus,
)
from workbench.organizations.access import EDITOR_ROLES, require_role
from workbench.organizations.models import Organization

# Which status a contract may move to from each (予定 → 契約済 → 終了; a 予定 that is not
# concluded after all ends without a contract).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ContractStatus.PLANNED: (ContractStatus.SIGNED, ContractStatus.ENDED),
    ContractStatus.SIGNED: (ContractStatus.ENDED,),
    ContractStatus.ENDED: (),
}


class RegisterRefused(Exception):
    """The write cannot be made (message in Japanese; ``field`` the form field it is about)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --- 委託先 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractorFields:
    name: str
    corporate_number: str = ""
    address: str = ""
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""


CONTRACTOR_LABELS = {
    "name": "委託先名",
    "corporate_number": "法人番号",
    "address": "所在地",
    "contact_person": "担当者",
    "phone": "電話番号",
    "email": "メールアドレス",
    "notes": "備考",
}


def contractor_values(contractor: Contractor) -> dict[str, str]:
    """The editable values as stored (what an edit form shows and its ``seen`` fingerprints)."""
    return {name: getattr(contractor, name) for name in CONTRACTOR_LABELS}


def _clean_contractor(organization: Organization, fields: ContractorFields, pk: int | None) -> dict[str, str]:
    values = {k: v.strip() for k, v in asdict(fields).items()}
    if not values["name"]:
        raise RegisterRefused("「委託先名」を入力してください。", "name")
    if not name_key(values["name"]):
        raise RegisterRefused("「委託先名」に法人の種類(株式会社など)のほかの名称がありません。", "name")
    if values["corporate_number"]:
        try:
            values["corporate_number"] = validate_corporate_number(values["corporate_number"])
        except CorporateNumberError as exc:
            raise RegisterRefused(str(exc), "corporate_number") from None  # the message names 法人番号
        _refuse_duplicate_number(organization, values["corporate_number"], pk)
    return values


def _refuse_duplicate_number(organization: Organization, number: str, pk: int | None) -> None:
    others = Contractor.objects.filter(organization=organization, corporate_number=number)
    same = (others.exclude(pk=pk) if pk is not None else others).first()
    if same is not None:
        raise RegisterRefused(
            f"「法人番号」: {number} はすでに委託先「{same.name}」の法人番号として登録されています。"
            "同じ委託先なら、その委託先を使ってください。",
            "corporate_number",
        )


@action
def create_contractor(organization: Organization, fields: ContractorFields, *, user: User) -> Contractor:
    require_role(user, organization, EDITOR_ROLES, "委託先を登録する")
    with transaction.atomic():
        values = _clean_contractor(organization, fields, None)
        try:
            with transaction.atomic():
                contractor = Contractor.objects.create(
                    organization=organization, name_key=name_key(values["name"]), **values
                )
        except IntegrityError:  # a colleague registered the same 法人番号 meanwhile
            _refuse_duplicate_number(organization, values["corporate_number"], None)
            raise
        record(user, "contractors.contractor_create", organization=organization, obj=contractor, details=values)
    return contractor


@action
def edit_contractor(
    contractor: Contractor, fields: ContractorFields, *, user: User, seen: str | None = None
) -> Contractor:
    """Change the 委託先's values; ``seen`` (the fingerprint the form showed) refuses a stale form
    with ``StaleEditError``."""
    require_role(user, contractor.organization, EDITOR_ROLES, "委託先を変更する")
    with transaction.atomic():
        locked = Contractor.objects.select_for_update().get(pk=contractor.pk)
        before = contractor_values(locked)
        values = _clean_contractor(locked.organization, fields, locked.pk)
        check_fresh(seen, before, values)
        if values == before:
            return locked
        for name, value in values.items():
            setattr(locked, name, value)
        locked.name_key = name_key(values["name"])
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            _refuse_duplicate_number(locked.organization, values["corporate_number"], locked.pk)
            raise
        details = changes(before, values, CONTRACTOR_LABELS)
        record(user, "contractors.contractor_edit", organization=locked.organization, obj=locked, details=details)
    return locked


@action
def add_certification(
    contractor: Contractor, kind: str, *, name: str = "", number: str = "", expires_on: date | None = None, user: User
) -> Certification:
    require_role(user, contractor.organization, EDITOR_ROLES, "委託先の認証を登録する")
    if kind not in CertificationKind.values:
        raise RegisterRefused("「種類」を選んでください。", "kind")
    if kind == CertificationKind.OTHER and not name.strip():
        raise RegisterRefused("「名称」を入力してください(種類が「その他」のとき)。", "name")
    with transaction.atomic():
        certification = Certification.objects.create(
            contractor=contractor, kind=kind, name=name.strip(), number=number.strip(), expires_on=expires_on
        )
        details = {
            "contractor": contractor.name,
            "kind": certification.label,
            "number": certification.number,
            "expires_on": expires_on.isoformat() if expires_on else "",
        }
        record(
            user,
            "contractors.certification_add",
            organization=contractor.organization,
            obj=certification,
            details=details,
        )
    return certification


@action
def remove_certification(certification: Certification, *, user: User) -> None:
    contractor = certification.contractor
    require_role(user, contractor.organization, EDITOR_ROLES, "委託先の認証を削除する")
    with transaction.atomic():
        details = {
            "contractor": contractor.name,
            "kind": certification.label,
            "number": certification.number,
            "expires_on": certification.expires_on.isoformat() if certification.expires_on else "",
        }
        certification.delete()
        record(user, "contractors.certification_remove", organization=contractor.organization, details=details)


# --- 委託契約 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractFields:
    name: str
    contractor: Contractor | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    expected_on: date | None = None
    expected_precision: str = ""
    expected_text: str = ""
    notes: str = ""


CONTRACT_LABELS = {
    "name": "契約名",
    "contractor": "委託先",
    "starts_on": "契約期間の始まり",
    "ends_on": "契約期間の終わり",
    "expected_on": "契約締結の予定日",
    "expected_precision": "予定日の精度",
    "expected_text": "評価書の記載(未定のとき)",
    "notes": "備考",
}


def contract_values(contract: Contract) -> dict[str, Any]:
    """The editable values as the audit trail and the ``seen`` fingerprint keep them (text)."""
    return {
        "name": contract.name,
        "contractor": contract.contractor.name if contract.contractor else "",
        "starts_on": _iso(contract.starts_on),
        "ends_on": _iso(contract.ends_on),
        "expected_on": _iso(contract.expected_on),
        "expected_precision": contract.expected_precision,
        "expected_text": contract.expected_text,
        "notes": contract.notes,
    }


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _check_contract(organization: Organization, fields: ContractFields) -> None:
    if not fields.name.strip():
        raise RegisterRefused("「契約名」を入力してください。", "name")
    if fields.contractor is not None and fields.contractor.organization_id != organization.pk:
        raise RegisterRefused("「委託先」はこの団体の委託先から選んでください。", "contractor")
    if fields.starts_on and fields.ends_on and fields.ends_on < fields.starts_on:
        raise RegisterRefused(
            f"「契約期間の終わり」({format_wareki(fields.ends_on)})が「契約期間の始まり」"
            f"({format_wareki(fields.starts_on)})より前です。",
            "ends_on",
        )


def _apply(contract: Contract, fields: ContractFields) -> None:
    contract.name = fields.name.strip()
    contract.name_key = name_key(contract.name) or contract.name
    contract.contractor = fields.contractor
    contract.starts_on, contract.ends_on = fields.starts_on, fields.ends_on
    contract.expected_on = fields.expected_on
    contract.expected_precision = fields.expected_precision if fields.expected_on else ""
    if fields.expected_on and not contract.expected_precision:
        contract.expected_precision = "day"
    contract.expected_text = fields.expected_text.strip()
    contract.notes = fields.notes.strip()


@action
def create_contract(
    organization: Organization, fields: ContractFields, *, status: str = ContractStatus.PLANNED, user: User
) -> Contract:
    """A new 委託契約, 予定 unless ``status`` says 契約済 (which needs its 委託先)."""
    require_role(user, organization, EDITOR_ROLES, "委託契約を登録する")
    _check_contract(organization, fields)
    if status not in (ContractStatus.PLANNED, ContractStatus.SIGNED):
        raise RegisterRefused("新しい委託契約の状態は「予定」か「契約済」です。", "status")
    if status == ContractStatus.SIGNED and fields.contractor is None:
        raise RegisterRefused("「委託先」を選んでください(契約済の委託契約には委託先が必要です)。", "contractor")
    with transaction.atomic():
        contract = Contract(organization=organization, status=status)
        _apply(contract, fields)
        contract.save()
        details = {**contract_values(contract), "status": contract.get_status_display()}
        record(user, "contractors.contract_create", organization=organization, obj=contract, details=details)
    return contract


@action
def edit_contract(contract: Contract, fields: ContractFields, *, user: User, seen: str | None = None) -> Contract:
    require_role(user, contract.organization, EDITOR_ROLES, "委託契約を変更する")
    _check_contract(contract.organization, fields)
    with transaction.atomic():
        locked = (
            Contract.objects.select_for_update(of=("self",))
            .select_related("contractor", "organization")
            .get(pk=contract.pk)
        )
        before = contract_values(locked)
        if locked.status != ContractStatus.PLANNED and fields.contractor is None:
            raise RegisterRefused(
                f"「委託先」を選んでください({locked.get_status_display()}の委託契約には委託先が必要です)。",
                "contractor",
            )
        _apply(locked, fields)
        after = contract_values(locked)
        check_fresh(seen, before, after)
        if after == before:
            return locked
        locked.save()
        details = changes(before, after, CONTRACT_LABELS)
        record(user, "contractors.contract_edit", organization=locked.organization, obj=locked, details=details)
    return locked


def allowed_targets(contract: Contract) -> tuple[str, ...]:
    return TRANSITIONS.get(contract.status, ())


@action
def set_status(contract: Contract, target: str, *, user: User) -> Contract:
    """Move the contract along 予定 → 契約済 → 終了 (see TRANSITIONS); 契約済 needs a 委託先."""
    require_role(user, contract.organization, EDITOR_ROLES, "委託契約の状態を変更する")
    with transaction.atomic():
        locked = Contract.objects.select_for_update(of=("self",)).select_related("contractor").get(pk=contract.pk)
        if target not in ContractStatus.values:
            raise RegisterRefused("変更先の状態が正しくありません。", "status")
        current = ContractStatus(locked.status)
        if target not in TRANSITIONS[current]:
            allowed = "、".join(f"「{ContractStatus(t).label}」" for t in TRANSITIONS[current]) or "ありません"
            raise RegisterRefused(
                f"「{current.label}」の委託契約を「{ContractStatus(target).label}」にはできません"
                f"(変更できる状態: {allowed})。",
                "status",
            )
        if target == ContractStatus.SIGNED and locked.contractor is None:
            raise RegisterRefused(
                "委託先が未定のため「契約済」にできません。先に契約を編集して「委託先」を選んでください。", "contractor"
            )
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        details = {
            "before": {"status": current.label},
            "after": {"status": ContractStatus(target).label},
            "labels": {"status": "状態"},
        }
        record(user, "contractors.contract_status", organization=locked.organization, obj=locked, details=details)
    return locked


# --- 委託事項との紐付け ------------------------------------------------------------------------


def assessment_entrustments(assessment: Assessment) -> tuple[int, list[Entrustment]]:
    """The 委託事項 of the 評価書's latest save (its number, and the 委託事項)."""
    latest = assessment.versions.latest("number")
    return latest.number, entrustments(latest.document())


@action
def link(contract: Contract, assessment: Assessment, element_path: str, *, user: User) -> ContractLink:
    """Link the contract to one 委託事項 (by element path) of the 評価書's latest save."""
    require_role(user, contract.organization, EDITOR_ROLES, "委託契約と委託事項を紐付ける")
    if assessment.organization.pk != contract.organization_id:
        raise RegisterRefused("「評価書」はこの団体の評価書から選んでください。", "assessment")
    number, entries = assessment_entrustments(assessment)
    entry = next((e for e in entries if e.path == element_path), None)
    if entry is None:
        raise RegisterRefused(
            "「委託事項」: 選んだ委託事項は評価書の最新の保存にありません。選び直してください。", "entrustment"
        )
    with transaction.atomic():
        if contract.links.filter(assessment=assessment, element_path=element_path).exists():
            raise RegisterRefused(f"「{entry.label}」はすでにこの委託契約に紐付いています。", "entrustment")
        created = _create_link(contract, assessment, entry, number, user)
        record(
            user, "contractors.link", organization=contract.organization, obj=contract, details=_link_details(created)
        )
    return created


def _create_link(
    contract: Contract, assessment: Assessment, entry: Entrustment, number: int, user: User
) -> ContractLink:
    return ContractLink.objects.create(
        contract=contract,
        assessment=assessment,
        element_path=entry.path,
        item_name=entry.name[:300],
        item_label=entry.label[:500],
        contractor_text=entry.contractor_name[:300],
        version_number=number,
        linked_by=user,
    )


def _link_details(link_: ContractLink) -> dict[str, Any]:
    return {
        "contract": link_.contract.name,
        "assessment": link_.assessment.title,
        "element_path": link_.element_path,
        "item": link_.item_label,
        "version": link_.version_number,
    }


@action
def unlink(link_: ContractLink, *, user: User) -> None:
    contract = link_.contract
    require_role(user, contract.organization, EDITOR_ROLES, "委託契約と委託事項の紐付けを解除する")
    with transaction.atomic():
        details = _link_details(link_)
        link_.delete()
        record(user, "contractors.unlink", organization=contract.organization, obj=contract, details=details)


# --- 評価書からの読み込み --------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What reading a 評価書's 委託事項 did, one Japanese line per 委託事項 and per 委託先."""

    read: int = 0
    contractors_created: list[str] = field(default_factory=list)
    contractors_matched: list[str] = field(default_factory=list)
    contracts_created: list[str] = field(default_factory=list)
    contracts_matched: list[str] = field(default_factory=list)
    links_created: list[str] = field(default_factory=list)
    already_linked: list[str] = field(default_factory=list)
    version_number: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.contractors_created or self.contracts_created or self.links_created)

    def summary(self) -> str:
        if not self.read:
            return "この評価書の最新の保存には委託事項がありません。"
        return (
            f"委託事項{self.read}件を読み込みました(第{self.version_number}回保存): "
            f"委託先 新規{len(self.contractors_created)}件・登録済み{len(self.contractors_matched)}件、"
            f"委託契約 新規{len(self.contracts_created)}件・登録済み{len(self.contracts_matched)}件、"
            f"紐付け 新規{len(self.links_created)}件・紐付け済み{len(self.already_linked)}件。"
        )

    def to_details(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v}


@action
def import_from_assessment(assessment: Assessment, *, user: User) -> ImportResult:
    """Read every 委託事項 of the 評価書's latest save into the register: its ⑥委託先名 matched with
    the 委託先 by name (``pia.contractors.name_key``; a new 委託先 when none matches), a 委託契約
    for each 委託事項 (契約済 when the 委託先名 is given; 予定 with the date the 未定 text expects
    otherwise), unless one of the same name and 委託先 exists, and the link. Idempotent: a 委託事項
    already linked is left as it is, so a second run creates nothing."""
    organization = assessment.organization
    require_role(user, organization, EDITOR_ROLES, "評価書の委託事項を読み込む")
    result = ImportResult()
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        result.version_number, entries = assessment_entrustments(locked)
        result.read = len(entries)
        linked = set(ContractLink.objects.filter(assessment=locked).values_list("element_path", flat=True))
        for entry in entries:
            if entry.path in linked:
                result.already_linked.append(entry.label)
                continue
            contractor = _contractor_for(organization, entry, result)
            contract = _contract_for(organization, entry, contractor, result)
            _create_link(contract, locked, entry, result.version_number, user)
            result.links_created.append(f"{entry.label} → 委託契約「{contract.name}」")
        if result.changed:
            record(user, "contractors.import", organization=organization, obj=locked, details=result.to_details())
    return result


def _contractor_for(organization: Organization, entry: Entrustment, result: ImportResult) -> Contractor | None:
    text = entry.contractor_name
    if not text or is_undecided(text) or not name_key(text):
        return None
    key = name_key(text)
    found = Contractor.objects.filter(organization=organization, name_key=key).order_by("pk").first()
    if found is not None:
        line = f"「{text}」→ 登録済みの委託先「{found.name}」"
        if line not in result.contractors_matched:
            result.contractors_matched.append(line)
        return found
    created = Contractor.objects.create(organization=organization, name=text[:200], name_key=key)
    result.contractors_created.append(f"「{created.name}」")
    return created


def _contract_for(
    organization: Organization, entry: Entrustment, contractor: Contractor | None, result: ImportResult
) -> Contract:
    name = (entry.name or entry.content or entry.heading)[:200]
    key = name_key(name) or name
    found = (
        Contract.objects.filter(organization=organization, name_key=key, contractor=contractor).order_by("pk").first()
    )
    if found is not None:
        result.contracts_matched.append(f"「{found.name}」({found.get_status_display()})")
        return found
    contract = Contract(organization=organization, contractor=contractor, name=name, name_key=key)
    if contractor is not None:
        contract.status = ContractStatus.SIGNED
        result.contracts_created.append(f"「{name}」(契約済、委託先「{contractor.name}」)")
    else:
        contract.status = ContractStatus.PLANNED
        contract.expected_text = entry.contractor_name[:300]
        expected = expected_date(entry.contractor_name)
        if expected is not None:
            contract.expected_on, contract.expected_precision = expected.on, expected.precision.value
        when = f"、締結予定 {expected.describe()}" if expected else ""
        result.contracts_created.append(f"「{name}」(予定、委託先 未定{when})")
    contract.save()
    return contract

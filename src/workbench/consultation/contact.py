"""What the comment form asks of the commenter, set per 意見募集 by the body: which contact details
(氏名/団体名, 住所, 電話番号, メールアドレス), whether each is required, the reason shown above the
form, and whether anonymous comments are accepted. Editable when the 意見募集 is registered and
until it opens (a form must not change under the people already writing to it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from workbench import clock
from workbench.acting import action
from workbench.audit.actions import record
from workbench.concurrency import before_after, check_fresh
from workbench.consultation.actions import ConsultationError
from workbench.consultation.models import DEFAULT_CONTACT_REASON, Ask, Consultation
from workbench.organizations.access import EDITOR_ROLES, require_role

# form field → (the Consultation's setting, the label the form and its messages use)
CONTACT_FIELDS = {
    "name": ("ask_name", "氏名/団体名"),
    "address": ("ask_address", "住所"),
    "phone": ("ask_phone", "電話番号"),
    "email": ("ask_email", "メールアドレス"),
}
ANONYMOUS_FREE = ("name", "address")  # not required where anonymous comments are accepted
SETTING_FIELDS = (*(setting for setting, _ in CONTACT_FIELDS.values()), "contact_reason", "anonymous")
DEFAULTS: dict[str, object] = {
    "ask_name": Ask.REQUIRED,
    "ask_address": Ask.REQUIRED,
    "ask_phone": Ask.OPTIONAL,
    "ask_email": Ask.OPTIONAL,
    "contact_reason": DEFAULT_CONTACT_REASON,
    "anonymous": False,
}
ANONYMOUS_REFUSED = "この意見募集では、匿名の意見は受け付けていません。"


class ContactSettingsError(ConsultationError):
    """Settings the rules refuse (Japanese message naming the setting)."""


@dataclass(frozen=True)
class AskedField:
    name: str  # the form field
    label: str
    required: bool


def asked_fields(consultation: Consultation) -> list[AskedField]:
    """The contact details the consultation's form asks, in order, with what is required."""
    fields = []
    for name, (setting, label) in CONTACT_FIELDS.items():
        ask = getattr(consultation, setting)
        if ask == Ask.NOT_ASKED:
            continue
        required = ask == Ask.REQUIRED and not (consultation.anonymous and name in ANONYMOUS_FREE)
        fields.append(AskedField(name, label, required))
    return fields


def asked_labels(consultation: Consultation) -> str:
    """「氏名/団体名・住所・電話番号」: what the form asks, for the sentence 「…は公表しません」."""
    return "・".join(f.label for f in asked_fields(consultation))


def check_settings(values: dict[str, object]) -> None:
    """ContactSettingsError for settings that cannot be: an unknown choice, or 匿名 refused while
    氏名 is not required (a comment without a name would be accepted after all)."""
    for setting, label in CONTACT_FIELDS.values():
        if values[setting] not in Ask.values:
            raise ContactSettingsError(f"「{label}の入力」は必須・任意・尋ねないから選んでください。")
    if not values["anonymous"] and values["ask_name"] != Ask.REQUIRED:
        raise ContactSettingsError(
            "匿名の意見を受け付けない場合は、「氏名/団体名の入力」を「必須」にしてください"
            "(匿名の意見を受け付ける場合は「匿名の意見」で「受け付ける」を選んでください)。"
        )
    if len(str(values["contact_reason"])) > 1000:
        raise ContactSettingsError("「連絡先をお伺いする理由」は1000文字以内で入力してください。")


def settings_values(consultation: Consultation) -> dict[str, object]:
    """The settings as stored (what a form's ``seen`` fingerprint is taken over)."""
    return {name: getattr(consultation, name) for name in SETTING_FIELDS}


def normalized(values: dict[str, object]) -> dict[str, object]:
    """Posted settings: every setting present (defaults for missing ones), the reason's line breaks LF."""
    result = {name: values.get(name, DEFAULTS[name]) for name in SETTING_FIELDS}
    reason = str(result["contact_reason"] or "")
    result["contact_reason"] = reason.replace("\r\n", "\n").replace("\r", "\n").strip()
    result["anonymous"] = bool(result["anonymous"])
    return result


def editable(consultation: Consultation) -> bool:
    """Until the period starts (and never for a past record or once results are out)."""
    return not consultation.past_record and clock.today() < consultation.opens_on


@action
def update_contact_settings(
    consultation: Consultation, *, user: User, seen: str | None = None, **values: object
) -> Consultation:
    """Change what the form asks (管理者・作成者), before the period starts. ``seen``: the
    fingerprint of the settings the form showed (a colleague's save since then raises
    ``StaleEditError``). Audited with the settings before and after."""
    require_role(user, consultation.organization, EDITOR_ROLES, "意見の提出フォームの設定を変更する")
    if not editable(consultation):
        raise ContactSettingsError(
            "意見募集が始まった後は、提出フォームで尋ねる項目を変更できません(提出する人によって求める項目が変わるため)。"
        )
    new = normalized(values)
    check_settings(new)
    with transaction.atomic():
        old = settings_values(Consultation.objects.select_for_update().get(pk=consultation.pk))
        check_fresh(seen, old, new)
        changed = sorted(name for name, value in new.items() if old[name] != value)
        if not changed:
            return consultation
        for name in SETTING_FIELDS:
            setattr(consultation, name, new[name])
        consultation.save(update_fields=changed)
        record(
            user,
            "consultation.contact_settings",
            organization=consultation.organization,
            obj=consultation,
            details={"changed": changed, **before_after(old, new)},
        )
    return consultation

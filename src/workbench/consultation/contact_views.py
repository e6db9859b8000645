"""The staff page of the comment form's settings (contact.py): what it asks, the reason shown
above it, anonymous comments. 管理者・作成者 change them until the period starts; everyone who
sees the 意見募集 sees them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from workbench.concurrency import StaleEditError, conflict_rows, fingerprint
from workbench.consultation import contact
from workbench.consultation.access import access_consultation
from workbench.consultation.forms import ContactSettingsForm
from workbench.consultation.models import Ask, Consultation
from workbench.consultation.public_views import period_text
from workbench.organizations.access import EDITOR_ROLES, has_role

LABELS = {
    **{setting: f"{label}の入力" for setting, label in contact.CONTACT_FIELDS.values()},
    "anonymous": "匿名の意見",
    "contact_reason": "連絡先をお伺いする理由",
}


def shown(values: dict[str, Any]) -> dict[str, str]:
    """The settings as people read them (必須/任意/尋ねない, 受け付ける/受け付けない)."""
    result = {}
    for name, value in values.items():
        if name == "anonymous":
            result[name] = "受け付ける" if value else "受け付けない"
        elif name.startswith("ask_"):
            result[name] = Ask(value).label
        else:
            result[name] = str(value) or "(なし)"
    return result


def _form_values(consultation: Consultation) -> dict[str, Any]:
    values = contact.settings_values(consultation)
    return {**values, "anonymous": "1" if values["anonymous"] else "0"}


@login_required
def edit_contact_settings(request, pk: int):
    consultation = access_consultation(request.user, pk)
    editor = has_role(request.user, consultation.organization, EDITOR_ROLES)
    can_edit = editor and contact.editable(consultation)
    status, seen = 200, fingerprint(contact.settings_values(consultation))
    conflict: dict[str, Any] | None = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("提出フォームの設定を変更できません(管理者・作成者が、募集の開始前に変更できます)。")
        form = ContactSettingsForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                contact.update_contact_settings(
                    consultation, **form.cleaned_data, seen=request.POST.get("seen"), user=request.user
                )
            except contact.ContactSettingsError as exc:
                form.add_error(None, str(exc))
            except StaleEditError as stale:
                consultation.refresh_from_db()
                rows = conflict_rows(LABELS, shown(stale.current), shown(stale.attempted))
                conflict, status, seen = {"rows": rows}, 409, fingerprint(stale.current)
            else:
                messages.success(request, "提出フォームの設定を保存しました。")
                return redirect("consultation_staff", consultation.pk)
    else:
        form = ContactSettingsForm(initial=_form_values(consultation))
    values = shown(contact.settings_values(consultation))
    context = {
        "c": consultation,
        "period": period_text(consultation),
        "form": form,
        "editor": editor,
        "can_edit": can_edit,
        "rows": [{"label": LABELS[name], "value": value} for name, value in values.items()],
        "stale": conflict,
        "seen": seen,
    }
    return render(request, "consultation/contact.html", context, status=status)

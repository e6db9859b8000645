"""Django forms with Japanese labels and messages (しきい値判断, 評価書の作成)."""

from __future__ import annotations

from datetime import date
from typing import cast

from django import forms

from pia.forms import FORM_KIND_LABELS
from pia.rules import load_rules
from pia.wareki import WarekiError, parse_date

COUNT_ERRORS = {
    "required": "人数を入力してください。",
    "invalid": "人数は0以上の整数(半角数字)で入力してください。",
    "min_value": "人数は0以上にしてください。",
}


def _exemption_choices() -> list[tuple[str, str]]:
    return [(row.id, row.label) for row in load_rules().on(date.today()).exemptions]


class WarekiDateField(forms.CharField):
    """A date written in ISO (2025-12-01) or 和暦 (令和7年12月1日, R7.12.1)."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except WarekiError as exc:
            raise forms.ValidationError(f"日付が正しくありません: {exc}") from None


DATE_HINT = "和暦(令和8年4月1日)または西暦(2026-04-01)。"


def field_messages(label: str) -> dict[str, str]:
    """Messages that name the field (Django's own do not): required, too long, not offered."""
    return {
        "required": f"「{label}」を入力してください。",
        "max_length": f"「{label}」は%(limit_value)d文字以内で入力してください(入力は%(show_value)d文字です)。",
        "invalid_choice": f"「{label}」を選び直してください(選べる候補にありません)。",
    }


class NamedDateField(WarekiDateField):
    """A 和暦 or ISO date whose refusal names the field: 「契約期間の始まり」: 日付が正しくありません…."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(f"「{self.label}」: {' '.join(exc.messages)}") from None


def date_field(label: str, *, required: bool = True) -> WarekiDateField:
    """A date input of the house style: 和暦 or ISO, the hint under it, refusals naming it."""
    return NamedDateField(
        label=label,
        required=required,
        help_text=DATE_HINT,
        error_messages=field_messages(label),
        widget=forms.TextInput(attrs={"size": 20}),
    )


class RefusalForm(forms.Form):
    """A form that shows an action's refusal at its field (or above the form when it names none)."""

    def add_refusal(self, field: str | None, message: str) -> None:
        self.add_error(field if field in self.fields else None, message)


class ThresholdForm(forms.Form):
    subjects = forms.IntegerField(label="対象人数(事務全体)", min_value=0, required=False, error_messages=COUNT_ERRORS)
    handlers = forms.IntegerField(
        label="取扱者数(委託先の従業者を含む)", min_value=0, required=False, error_messages=COUNT_ERRORS
    )
    on = WarekiDateField(
        label="基準日(しきい値判断の日)",
        required=False,
        help_text="和暦(令和7年12月1日)または西暦(2025-12-01)。空欄なら今日です。",
    )
    incidents = forms.CharField(
        label="重大事故の発生を知った日(1行に1件)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    exemptions = forms.MultipleChoiceField(label="適用除外", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["exemptions"]).choices = _exemption_choices()

    def clean_incidents(self) -> tuple[date, ...]:
        days = []
        for n, line in enumerate(self.cleaned_data["incidents"].splitlines(), start=1):
            if line.strip():
                try:
                    days.append(parse_date(line.strip()))
                except WarekiError as exc:
                    raise forms.ValidationError(f"{n}行目の日付が正しくありません: {exc}") from None
        return tuple(days)

    def clean(self):
        data = super().clean() or {}
        if not data.get("exemptions") and not self.errors:
            for key in ("subjects", "handlers"):
                if data.get(key) is None:
                    self.add_error(key, "適用除外に当たらない場合は、人数を入力してください。")
        return data


class CreateAssessmentForm(forms.Form):
    organization = forms.TypedChoiceField(label="団体", coerce=int)
    jimu_name = forms.CharField(
        label="事務の名称", max_length=300, error_messages={"required": "事務の名称を入力してください。"}
    )
    forms_to_create = forms.MultipleChoiceField(
        label="作成する評価書",
        choices=list(FORM_KIND_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "作成する評価書を1つ以上選んでください。"},
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organization"]).choices = [(o.pk, o.name) for o in organizations]

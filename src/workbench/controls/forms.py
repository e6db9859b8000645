"""The forms of the controls, with Japanese labels and messages naming the field. The checks that
need the stored rows (a check dated in the future, a frequency not offered, a sentence not in the
measure) are the actions'; a refusal comes back to its field (``add_refusal``)."""

from __future__ import annotations

from typing import cast

from django import forms

from pia.wareki import WarekiError, parse_date
from workbench.assessments.forms import DATE_HINT, RefusalForm, date_field
from workbench.assessments.forms import field_messages as _messages
from workbench.controls.models import FREQUENCY_CHOICES, CheckResult, Conclusion


def _messages_choose(label: str) -> dict[str, str]:
    return {**_messages(label), "required": f"「{label}」を選んでください。"}


class ControlForm(RefusalForm):
    choice = forms.CharField(widget=forms.HiddenInput, error_messages=_messages_choose("措置"))
    title = forms.CharField(
        label="管理項目名",
        max_length=200,
        error_messages=_messages("管理項目名"),
        widget=forms.TextInput(attrs={"size": 60}),
    )
    owner = forms.TypedChoiceField(label="担当者", coerce=int, error_messages=_messages_choose("担当者"))
    frequency = forms.ChoiceField(
        label="頻度",
        choices=FREQUENCY_CHOICES,
        widget=forms.RadioSelect,
        error_messages=_messages_choose("頻度"),
        help_text="措置の記載から読み取った頻度を選んであります。記載どおりか確かめてください。",
    )
    due_dates = forms.CharField(
        label="期日(「期日を指定」のとき)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 30}),
        help_text="1行に1つ。" + DATE_HINT,
    )
    starts_on = date_field("開始日")

    def __init__(self, *args, owners: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner"]).choices = [("", "選んでください"), *owners]

    def clean_due_dates(self):
        found = []
        for n, line in enumerate(self.cleaned_data["due_dates"].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                found.append(parse_date(line.strip()))
            except WarekiError as exc:
                raise forms.ValidationError(f"「期日」の{n}行目: {exc}") from None
        return tuple(found)


class CheckForm(RefusalForm):
    checked_on = date_field("確認日")
    result = forms.ChoiceField(
        label="結果", choices=CheckResult.choices, widget=forms.RadioSelect, error_messages=_messages_choose("結果")
    )
    note = forms.CharField(
        label="所見",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="適合でないときは、何が足りなかったか、どう直すかを書きます。",
    )
    evidence = forms.CharField(
        label="証跡(文書番号など)",
        required=False,
        max_length=200,
        error_messages=_messages("証跡"),
        help_text="確認の記録を保管している文書番号や保管場所(例: 区政第1234号、現場確認票綴り)。",
    )


class ReviewForm(RefusalForm):
    reviewed_on = date_field("見直しの日")
    conclusion = forms.ChoiceField(
        label="結論", choices=Conclusion.choices, widget=forms.RadioSelect, error_messages=_messages_choose("結論")
    )
    note = forms.CharField(
        label="備考",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="修正・重要な変更のときは、何を直すかを書きます。",
    )

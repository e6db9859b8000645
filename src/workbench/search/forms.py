"""The search form: the words and the filters, every refusal a Japanese message naming the field."""

from __future__ import annotations

from typing import cast

from django import forms

from pia.forms import FORM_KIND_LABELS
from workbench.assessments.access import jimus_for
from workbench.assessments.models import Status
from workbench.search.service import Filters
from workbench.search.text import Query, QueryError, parse_query

ANY = [("", "すべて")]


class SearchForm(forms.Form):
    q = forms.CharField(label="検索語", required=False, strip=True)
    form = forms.ChoiceField(label="様式", required=False, choices=ANY + list(FORM_KIND_LABELS.items()))
    jimu = forms.TypedChoiceField(label="事務", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="状態", required=False, choices=ANY + list(Status.choices))
    since = forms.DateField(label="日付(から)", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="日付(まで)", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["jimu"]).choices = ANY + [(j.pk, j.name) for j in jimus_for(user)]
        for name in ("since", "until"):
            self.fields[name].error_messages["invalid"] = (
                f"{self.fields[name].label}は日付(例:2026-04-01)で入力してください。"
            )
        for name in ("form", "jimu", "status"):
            self.fields[name].error_messages["invalid_choice"] = (
                f"{self.fields[name].label}の選択肢から選んでください。"
            )

    def clean_q(self) -> Query:
        try:
            return parse_query(self.cleaned_data["q"])
        except QueryError as error:
            raise forms.ValidationError(f"検索語:{error}") from None

    def clean(self):
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "日付(まで)は日付(から)と同じか後の日にしてください。")
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(data["form"], data["jimu"], data["status"], data["since"], data["until"])

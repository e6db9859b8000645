"""The audit log's filters: a bad date is answered with a message at the field, never a 500."""

from __future__ import annotations

from datetime import date

from django import forms

from pia.wareki import WarekiError, parse_date


class AuditFilterForm(forms.Form):
    action = forms.CharField(label="操作", required=False, max_length=60)
    actor = forms.CharField(label="実行者", required=False, max_length=150)
    object = forms.CharField(label="対象", required=False, max_length=300)
    since = forms.CharField(label="期間(開始日)", required=False, max_length=40)
    until = forms.CharField(label="期間(終了日)", required=False, max_length=40)

    def clean_since(self) -> date | None:
        return _day(self.cleaned_data.get("since", ""))

    def clean_until(self) -> date | None:
        return _day(self.cleaned_data.get("until", ""))

    def clean(self):
        super().clean()
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        if since and until and since > until:
            self.add_error("until", "終了日が開始日より前になっています。")
        return self.cleaned_data


def _day(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except WarekiError as exc:
        raise forms.ValidationError(f"{exc}(書き方の例:2026-04-01、令和8年4月1日)") from None

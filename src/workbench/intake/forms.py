"""The forms of 取り込み, with Japanese labels and messages naming the field."""

from __future__ import annotations

from typing import cast

from django import forms

from pia.forms import FORM_KIND_LABELS, all_forms
from workbench.assessments.forms import WarekiDateField

FORM_CHOICES = [("auto", "ファイルから判定する"), *FORM_KIND_LABELS.items()]
ACCEPT = ".pdf,.xlsx,.docx,.txt,.text,application/pdf,text/plain"


def _edition_choices() -> list[tuple[str, str]]:
    editions = sorted({t.edition for t in all_forms()})
    return [("", "ファイルから判定する"), *((e, e) for e in editions)]


class UploadForm(forms.Form):
    organization = forms.TypedChoiceField(label="団体", coerce=int)
    file = forms.FileField(
        label="評価書のファイル(PDF・Excel・Word・テキスト)",
        error_messages={"required": "取り込むファイルを選んでください。", "empty": "ファイルが空です(0バイト)。"},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    form = forms.ChoiceField(label="評価書の種類", choices=FORM_CHOICES, initial="auto")
    edition = forms.ChoiceField(label="様式の版", choices=(), required=False)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organization"]).choices = [(o.pk, o.name) for o in organizations]
        cast(forms.ChoiceField, self.fields["edition"]).choices = _edition_choices()


class AssignForm(forms.Form):
    target = forms.ChoiceField(label="追記する項目", choices=(), error_messages={"required": "項目を選んでください。"})

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = [(t.path, t.label) for t in targets]


class RegisterForm(forms.Form):
    published_on = WarekiDateField(
        label="公表日",
        help_text="和暦(令和7年12月1日)または西暦(2025-12-01)。表紙の公表日にも記入します。",
        error_messages={"required": "公表日を入力してください。"},
    )
    destination = forms.ChoiceField(label="登録先", choices=(), initial="new")
    jimu_name = forms.CharField(
        label="事務の名称(新しい評価書のとき)",
        max_length=300,
        required=False,
        help_text="同じ名称の事務があればその事務に、なければ新しい事務として登録します。",
        widget=forms.TextInput(attrs={"size": 50}),
    )

    def __init__(self, *args, assessments=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("new", "新しい評価書として登録する")]
        choices += [(str(a.pk), f"既存の評価書「{a.title}」({a.jimu.name})の公表版にする") for a in assessments]
        cast(forms.ChoiceField, self.fields["destination"]).choices = choices
        self.fields["published_on"].required = True

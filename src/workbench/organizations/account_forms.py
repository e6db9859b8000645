"""The form of a new account, with Japanese labels and messages naming the field."""

from __future__ import annotations

from django import forms
from django.contrib.auth.validators import ASCIIUsernameValidator

from workbench.organizations.models import Role


def _messages(label: str) -> dict[str, str]:
    return {
        "required": f"「{label}」を入力してください。",
        "max_length": f"「{label}」は%(limit_value)d文字以内で入力してください(入力は%(show_value)d文字です)。",
        "invalid": f"「{label}」の形式が正しくありません。",
        "invalid_choice": f"「{label}」を選び直してください(選べる候補にありません)。",
    }


USERNAME_RULE = ASCIIUsernameValidator(
    message="「ユーザー名」には半角の英字・数字と「@ . + - _」だけを使ってください(例: kumamoto.taro)。"
)


class NewAccountForm(forms.Form):
    full_name = forms.CharField(
        label="氏名", max_length=150, error_messages=_messages("氏名"), widget=forms.TextInput(attrs={"size": 30})
    )
    username = forms.CharField(
        label="ユーザー名",
        max_length=150,
        validators=[USERNAME_RULE],
        error_messages=_messages("ユーザー名") | {"invalid": USERNAME_RULE.message},  # the rule's own words
        help_text="ログインに使う名前です。半角の英字・数字と「@ . + - _」、150文字以内。",
        widget=forms.TextInput(attrs={"size": 30, "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="メールアドレス",
        max_length=254,
        error_messages={
            **_messages("メールアドレス"),
            "invalid": "「メールアドレス」の形式が正しくありません(例: taro@city.example.lg.jp)。",
        },
        help_text="パスワード設定のご案内(1回だけ使えるリンク)をこのアドレスに送ります。",
        widget=forms.EmailInput(attrs={"size": 40, "autocomplete": "off"}),
    )
    roles = forms.MultipleChoiceField(
        label="役割",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "「役割」を1つ以上選んでください。",
            "invalid_choice": "「役割」を選び直してください(選べる候補にありません)。",
        },
    )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip()

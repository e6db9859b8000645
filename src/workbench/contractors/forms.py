"""The forms of the 委託先 register, with Japanese labels and messages naming the field. The
checks that need the register (法人番号's check digit and uniqueness, the term, the status) are
the actions'; a refusal comes back to its field (``add_refusal``)."""

from __future__ import annotations

from typing import cast

from django import forms

from pia.contractors import Precision
from workbench.assessments.forms import RefusalForm, date_field
from workbench.assessments.forms import field_messages as _required
from workbench.contractors.models import CertificationKind, ContractStatus


class ContractorForm(RefusalForm):
    organization = forms.TypedChoiceField(error_messages=_required("団体"), label="団体", coerce=int)
    name = forms.CharField(label="委託先名", max_length=200, error_messages=_required("委託先名"))
    corporate_number = forms.CharField(
        error_messages=_required("法人番号"),
        label="法人番号",
        max_length=30,
        required=False,
        help_text="13桁。全角数字やハイフン区切りのままでも入力できます。国税庁法人番号公表サイトで確認できます。",
        widget=forms.TextInput(attrs={"size": 20, "inputmode": "numeric", "autocomplete": "off"}),
    )
    address = forms.CharField(
        error_messages=_required("所在地"),
        label="所在地",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
    )
    contact_person = forms.CharField(error_messages=_required("担当者"), label="担当者", max_length=100, required=False)
    phone = forms.CharField(
        error_messages=_required("電話番号"),
        label="電話番号",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email = forms.EmailField(
        label="メールアドレス",
        required=False,
        error_messages={"invalid": "「メールアドレス」の形式が正しくありません(例: tantou@example.co.jp)。"},
    )
    notes = forms.CharField(
        error_messages=_required("備考"), label="備考", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["organization"])
        field.choices = [(o.pk, o.name) for o in organizations]
        if len(field.choices) <= 1:
            field.widget = forms.HiddenInput()
            if field.choices:
                self.initial.setdefault("organization", field.choices[0][0])


class CertificationForm(RefusalForm):
    kind = forms.ChoiceField(label="種類", choices=CertificationKind.choices, error_messages=_required("種類"))
    name = forms.CharField(error_messages=_required("名称"), label="名称(その他のとき)", max_length=100, required=False)
    number = forms.CharField(error_messages=_required("登録番号"), label="登録番号", max_length=100, required=False)
    expires_on = date_field("有効期限", required=False)


PRECISION_FIELD_CHOICES = [("", "—"), *((p.value, p.label) for p in Precision)]


class ContractForm(RefusalForm):
    organization = forms.TypedChoiceField(error_messages=_required("団体"), label="団体", coerce=int)
    name = forms.CharField(
        label="契約名",
        max_length=200,
        error_messages=_required("契約名"),
        widget=forms.TextInput(attrs={"size": 60}),
    )
    contractor = forms.TypedChoiceField(
        error_messages=_required("委託先"), label="委託先", coerce=int, required=False, empty_value=None
    )
    starts_on = date_field("契約期間の始まり", required=False)
    ends_on = date_field("契約期間の終わり", required=False)
    expected_on = date_field("契約締結の予定日(予定のとき)", required=False)
    expected_precision = forms.ChoiceField(
        error_messages=_required("予定日の精度"),
        label="予定日の精度",
        choices=PRECISION_FIELD_CHOICES,
        required=False,
        help_text="「月」なら予定日はその月の末日、「年度」なら3月31日です。",
    )
    expected_text = forms.CharField(
        error_messages=_required("評価書の記載"), label="評価書の記載(未定のとき)", max_length=300, required=False
    )
    notes = forms.CharField(
        error_messages=_required("備考"), label="備考", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organizations=(), contractors=(), **kwargs):
        super().__init__(*args, **kwargs)
        org_field = cast(forms.ChoiceField, self.fields["organization"])
        org_field.choices = [(o.pk, o.name) for o in organizations]
        if len(org_field.choices) <= 1:
            org_field.widget = forms.HiddenInput()
            if org_field.choices:
                self.initial.setdefault("organization", org_field.choices[0][0])
        choices = [("", "未定(まだ決まっていない)")]
        choices += [
            (c.pk, f"{c.name}({c.organization.name})" if len(org_field.choices) > 1 else c.name) for c in contractors
        ]
        cast(forms.ChoiceField, self.fields["contractor"]).choices = choices

    def clean(self):
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "「契約期間の終わり」が「契約期間の始まり」より前です。")
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        error_messages=_required("変更後の状態"), label="変更後の状態", choices=ContractStatus.choices
    )


class LinkForm(RefusalForm):
    target = forms.ChoiceField(
        label="紐付ける委託事項",
        choices=(),
        error_messages={
            "required": "「紐付ける委託事項」を選んでください。",
            "invalid_choice": "「紐付ける委託事項」を選び直してください。",
        },
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = [("", "選んでください"), *targets]


# --- 再委託 -------------------------------------------------------------------------------------

FILE_HINT = "PDF、画像(PNG・JPEG)、Word・Excel・PowerPoint。20 MBまで。紙の書類はスキャンしたPDFで。"


def _file(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=FILE_HINT,
        error_messages={
            "invalid": f"「{label}」: ファイルを選び直してください。",
            "missing": f"「{label}」: ファイルが届きませんでした。選び直してください。",
            "empty": f"「{label}」: ファイルが空です。",
        },
    )


class ResubcontractForm(RefusalForm):
    link = forms.TypedChoiceField(
        label="委託事項(評価書)",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages=_required("委託事項"),
        help_text="審査項目には、この委託事項の「⑧再委託の許諾方法」の記載が入ります。",
    )
    subcontractor_name = forms.CharField(
        label="再委託先名",
        max_length=200,
        error_messages=_required("再委託先名"),
        widget=forms.TextInput(attrs={"size": 50}),
    )
    subcontractor_number = forms.CharField(
        label="再委託先の法人番号",
        max_length=30,
        required=False,
        error_messages=_required("再委託先の法人番号"),
        help_text="13桁。全角数字やハイフン区切りのままでも入力できます。",
        widget=forms.TextInput(attrs={"size": 20, "inputmode": "numeric", "autocomplete": "off"}),
    )
    subcontractor_address = forms.CharField(
        label="再委託先の所在地",
        max_length=300,
        required=False,
        error_messages=_required("再委託先の所在地"),
        widget=forms.TextInput(attrs={"size": 60}),
    )
    work = forms.CharField(
        label="再委託する業務",
        error_messages=_required("再委託する業務"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    personal_data = forms.CharField(
        label="取り扱う特定個人情報",
        error_messages=_required("取り扱う特定個人情報"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例: 住民基本台帳ファイルのうち、氏名・住所・個人番号",
    )
    starts_on = date_field("再委託の期間の始まり", required=False)
    ends_on = date_field("再委託の期間の終わり", required=False)
    received_on = date_field("申請の受付日", required=False)
    file_application = _file("再委託申請書")
    file_pledge = _file("再委託先の誓約書")
    file_equivalent = _file("同等の義務を確認できる書類")

    def __init__(self, *args, links=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].required = True
        cast(forms.ChoiceField, self.fields["link"]).choices = [
            ("", "選ばない"),
            *((k.pk, k.item_label) for k in links),
        ]

    def clean(self):
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "「再委託の期間の終わり」が「再委託の期間の始まり」より前です。")
        return data


class AttachmentForm(RefusalForm):
    kind = forms.ChoiceField(label="書類の種類", choices=(), error_messages=_required("書類の種類"))
    file_other = _file("添付するファイル")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from workbench.contractors.models import AttachmentKind

        cast(forms.ChoiceField, self.fields["kind"]).choices = AttachmentKind.choices
        self.fields["file_other"].required = True
        self.fields["file_other"].error_messages["required"] = "「添付するファイル」を選んでください。"


class CheckForm(RefusalForm):
    state = forms.ChoiceField(label="結果", choices=(), widget=forms.RadioSelect, error_messages=_required("結果"))
    note = forms.CharField(label="メモ", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from workbench.contractors.models import CheckState

        cast(forms.ChoiceField, self.fields["state"]).choices = CheckState.choices


class DecisionForm(RefusalForm):
    decision = forms.ChoiceField(
        label="決定",
        choices=(("approved", "許諾する"), ("rejected", "許諾しない(不許諾)")),
        widget=forms.RadioSelect,
        error_messages=_required("決定"),
    )
    conditions = forms.CharField(
        label="許諾の条件(1行に1つ)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="許諾通知書に番号を付けて記載します。",
    )
    reason = forms.CharField(
        label="不許諾の理由",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不許諾のときは必須です。不許諾通知書に記載します。",
    )


class WithdrawForm(RefusalForm):
    reason = forms.CharField(
        label="取下げの理由", required=False, max_length=2000, widget=forms.TextInput(attrs={"size": 50})
    )

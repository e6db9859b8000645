"""Forms of the 意見募集. Every error names its field in Japanese."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join

from workbench.consultation.contact import (
    ANONYMOUS_REFUSED,
    CONTACT_FIELDS,
    DEFAULTS,
    ContactSettingsError,
    asked_fields,
    check_settings,
    normalized,
    settings_values,
)
from workbench.consultation.models import DEFAULT_BADGE, DEFAULT_HEADER_NOTE, Ask, Channel, Consultation
from workbench.consultation.summary_texts import CHANGES_MAX, CONTACT_MAX, CONTENT_MAX, ROWS_MAX, WHEN_MAX, Row

PHONE = re.compile(r"^[0-9０-９\-‐－()（） +]{6,20}$")


def _messages(label: str) -> dict[str, str]:
    return {
        "required": f"「{label}」を入力してください。",
        "max_length": f"「{label}」は%(limit_value)d文字以内で入力してください。",
        "invalid": f"「{label}」の形式が正しくありません。",
        "invalid_choice": f"「{label}」は一覧から選んでください。",
    }


# The public form page is the busiest page at the end of a consultation period. Django renders
# every widget through templates of its own (each <option> too), which made up most of the
# page's time; these widgets write the same HTML in Python.


class PlainInput(Input):
    """``<input>`` written directly."""

    def render(self, name, value, attrs=None, renderer=None):
        shown = self.format_value(value)
        value_attr = format_html(' value="{}"', shown) if shown not in (None, "") else ""
        final = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<input type="{}" name="{}"{}{}>', self.input_type, name, value_attr, final)


class TextInput(PlainInput):
    input_type = "text"


class EmailInput(PlainInput):
    input_type = "email"


class TelInput(PlainInput):
    input_type = "tel"


def _text(
    label: str,
    max_length: int,
    *,
    required: bool = True,
    area: bool = False,
    autocomplete: str = "",
    name: str = "",
    initial: str | None = None,
    widget: type[PlainInput] = TextInput,
) -> forms.CharField:
    """A text field; ``name`` is the field's name in its messages when the label is longer."""
    attrs = {"autocomplete": autocomplete} if autocomplete else {}  # WCAG 1.3.5 入力目的の特定
    field_widget = Textarea(attrs={"rows": 8, **attrs}) if area else widget(attrs=attrs)
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=field_widget,
        initial=initial,
        error_messages=_messages(name or label),
    )


class Textarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        shown = self.format_value(value) or ""
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>', name, flatatt(self.build_attrs(self.attrs, attrs)), shown
        )


class ItemSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        selected = str(value[0] if isinstance(value, list | tuple) and value else value or "")
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) == selected else "", label) for key, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class CommentForm(forms.Form):
    """The comment form; the contact details are those the consultation asks (``contact``)."""

    name = _text("氏名/団体名", 200, autocomplete="name")
    address = _text("住所", 300, autocomplete="street-address")
    phone = _text("電話番号", 40, required=False, autocomplete="tel", widget=TelInput)
    email = forms.EmailField(
        label="メールアドレス",
        required=False,
        max_length=254,
        widget=EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "「メールアドレス」を入力してください。",
            "invalid": "「メールアドレス」の形式が正しくありません(例:name@example.jp)。",
            "max_length": "「メールアドレス」が長すぎます。",
        },
    )
    item = forms.ChoiceField(label="該当箇所", error_messages=_messages("該当箇所"), required=False, widget=ItemSelect)
    body = _text("意見", 4000, area=True)
    # 送信ID of the confirmation page (hidden; see Comment.submission). Not rendered by _fields.html.
    submission = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "送信の情報が正しくありません。入力内容を確認し、もう一度送信してください。"},
    )
    # Honeypot: hidden from people (CSS and aria-hidden); bots that fill it are refused.
    website = forms.CharField(label="この欄には何も入力しないでください", required=False)

    keep_unasked = False  # the staff's form keeps every contact field (a letter may give them all)

    def __init__(self, *args, choices: list[tuple[str, str]], consultation: Consultation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["item"]).choices = choices
        self._ask(consultation or Consultation())  # an unsaved one has the default settings

    def _ask(self, consultation: Consultation) -> None:
        asked = {f.name: f for f in asked_fields(consultation)}
        for name in CONTACT_FIELDS:
            if name not in asked and not self.keep_unasked:
                del self.fields[name]
                continue
            self.fields[name].required = name in asked and asked[name].required
        if not consultation.anonymous and "name" in self.fields:
            self.fields["name"].error_messages["required"] = f"「氏名/団体名」を入力してください。{ANONYMOUS_REFUSED}"

    def full_clean(self) -> None:
        """Point each field in error at its message (``aria-describedby``, see _fields.html)."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-err"

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError("「電話番号」は数字とハイフンで入力してください(例:096-328-2111)。")
        return phone

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("「意見」を入力してください。")
        return body


class SummaryForm(forms.Form):
    """The 概要版 inputs: 1. 目的 (paragraphs separated by a blank line), the badge and the note."""

    purpose = _text("概要版の目的(「1. 目的」の本文。段落は空行で区切る)", 4000, area=True, name="目的")
    badge = _text("概要版の見出しの表示", 60, required=False, name="見出しの表示", initial=DEFAULT_BADGE)
    header_note = _text("概要版の欄外の注記", 60, required=False, name="欄外の注記", initial=DEFAULT_HEADER_NOTE)


class PartForm(forms.Form):
    """The form of one reworded part of the 概要版; ``value()`` is what the action stores."""

    def value(self) -> Any:
        raise NotImplementedError


class ChangesForm(PartForm):
    """3. 主な修正箇所's paragraph as the staff word it (pre-filled with the generated one)."""

    changes_intro = _text(
        "「3. 主な修正箇所について」の文(段落は空行で区切る)", CHANGES_MAX, area=True, name="主な修正箇所"
    )

    def value(self) -> str:
        return self.cleaned_data["changes_intro"]


class ContactForm(PartForm):
    """5. 問合せ先 (pre-filled with the consultation's 問合せ先・提出方法)."""

    contact = _text("「5. 問合せ先」(書いた行のとおりに印刷します)", CONTACT_MAX, area=True, name="問合せ先")

    def value(self) -> str:
        return self.cleaned_data["contact"]


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip())


class ScheduleForm(PartForm):
    """The schedule's rows: 時期 (free text) and 内容 (one line per step) of each. A row left blank or
    ticked 「この行を削除」 is dropped; 「行を追加」 gives one more blank row."""

    def __init__(self, *args, rows: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.count = max(1, min(rows, ROWS_MAX))
        for i in range(self.count):
            n = i + 1
            when = _text(f"{n}行目の時期", WHEN_MAX, required=False, name=f"日程{n}行目の時期")
            when.widget.attrs["class"] = "when"
            self.fields[f"when_{i}"] = when
            content = _text(
                f"{n}行目の内容(1行に1つ)", CONTENT_MAX, required=False, area=True, name=f"日程{n}行目の内容"
            )
            content.widget.attrs["rows"] = 3
            self.fields[f"content_{i}"] = content
            self.fields[f"delete_{i}"] = forms.BooleanField(label="この行を削除", required=False)

    @classmethod
    def initial_for(cls, rows: tuple[Row, ...]) -> ScheduleForm:
        initial: dict[str, str] = {}
        for i, row in enumerate(rows):
            initial[f"when_{i}"], initial[f"content_{i}"] = row.when, "\n".join(row.content)
        return cls(initial=initial, rows=len(rows) + 1)

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        """The bound fields of each row, for the template."""
        return [(self[f"when_{i}"], self[f"content_{i}"], self[f"delete_{i}"]) for i in range(self.count)]

    def clean(self) -> dict:
        data = super().clean() or {}
        rows = []
        for i in range(self.count):
            when, content = ((data.get(f"{k}_{i}") or "").strip() for k in ("when", "content"))
            if data.get(f"delete_{i}") or not (when or content):
                continue
            if not when:
                self.add_error(f"when_{i}", f"「日程{i + 1}行目の時期」を入力してください。")
            if not content:
                self.add_error(f"content_{i}", f"「日程{i + 1}行目の内容」を入力してください。")
            rows.append(Row(when, _lines(content)))
        if not rows and not self.errors:
            raise forms.ValidationError("「日程」を1行以上入力してください。")
        data["rows"] = rows
        return data

    def value(self) -> list[Row]:
        return self.cleaned_data["rows"]


class ExtendForm(forms.Form):
    closes_on = forms.DateField(
        label="新しい終了日",
        error_messages=_messages("新しい終了日"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = _text("延長の理由(公開ページに表示されます)", 1000, area=True, name="延長の理由")


class PaperCommentForm(CommentForm):
    """A comment that came by post, fax, e-mail or to the counter, typed in by staff."""

    channel = forms.ChoiceField(
        label="提出方法",
        choices=[(c.value, c.label) for c in Channel if c != Channel.WEB],
        error_messages=_messages("提出方法"),
    )
    received_on = forms.DateField(
        label="受付日(郵送は消印の日)",
        error_messages=_messages("受付日"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    field_order = ["channel", "received_on", "name", "address", "phone", "email", "item", "body"]
    keep_unasked = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]  # no honeypot: staff are logged in
        del self.fields["submission"]


ASK_CHOICES = [(a.value, a.label) for a in Ask]
ANONYMOUS_CHOICES = [
    ("0", "受け付けない(氏名のない意見は受け付けません)"),
    ("1", "受け付ける(氏名・住所は必須にしません)"),
]


def _ask(label: str) -> forms.ChoiceField:
    # not required: a post without the settings (an older page) keeps the defaults
    return forms.ChoiceField(label=label, choices=ASK_CHOICES, required=False, error_messages=_messages(label))


class ContactSettingsForm(forms.Form):
    """What the comment form asks (contact.py); the reason is shown above the form."""

    ask_name = _ask("氏名/団体名の入力")
    ask_address = _ask("住所の入力")
    ask_phone = _ask("電話番号の入力")
    ask_email = _ask("メールアドレスの入力")
    anonymous = forms.TypedChoiceField(
        label="匿名の意見",
        choices=ANONYMOUS_CHOICES,
        coerce=lambda value: value == "1",
        required=False,
        empty_value=None,  # not posted: not accepted (the default), see contact.normalized
        error_messages=_messages("匿名の意見"),
    )
    contact_reason = _text(
        "連絡先をお伺いする理由(提出フォームの上に表示されます)",
        1000,
        required=False,
        area=True,
        name="連絡先をお伺いする理由",
    )

    @classmethod
    def initial_values(cls, consultation: Consultation | None = None) -> dict[str, object]:
        """The form's initial values: ``consultation``'s settings (e.g. the previous 意見募集's),
        else the defaults."""
        values = settings_values(consultation) if consultation is not None else dict(DEFAULTS)
        return {**values, "anonymous": "1" if values["anonymous"] else "0"}

    def clean(self) -> dict:
        data = super().clean() or {}
        for name, default in DEFAULTS.items():
            if name.startswith("ask_") and name in data and not data[name]:
                data[name] = default
        if self.is_bound and "contact_reason" not in self.data:  # not on the page posted: the default
            data["contact_reason"] = DEFAULTS["contact_reason"]
        if all(name in data for name in ("ask_name", "anonymous")):
            try:
                check_settings(normalized(data))
            except ContactSettingsError as exc:
                self.add_error("ask_name", str(exc))
        return data


class OpenForm(SummaryForm, ContactSettingsForm):
    field_order = (
        "title",
        "opens_on",
        "closes_on",
        "short_reason",
        "contact",
        "purpose",
        "badge",
        "header_note",
        "ask_name",
        "ask_address",
        "ask_phone",
        "ask_email",
        "anonymous",
        "contact_reason",
        "past_record",
    )
    title = _text("案件名", 300, required=False)
    opens_on = forms.DateField(
        label="開始日", error_messages=_messages("開始日"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label="終了日", error_messages=_messages("終了日"), widget=forms.DateInput(attrs={"type": "date"})
    )
    short_reason = _text("期間を短縮する理由(原則の日数より短い場合のみ)", 2000, required=False, area=True)
    contact = _text("問合せ先・提出方法", 2000, area=True)
    past_record = forms.BooleanField(
        label="過去に実施した意見募集として記録する(終了済みのもの。公開ページには表示しません)", required=False
    )


class AnswerForm(forms.Form):
    tag = forms.ChoiceField(label="該当箇所(整理)", required=False, error_messages=_messages("該当箇所(整理)"))
    answer = _text("考え方", 8000, required=False, area=True)
    draft_changed = forms.BooleanField(label="この意見を受けて案を修正した", required=False)
    masks = _text("公表時に伏せる語句(1行に1つ。本文のとおりに入力)", 2000, required=False, area=True)

    def __init__(self, *args, choices: list[tuple[str, str]], answer_label: str = "考え方", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = answer_label  # 「市の考え方」, 「県の考え方」 … (Organization.answer_label)
        cast(forms.ChoiceField, self.fields["tag"]).choices = choices

    def clean_masks(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["masks"].splitlines() if line.strip()]

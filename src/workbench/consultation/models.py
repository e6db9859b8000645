"""意見募集 (パブリックコメント) on an exact version, and the comments received."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from pia.rules.calendar import days_inclusive
from workbench import clock

MASK = "＊＊＊"


class Channel(models.TextChoices):
    """How a comment reached the body: the public form, or entered by staff from paper."""

    WEB = "web", "ウェブの提出フォーム"
    MAIL = "mail", "郵送"
    FAX = "fax", "ファクス"
    COUNTER = "counter", "窓口への持参"
    EMAIL = "email", "電子メール"
    OTHER = "other", "その他"


GENERAL = ""  # 該当箇所「全般」
DEFAULT_BADGE = "【素案】概要版"  # the 概要版's heading badge, as in the seed handout
DEFAULT_HEADER_NOTE = "お持ち帰り用"  # the note above the 概要版's title


class Ask(models.TextChoices):
    """How the comment form asks for one contact detail (per 意見募集, set by the body)."""

    REQUIRED = "required", "必須"
    OPTIONAL = "optional", "任意"
    NOT_ASKED = "none", "尋ねない"


# Shown above the comment form: why the contact details are asked (the 自治体's practice: to ask
# the commenter about the content, never published, used for nothing else).
DEFAULT_CONTACT_REASON = (
    "いただいたご意見の内容について確認させていただく場合があるため、ご連絡先をお伺いしています。"
    "ご連絡先は、この目的以外には使用せず、公表しません。"
)


class ConsultationState(models.TextChoices):
    """The states of a 意見募集: code compares the values, pages show the labels."""

    PLANNED = "planned", "予定"
    OPEN = "open", "募集中"
    ENDED = "ended", "終了"
    PAST = "past", "過去の記録"


class Consultation(models.Model):
    version = models.ForeignKey("assessments.Version", on_delete=models.PROTECT, related_name="consultations")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("案件名", max_length=300)
    opens_on = models.DateField("意見募集の開始日")
    closes_on = models.DateField("意見募集の終了日")
    short_reason = models.TextField("期間を短縮する理由", blank=True)
    extended_from = models.DateField("延長前の終了日", null=True, blank=True)
    extension_reason = models.TextField("延長の理由", blank=True)
    contact = models.TextField("問合せ先・提出方法")
    # the 概要版 handout (pia.summary): 1. 目的, the heading badge and the note above it
    purpose = models.TextField("目的", default="")
    badge = models.CharField("見出しの表示", max_length=60, default=DEFAULT_BADGE, blank=True)
    header_note = models.CharField("欄外の注記", max_length=60, default=DEFAULT_HEADER_NOTE, blank=True)
    # The 概要版's other parts as the staff worded them; blank/empty = the generated text
    # (consultation.summary_texts): 3. 主な修正箇所's paragraph, 4. the schedule (whole rows, or only
    # the 内容 of the planned steps so that the dates still follow the period), 5. 問合せ先.
    changes_intro = models.TextField("主な修正箇所の文", blank=True, default="")
    schedule_rows = models.JSONField("日程の行(時期と内容)", blank=True, default=list)
    schedule_texts = models.JSONField("日程の内容(手続ごと)", blank=True, default=dict)
    summary_contact = models.TextField("概要版の問合せ先", blank=True, default="")
    # the comment form: which contact details it asks and whether each is required (see contact.py)
    ask_name = models.CharField("氏名/団体名の入力", max_length=10, choices=Ask.choices, default=Ask.REQUIRED)
    ask_address = models.CharField("住所の入力", max_length=10, choices=Ask.choices, default=Ask.REQUIRED)
    ask_phone = models.CharField("電話番号の入力", max_length=10, choices=Ask.choices, default=Ask.OPTIONAL)
    ask_email = models.CharField("メールアドレスの入力", max_length=10, choices=Ask.choices, default=Ask.OPTIONAL)
    contact_reason = models.TextField("連絡先をお伺いする理由", default=DEFAULT_CONTACT_REASON, blank=True)
    # 受け付ける: 氏名・住所 are not required and a comment without 氏名 is recorded as 匿名
    anonymous = models.BooleanField("匿名の意見を受け付ける", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    results_published_at = models.DateTimeField("結果の公表日時", null=True, blank=True)
    purged_at = models.DateTimeField("個人情報の消去日時", null=True, blank=True)
    # A consultation held before it was registered here (kept for the record): never public.
    past_record = models.BooleanField("過去に実施した意見募集の記録", default=False)
    # 重要な変更 made after the consultation opened: the body's decision to go on without a new
    # consultation, and the save it was recorded on (later 重要な変更 need a new decision).
    proceed_reason = models.TextField("意見募集後の重要な変更について、意見募集をやり直さない理由", blank=True)
    proceed_version = models.ForeignKey(
        "assessments.Version", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proceed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proceed_at = models.DateTimeField("理由の記録日時", null=True, blank=True)

    class Meta:
        verbose_name = "意見募集"
        verbose_name_plural = "意見募集"
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        """Calendar days with both ends included (公示の日が1日目)."""
        return days_inclusive(self.opens_on, self.closes_on)

    def is_open(self, day: date | None = None) -> bool:
        day = day or clock.today()
        return self.opens_on <= day <= self.closes_on

    def state(self, day: date | None = None) -> ConsultationState:
        """Where the 意見募集 stands on ``day`` (default today); show it by its ``label``."""
        if self.past_record:
            return ConsultationState.PAST
        day = day or clock.today()
        if day < self.opens_on:
            return ConsultationState.PLANNED
        return ConsultationState.OPEN if day <= self.closes_on else ConsultationState.ENDED


class Comment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="comments")
    receipt = models.CharField("受付番号", max_length=20, unique=True)
    # One per confirmation page: sending the same page twice (double click, reload, retry after a
    # lost connection) gives the same comment and 受付番号 instead of a duplicate.
    submission = models.UUIDField("送信ID", null=True, blank=True, unique=True, editable=False)
    submitted_at = models.DateTimeField("受付日時", auto_now_add=True)
    channel = models.CharField("提出方法", max_length=10, choices=Channel.choices, default=Channel.WEB)
    # For comments entered by staff: the day it arrived (郵送: the postmark). The web form uses submitted_at.
    received_on = models.DateField("受付日(郵送は消印の日)", null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # what the consultation's form asked (Consultation.ask_*): any of them may be blank
    name = models.CharField("氏名/団体名", max_length=200, blank=True)
    address = models.CharField("住所", max_length=300, blank=True)
    phone = models.CharField("電話番号", max_length=40, blank=True)
    anonymous = models.BooleanField("匿名の意見", default=False)  # sent without 氏名 where 匿名 is accepted
    email = models.CharField("メールアドレス", max_length=254, blank=True)
    item = models.CharField("該当箇所", max_length=200, blank=True)
    body = models.TextField("意見")
    # staff side
    tag = models.CharField("該当箇所(整理)", max_length=200, blank=True)
    answer = models.TextField("市の考え方", blank=True)
    draft_changed = models.BooleanField("案を修正した", default=False)
    masks = models.JSONField("伏せる語句", default=list, blank=True)
    purged = models.BooleanField("個人情報を消去済み", default=False)

    class Meta:
        verbose_name = "意見"
        verbose_name_plural = "意見"
        ordering = ["consultation", "receipt"]

    def __str__(self) -> str:
        return self.receipt

    @property
    def received_day(self) -> date:
        """The day the comment counts as received (JST)."""
        return self.received_on or clock.local(self.submitted_at).date()

    @property
    def submitter(self) -> str:
        """The submitter as staff lists show it: the name, 「匿名」 or 「(未記入)」."""
        return self.name or ("匿名" if self.anonymous else "(未記入)")

    @property
    def item_key(self) -> str:
        """The item the comment is filed under: the staff's tag, else the submitter's choice."""
        return self.tag or self.item

    def masked_body(self) -> str:
        """The comment as it may be published: every marked phrase becomes ＊＊＊."""
        text = self.body
        for phrase in sorted((m for m in self.masks if m), key=len, reverse=True):
            text = text.replace(phrase, MASK)
        return text


class RateCounter(models.Model):
    """Submissions per client address and minute (see ``ratelimit``); old windows are deleted."""

    client = models.CharField("送信元", max_length=64)
    minute = models.BigIntegerField("時間枠(分)")
    hits = models.PositiveIntegerField("回数", default=0)

    class Meta:
        verbose_name = "送信回数"
        verbose_name_plural = "送信回数"
        constraints = [models.UniqueConstraint(fields=["client", "minute"], name="unique_rate_minute")]
        indexes = [models.Index(fields=["minute"], name="rate_minute_idx")]

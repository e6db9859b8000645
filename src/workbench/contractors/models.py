"""The 委託先 register of an organisation: 委託先 (with their certifications) and 委託契約, each
contract linked to the 委託事項 of 評価書 it realises.

One 委託先 serves several contracts; one contract realises several 委託事項, in several 評価書
(the same 運用保守 contract is often a 委託事項 of every 事務 on one system): it is entered once
and every 評価書 it serves is seen from it. A 委託事項 is addressed by its element path, stable
across saves (``pia.contractors.entrustments``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from pia.contractors import ExpectedDate, Precision
from workbench import clock


class Contractor(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="contractors")
    name = models.CharField("委託先名", max_length=200)
    name_key = models.CharField("照合用の名称", max_length=200, db_index=True, editable=False)
    corporate_number = models.CharField("法人番号", max_length=13, blank=True)
    address = models.CharField("所在地", max_length=300, blank=True)
    contact_person = models.CharField("担当者", max_length=100, blank=True)
    phone = models.CharField("電話番号", max_length=40, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    notes = models.TextField("備考", blank=True)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "委託先"
        verbose_name_plural = "委託先"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "corporate_number"],
                condition=~Q(corporate_number=""),
                name="contractor_corporate_number_unique_per_organization",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CertificationKind(models.TextChoices):
    ISMS = "isms", "ISMS(ISO/IEC 27001)"
    PRIVACY_MARK = "pmark", "プライバシーマーク"
    OTHER = "other", "その他"


class Certification(models.Model):
    contractor = models.ForeignKey(Contractor, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField("種類", max_length=10, choices=CertificationKind.choices)
    name = models.CharField("名称(その他のとき)", max_length=100, blank=True)
    number = models.CharField("登録番号", max_length=100, blank=True)
    expires_on = models.DateField("有効期限", null=True, blank=True)

    class Meta:
        verbose_name = "認証"
        verbose_name_plural = "認証"
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == CertificationKind.OTHER and self.name:
            return self.name
        return self.get_kind_display()


class ContractStatus(models.TextChoices):
    PLANNED = "planned", "予定"
    SIGNED = "signed", "契約済"
    ENDED = "ended", "終了"


PRECISION_CHOICES = [(p.value, p.label) for p in Precision]


class Contract(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="contracts")
    contractor = models.ForeignKey(
        Contractor, on_delete=models.PROTECT, null=True, blank=True, related_name="contracts", verbose_name="委託先"
    )
    name = models.CharField("契約名", max_length=200)
    name_key = models.CharField("照合用の名称", max_length=200, db_index=True, editable=False)
    starts_on = models.DateField("契約期間の始まり", null=True, blank=True)
    ends_on = models.DateField("契約期間の終わり", null=True, blank=True)
    status = models.CharField("状態", max_length=10, choices=ContractStatus.choices, default=ContractStatus.PLANNED)
    expected_on = models.DateField("契約締結の予定日", null=True, blank=True)
    expected_precision = models.CharField("予定日の精度", max_length=12, choices=PRECISION_CHOICES, blank=True)
    expected_text = models.CharField("評価書の記載(未定のとき)", max_length=300, blank=True)
    notes = models.TextField("備考", blank=True)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "委託契約"
        verbose_name_plural = "委託契約"
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="contract_term_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def expected(self) -> ExpectedDate | None:
        """The expected date as a ``pia.contractors.ExpectedDate`` (None without one)."""
        if self.expected_on is None or not self.expected_precision:
            return None
        return ExpectedDate(self.expected_on, Precision(self.expected_precision))

    @property
    def is_overdue(self) -> bool:
        """A 予定 contract whose expected date (the last day the text allowed) has passed (JST)."""
        return (
            self.status == ContractStatus.PLANNED and self.expected_on is not None and self.expected_on < clock.today()
        )


class ContractLink(models.Model):
    """A contract realises a 委託事項 (by element path) of a 評価書; its name and 委託先名 as the
    latest save said them when linked or last imported."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="links")
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="contract_links")
    element_path = models.CharField("委託事項の要素パス", max_length=300)
    item_name = models.CharField("委託事項名(最後に読んだもの)", max_length=300, blank=True)
    item_label = models.CharField("委託事項の位置(最後に読んだもの)", max_length=500, blank=True)
    contractor_text = models.CharField("評価書の委託先名(最後に読んだもの)", max_length=300, blank=True)
    version_number = models.PositiveIntegerField("読んだ版", null=True, blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField("紐付けた日時", auto_now_add=True)

    class Meta:
        verbose_name = "委託事項との紐付け"
        verbose_name_plural = "委託事項との紐付け"
        ordering = ["assessment_id", "element_path", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "assessment", "element_path"], name="contract_link_unique")
        ]

    def __str__(self) -> str:
        return self.item_label or self.element_path


# --- 再委託 -------------------------------------------------------------------------------------


class ResubcontractStatus(models.TextChoices):
    RECEIVED = "received", "受付"
    REVIEWING = "reviewing", "審査中"
    APPROVED = "approved", "許諾"
    REJECTED = "rejected", "不許諾"
    WITHDRAWN = "withdrawn", "取下げ"


DECIDED = (ResubcontractStatus.APPROVED, ResubcontractStatus.REJECTED)


class Resubcontract(models.Model):
    """A 再委託申請 of the 委託先 under one 委託契約 (entered by staff from the paper 申請書), its
    審査 (the checklist) and its decision with the 通知書 that was issued."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="resubcontracts"
    )
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="resubcontracts")
    link = models.ForeignKey(
        ContractLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resubcontracts",
        verbose_name="委託事項",
    )
    subcontractor_name = models.CharField("再委託先名", max_length=200)
    subcontractor_number = models.CharField("再委託先の法人番号", max_length=13, blank=True)
    subcontractor_address = models.CharField("再委託先の所在地", max_length=300, blank=True)
    work = models.TextField("再委託する業務")
    personal_data = models.TextField("取り扱う特定個人情報")
    starts_on = models.DateField("再委託の期間の始まり", null=True, blank=True)
    ends_on = models.DateField("再委託の期間の終わり", null=True, blank=True)
    received_on = models.DateField("申請の受付日")
    approval_text = models.TextField("評価書の再委託の許諾方法(審査開始時)", blank=True)
    status = models.CharField(
        "状態", max_length=10, choices=ResubcontractStatus.choices, default=ResubcontractStatus.RECEIVED
    )
    reason = models.TextField("理由(不許諾・取下げ)", blank=True)
    conditions = models.TextField("許諾の条件", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("決定日時", null=True, blank=True)
    notice_number = models.CharField("通知書の文書番号", max_length=40, blank=True)
    notice = models.ForeignKey(
        "files.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="通知書"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "再委託申請"
        verbose_name_plural = "再委託申請"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="resubcontract_period_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["organization", "notice_number"],
                condition=~Q(notice_number=""),
                name="resubcontract_notice_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subcontractor_name}への再委託({self.contract.name})"

    @property
    def is_open(self) -> bool:
        return self.status in (ResubcontractStatus.RECEIVED, ResubcontractStatus.REVIEWING)


class AttachmentKind(models.TextChoices):
    APPLICATION = "application", "再委託申請書"
    PLEDGE = "pledge", "再委託先の誓約書"
    EQUIVALENT = "equivalent", "同等の義務を確認できる書類"
    OTHER = "other", "その他の関係書類"


class ResubcontractAttachment(models.Model):
    resubcontract = models.ForeignKey(Resubcontract, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("書類の種類", max_length=12, choices=AttachmentKind.choices)
    file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "再委託申請の添付書類"
        verbose_name_plural = "再委託申請の添付書類"
        ordering = ["pk"]


class CheckState(models.TextChoices):
    OPEN = "open", "未確認"
    CONFIRMED = "confirmed", "確認済"
    DEFICIENT = "deficient", "不備"


class ChecklistItem(models.Model):
    """One point of the 審査 (a sentence of ⑧ or of Ⅲ4's 再委託先 supervision in the 評価書, or a
    standard point), who checked it and when."""

    resubcontract = models.ForeignKey(Resubcontract, on_delete=models.CASCADE, related_name="checklist")
    position = models.PositiveIntegerField("順序")
    source = models.CharField("出典", max_length=12)  # pia.contractors.checklist SOURCE_*
    code = models.CharField("項目の識別子", max_length=60)
    text = models.TextField("確認する事項")
    state = models.CharField("結果", max_length=10, choices=CheckState.choices, default=CheckState.OPEN)
    note = models.TextField("メモ", blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField("確認日時", null=True, blank=True)

    class Meta:
        verbose_name = "再委託の審査項目"
        verbose_name_plural = "再委託の審査項目"
        ordering = ["resubcontract_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["resubcontract", "position"], name="checklist_item_position_unique")
        ]

    @property
    def source_label(self) -> str:
        return {"assessment": "評価書⑧", "supervision": "評価書Ⅲ4"}.get(self.source, "標準の確認事項")


class NoticeSequence(models.Model):
    """The numbering of an organisation's 通知書: 「{prefix}第{n}号」, n counted up and never reused
    (taken under the row's lock inside the decision's transaction; a decision that fails takes none)."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.PROTECT, related_name="notice_sequence"
    )
    prefix = models.CharField(
        "文書記号", max_length=20, help_text="「熊市」なら「熊市第1号」。既定は団体名の最初と最後の文字です。"
    )
    issuer = models.CharField("発信者名", max_length=100, blank=True, help_text="例: 熊本市長。空なら団体名。")
    last_number = models.PositiveIntegerField("最後に使った番号", default=0)

    class Meta:
        verbose_name = "通知書の文書番号"
        verbose_name_plural = "通知書の文書番号"

    def __str__(self) -> str:
        return f"{self.organization.name}: {self.prefix}第{self.last_number}号まで"

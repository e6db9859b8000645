"""事務, 評価書, its revisions (公表版・改訂案) and their saves. A save's content is an immutable JSON
snapshot; the procedure's status belongs to the revision (ADR 0005)."""

from __future__ import annotations

import copy

from django.conf import settings
from django.db import models

from pia.document import Document
from pia.forms import FORM_KIND_LABELS
from pia.wareki import format_wareki


class Status(models.TextChoices):
    DRAFT = "draft", "作成中"
    INTERNAL_REVIEW = "internal_review", "内部確認"
    CONSULTATION = "consultation", "意見聴取"
    THIRD_PARTY_REVIEW = "third_party_review", "第三者点検"
    APPROVAL_REQUEST = "approval_request", "承認申請"
    SUBMITTED = "submitted", "提出済"
    PUBLISHED = "published", "公表"


class VersionImmutableError(RuntimeError):
    pass


def save_label(number: int) -> str:
    return f"第{number}回保存"


class Jimu(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="jimus")
    name = models.CharField("事務の名称", max_length=300)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        verbose_name = "事務"
        verbose_name_plural = "事務"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_jimu_name")]

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    jimu = models.ForeignKey(Jimu, on_delete=models.PROTECT, related_name="assessments")
    title = models.CharField("評価書名", max_length=300)
    form = models.CharField("様式", max_length=20, choices=list(FORM_KIND_LABELS.items()))
    edition = models.CharField("様式の版", max_length=40)
    status = models.CharField("状態", max_length=30, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = "評価書"
        verbose_name_plural = "評価書"
        ordering = ["jimu__name", "form"]

    def __str__(self) -> str:
        return self.title

    @property
    def organization(self):
        return self.jimu.organization

    @property
    def level_label(self) -> str:
        return FORM_KIND_LABELS.get(self.form, self.form)

    def latest_version(self) -> Version | None:
        return self.versions.order_by("-number").first()

    def open_revision(self) -> Revision | None:
        """The 改訂案 (or 評価書案) in progress, if any."""
        return self.revisions.exclude(status=Status.PUBLISHED).first()

    def current_publication(self) -> Revision | None:
        """The 公表中の版, if the 評価書 has been published."""
        return self.revisions.filter(status=Status.PUBLISHED, superseded_at__isnull=True).first()


class Revision(models.Model):
    """One edition of a 評価書 as bodies speak of it (ADR 0005).

    An unpublished revision is the 改訂案 (or, for a 評価書 never published, the 評価書案): it
    accumulates saves (``Version``), carries the procedure's status and binds the steps to exact
    saves. Once published it is the 公表版 (公表中の版) until a later revision is published, and
    then a 過去の公表版. At most one revision of a 評価書 is in progress, and at most one is 公表中.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField("改訂の番号")
    base = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="改訂元の公表版"
    )
    status = models.CharField("状態", max_length=30, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    submitted_version = models.ForeignKey(
        "Version", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="提出した保存"
    )
    submitted_on = models.DateField("提出日", null=True, blank=True)
    published_version = models.ForeignKey(
        "Version", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="公表した保存"
    )
    published_on = models.DateField("公表日", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_at = models.DateTimeField("次の版の公表日時", null=True, blank=True)

    class Meta:
        verbose_name = "評価書の版(公表版・改訂案)"
        verbose_name_plural = "評価書の版(公表版・改訂案)"
        ordering = ["assessment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="unique_revision_number"),
            models.UniqueConstraint(
                fields=["assessment"], condition=~models.Q(status="published"), name="one_revision_in_progress"
            ),
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(status="published", superseded_at__isnull=True),
                name="one_current_publication",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.label}"

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_current(self) -> bool:
        """The 公表中の版: published and not yet superseded."""
        return self.is_published and self.superseded_at is None

    @property
    def label(self) -> str:
        """How bodies name it: 公表中の版(令和3年3月31日公表), 改訂案(保存12回), 過去の公表版(…)."""
        if self.is_published:
            when = f"{format_wareki(self.published_on)}公表" if self.published_on else "公表日の記録なし"
            return f"{self.kind_label}({when})"
        return f"{self.kind_label}(保存{self.save_total}回)"

    @property
    def save_total(self) -> int:
        """How many saves the revision holds (annotated as ``save_count`` by list queries)."""
        annotated = getattr(self, "save_count", None)
        return annotated if annotated is not None else self.saves.count()

    @property
    def kind_label(self) -> str:
        """改訂案 when it revises a 公表版; 評価書案 for a 評価書 never published."""
        if self.is_published:
            return "公表中の版" if self.superseded_at is None else "過去の公表版"
        return "改訂案" if self.base_id else "評価書案"


class Version(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版番号")
    content = models.JSONField("内容")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="作成者")
    created_at = models.DateTimeField("保存日時", auto_now_add=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, verbose_name="元の保存")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="saves", verbose_name="版")
    note = models.CharField("保存時のメモ", max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField("承認日時", null=True, blank=True)

    MUTABLE_FIELDS = frozenset({"approved_by", "approved_at"})

    class Meta:
        verbose_name = "保存"
        verbose_name_plural = "保存"
        ordering = ["assessment", "number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.assessment} {self.label}"

    @property
    def label(self) -> str:
        """A save's name: 第15回保存 (numbered across the 評価書, never reused)."""
        return save_label(self.number)

    def save(self, *args, **kwargs) -> None:
        """A saved version's content never changes; only its approval may be recorded."""
        fields = kwargs.get("update_fields")
        if self.pk is not None and (fields is None or not set(fields) <= self.MUTABLE_FIELDS):
            raise VersionImmutableError("保存済みの版の内容は変更できません。新しい版として保存してください。")
        super().save(*args, **kwargs)

    def document(self) -> Document:
        """A fresh Document built from the snapshot (safe to modify)."""
        return Document.from_data(copy.deepcopy(self.content), str(self))


class AttachmentKept(RuntimeError):
    """A figure's bytes are never deleted (a save that references them is evidence)."""


KEPT_MESSAGE = "図のファイルは削除できません(その図を含む保存が、公表・提出した内容の記録です)。"


class KeptQuerySet(models.QuerySet):
    def delete(self):
        raise AttachmentKept(KEPT_MESSAGE)


class Attachment(models.Model):
    """The bytes of one figure a save of the 評価書 references (an image item's value holds only
    ``{file, sha256, media_type, caption}``: ``pia.document.images``). One row per distinct
    content and 評価書, so every save that keeps the figure shares it. Rows are never deleted (the
    model and its queryset refuse it): a published save is evidence of what was published,
    figures included (ADR 0017)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="attachments")
    sha256 = models.CharField("SHA-256", max_length=64)
    media_type = models.CharField("形式", max_length=40)
    size = models.PositiveIntegerField("サイズ(バイト)")
    width = models.PositiveIntegerField("幅(ピクセル)")
    height = models.PositiveIntegerField("高さ(ピクセル)")
    data = models.BinaryField("画像")
    original_name = models.CharField("元のファイル名", max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    objects = KeptQuerySet.as_manager()

    class Meta:
        verbose_name = "図(添付画像)"
        verbose_name_plural = "図(添付画像)"
        ordering = ["assessment", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "sha256"], name="unique_attachment_content"),
            models.CheckConstraint(condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="attachment_sha256_hex"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.original_name or self.sha256[:12]}"

    def delete(self, *args, **kwargs):
        raise AttachmentKept(KEPT_MESSAGE)

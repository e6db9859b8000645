"""事務, 評価書 and their versions. A version's content is an immutable JSON snapshot."""

from __future__ import annotations

import copy

from django.conf import settings
from django.db import models

from pia.document import Document
from pia.forms import FORM_KIND_LABELS


class Status(models.TextChoices):
    DRAFT = "draft", "作成中"
    INTERNAL_REVIEW = "internal_review", "内部確認"
    PUBLIC_COMMENT = "public_comment", "意見聴取"
    THIRD_PARTY_REVIEW = "third_party_review", "第三者点検"
    APPROVAL_REQUEST = "approval_request", "承認申請"
    SUBMITTED = "submitted", "提出済"
    PUBLISHED = "published", "公表"


class VersionImmutableError(RuntimeError):
    pass


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


class Version(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版番号")
    content = models.JSONField("内容")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="作成者")
    created_at = models.DateTimeField("保存日時", auto_now_add=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, verbose_name="元の版")
    status = models.CharField("状態", max_length=30, choices=Status.choices, default=Status.DRAFT)
    note = models.CharField("保存時のメモ", max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField("承認日時", null=True, blank=True)

    MUTABLE_FIELDS = frozenset({"status", "approved_by", "approved_at"})

    class Meta:
        verbose_name = "版"
        verbose_name_plural = "版"
        ordering = ["assessment", "number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.assessment} 第{self.number}版"

    def save(self, *args, **kwargs) -> None:
        """A saved version's content never changes; only its workflow fields may."""
        fields = kwargs.get("update_fields")
        if self.pk is not None and (fields is None or not set(fields) <= self.MUTABLE_FIELDS):
            raise VersionImmutableError("保存済みの版の内容は変更できません。新しい版として保存してください。")
        super().save(*args, **kwargs)

    def document(self) -> Document:
        """A fresh Document built from the snapshot (safe to modify)."""
        return Document.from_data(copy.deepcopy(self.content), str(self))

"""第三者点検 (地方公共団体等) and 承認 (行政機関等): a round bound to one exact version."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    THIRD_PARTY = "third_party", "第三者点検"
    APPROVAL = "approval", "委員会の承認"


class ReviewRound(models.Model):
    version = models.ForeignKey("assessments.Version", on_delete=models.PROTECT, related_name="review_rounds")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("開始日時", auto_now_add=True)
    result = models.TextField("点検結果", blank=True)
    applied_on = models.DateField("承認の申請日", null=True, blank=True)
    approved_on = models.DateField("承認日", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField("終了日時", null=True, blank=True)
    # The 第三者点検委員 assigned to the round (ADR 0010): a member who is only 第三者点検委員 in the
    # organisation sees and downloads the 評価書 of the rounds they are assigned to, nothing else.
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_review_rounds", verbose_name="担当の第三者点検委員"
    )

    class Meta:
        verbose_name = "点検・承認"
        verbose_name_plural = "点検・承認"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.version} {self.get_kind_display()}"

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


class Remark(models.Model):
    round = models.ForeignKey(ReviewRound, on_delete=models.PROTECT, related_name="remarks")
    path = models.CharField("該当箇所", max_length=200, blank=True)
    text = models.TextField("指摘")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("指摘日時", auto_now_add=True)
    answer = models.TextField("回答", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved = models.BooleanField("対応済み", default=False)

    class Meta:
        verbose_name = "指摘"
        verbose_name_plural = "指摘"
        ordering = ["round", "id"]

    def __str__(self) -> str:
        return f"指摘{self.pk}"

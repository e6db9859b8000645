"""Promised measures as tracked controls, their check records, and the yearly 見直し (ADR 0020).

A control follows one measure of a 評価書 (a text item of Ⅲ/Ⅳ, addressed by its element path,
stable across saves) or one sentence of it, has an owner and a frequency (or explicit due dates),
and collects check records. A 見直し is the 評価書's yearly review, recorded with its conclusion.

Evidence of a check is a short free-text reference (文書番号, 起案番号, the place a file is kept)
for now: files attached through a storage module are a later addition, kept out of this model so
the reference stays what the officer typed."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from pia.controls import frequency_choices

# The frequencies are the core's data (pia/controls/data/frequencies.yaml); a frequency added there
# changes these choices, so it comes with a migration (``make migrations`` fails until it does).
EXPLICIT_DATES = "dates"
FREQUENCY_CHOICES = [*frequency_choices(), (EXPLICIT_DATES, "期日を指定")]


class Control(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="controls")
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.PROTECT, related_name="controls")
    element_path = models.CharField("評価書の項目(要素パス)", max_length=300)
    item_label = models.CharField("評価書の項目(最後に読んだ位置)", max_length=600, blank=True)
    chosen_text = models.TextField("管理する記載(選んだ文)")
    text_seen = models.TextField("項目の記載(最後に確認したもの)")
    version_seen = models.PositiveIntegerField("確認した版", null=True, blank=True)
    title = models.CharField("管理項目名", max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_controls", verbose_name="担当者"
    )
    frequency = models.CharField("頻度", max_length=12, choices=FREQUENCY_CHOICES)
    due_dates = models.JSONField("期日(期日を指定するとき)", default=list, blank=True)
    starts_on = models.DateField("開始日")
    active = models.BooleanField("管理中", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        verbose_name = "管理項目"
        verbose_name_plural = "管理項目"
        ordering = ["assessment_id", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def due_date_list(self) -> list[date]:
        return sorted(date.fromisoformat(d) for d in self.due_dates or [])


class CheckResult(models.TextChoices):
    CONFORMING = "ok", "適合"
    NONCONFORMING = "ng", "不適合"
    PARTIAL = "partial", "一部不適合"


class CheckRecord(models.Model):
    control = models.ForeignKey(Control, on_delete=models.PROTECT, related_name="checks")
    checked_on = models.DateField("確認日")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="確認者"
    )
    result = models.CharField("結果", max_length=10, choices=CheckResult.choices)
    note = models.TextField("所見", blank=True)
    evidence = models.CharField("証跡(文書番号など)", max_length=200, blank=True)
    evidence_files = models.ManyToManyField(
        "files.StoredFile", blank=True, related_name="+", verbose_name="証跡ファイル"
    )
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    class Meta:
        verbose_name = "確認の記録"
        verbose_name_plural = "確認の記録"
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.control} {self.checked_on.isoformat()} {self.get_result_display()}"


class Conclusion(models.TextChoices):
    UNCHANGED = "unchanged", "変更なし"
    AMEND = "amend", "修正"
    SIGNIFICANT = "significant", "重要な変更(再実施が必要)"


class Review(models.Model):
    """The yearly 見直し of a 評価書 (at least once a year): date, conclusion, note, who."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.PROTECT, related_name="yearly_reviews")
    reviewed_on = models.DateField("見直しの日")
    conclusion = models.CharField("結論", max_length=12, choices=Conclusion.choices)
    note = models.TextField("備考", blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("記録日時", auto_now_add=True)

    class Meta:
        verbose_name = "見直し"
        verbose_name_plural = "見直し"
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(conclusion__in=["unchanged", "amend", "significant"]), name="review_conclusion_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} 見直し {self.reviewed_on.isoformat()}"

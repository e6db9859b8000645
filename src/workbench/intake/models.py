"""An upload of an existing 評価書 and the pieces of its text the import could not place.

The uploaded file is kept as it came (the evidence of what was imported), in the database row
itself, so an upload and its record are created in one transaction or not at all; so are the
figures the import took from it (``IntakeFigure``), until registration gives them to the 評価書. The imported
document changes only by the user's decisions on its fragments; once registered, the document
is a save of a 評価書 and this record is history.
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.db import models

from pia.document import Document
from pia.imports.model import SOURCE_FORMATS, ImportReport


class IntakeState(models.TextChoices):
    REVIEWING = "reviewing", "確認中"
    REGISTERED = "registered", "登録済"
    CANCELLED = "cancelled", "取消"


class Intake(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="intakes")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("取り込み日時", auto_now_add=True)
    source_name = models.CharField("ファイル名", max_length=255)
    source_format = models.CharField("形式", max_length=10, choices=list(SOURCE_FORMATS.items()))
    source_size = models.PositiveIntegerField("サイズ(バイト)")
    source_sha256 = models.CharField("SHA-256", max_length=64)
    source = models.BinaryField("取り込んだファイル")
    document = models.JSONField("取り込んだ内容")
    report = models.JSONField("取り込みの報告")
    state = models.CharField("状態", max_length=20, choices=IntakeState.choices, default=IntakeState.REVIEWING)
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.ForeignKey(
        "assessments.Version", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField("登録・取消の日時", null=True, blank=True)

    class Meta:
        verbose_name = "評価書の取り込み"
        verbose_name_plural = "評価書の取り込み"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.source_name

    @property
    def reviewing(self) -> bool:
        return self.state == IntakeState.REVIEWING

    def import_report(self) -> ImportReport:
        return ImportReport.from_data(self.report)

    def imported_document(self) -> Document:
        """A fresh Document of the current content (safe to modify)."""
        return Document.from_data(copy.deepcopy(self.document), self.source_name)

    def figure_bytes(self) -> dict[str, bytes]:
        """The imported figures' bytes by SHA-256 (``attachments`` for the core's print and check)."""
        return {sha: bytes(data) for sha, data in self.figures.values_list("sha256", "data")}


class Decision(models.TextChoices):
    OPEN = "", "未確認"
    ASSIGNED = "assigned", "項目に追記"
    DISCARDED = "discarded", "破棄"


class Fragment(models.Model):
    """A piece of text the import could not place, verbatim, with where it was in the file."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="fragments")
    position = models.PositiveIntegerField("順番")
    text = models.TextField("テキスト")
    page = models.PositiveIntegerField("ページ")
    where = models.CharField("位置", max_length=200)
    near = models.CharField("直前の項目", max_length=500, blank=True)
    decision = models.CharField("扱い", max_length=20, choices=Decision.choices, default=Decision.OPEN, blank=True)
    target = models.CharField("追記した項目", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("扱いを決めた日時", null=True, blank=True)

    class Meta:
        verbose_name = "配置できなかったテキスト"
        verbose_name_plural = "配置できなかったテキスト"
        ordering = ["intake", "position"]
        constraints = [models.UniqueConstraint(fields=["intake", "position"], name="unique_fragment_position")]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def is_open(self) -> bool:
        return self.decision == Decision.OPEN


class IntakeFigure(models.Model):
    """The bytes of a figure the imported document references (``ImportResult.attachments`` of
    ``pia.imports``: SHA-256 → bytes), kept with the upload until registration copies them to
    the 評価書's figures (``assessments.Attachment``). Like the file itself, never changed."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="figures")
    sha256 = models.CharField("SHA-256", max_length=64)
    file = models.CharField("ファイル名", max_length=255)
    media_type = models.CharField("形式", max_length=40)
    data = models.BinaryField("画像")

    class Meta:
        verbose_name = "取り込んだ図"
        verbose_name_plural = "取り込んだ図"
        ordering = ["intake", "pk"]
        constraints = [models.UniqueConstraint(fields=["intake", "sha256"], name="unique_intake_figure")]

    def __str__(self) -> str:
        return self.file

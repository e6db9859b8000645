"""A stored file: its bytes are in the storage (``STORAGES["pia_files"]``) under a random key,
never under the name the user gave it; the row keeps the sanitised original name, the media type
detected from the content, the size, the SHA-256, who uploaded it and when. Rows are never
deleted (an attachment is evidence of what was decided on it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StoredFile(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="files")
    key = models.CharField("保存キー", max_length=100, unique=True, editable=False)
    name = models.CharField("ファイル名", max_length=200)
    media_type = models.CharField("種類(内容から判定)", max_length=120)
    size = models.PositiveBigIntegerField("大きさ(バイト)")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("保存日時")

    class Meta:
        verbose_name = "ファイル"
        verbose_name_plural = "ファイル"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def delete(self, *args, **kwargs):
        raise RuntimeError("保存したファイルは削除できません(判断の根拠の記録です)。")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        organization, _, token = self.key.partition("/")
        return reverse("stored_file", args=[int(organization), token])

    @property
    def kind_label(self) -> str:
        from workbench.files.detect import KIND_LABELS

        return KIND_LABELS.get(self.media_type, self.media_type)

    @property
    def size_label(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"

"""The search index (ADR 0022): one row per searchable text, with what the results show and
filter on. The text is kept as written (for the snippet) and as bigram tokens, which the
database's own full-text engine indexes: an FTS5 table on SQLite, a generated ``tsvector``
column with a GIN index on PostgreSQL (``migrations/0002``). Rows are derived data: the
rebuild command makes them again from the 評価書."""

from __future__ import annotations

from django.db import models


class Source(models.TextChoices):
    PUBLISHED = "published", "公表版"
    DRAFT = "draft", "改訂案"


class Entry(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="+")
    jimu = models.ForeignKey("assessments.Jimu", on_delete=models.CASCADE, related_name="+")
    form = models.CharField("様式", max_length=20)
    status = models.CharField("状態", max_length=30)
    source = models.CharField("種類", max_length=20, choices=Source.choices)
    version_number = models.PositiveIntegerField("保存の番号")
    dated = models.DateField("日付")  # the 公表日, or the save's date
    section = models.CharField("編集画面のページ", max_length=100)  # the top-level item
    path = models.CharField("要素のパス", max_length=500)
    label = models.CharField("項目", max_length=1000)
    text = models.TextField("本文")
    tokens = models.TextField("索引語")

    class Meta:
        verbose_name = "検索索引"
        verbose_name_plural = "検索索引"
        indexes = [models.Index(fields=["organization", "assessment"], name="search_entry_scope")]

    def __str__(self) -> str:
        return f"{self.label}"

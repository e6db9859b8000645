"""The search index (ADR 0022): one row per searchable text, with what the results show, filter
on and are scoped by. The text is kept as written (for the snippet) and as bigram tokens, which
the database's own full-text engine indexes: an FTS5 table on SQLite, a generated ``tsvector``
column with a GIN index on PostgreSQL (``migrations/0002``). Rows are derived data: the rebuild
command makes them again from the 評価書, comments, remarks and the 委託先 register."""

from __future__ import annotations

from django.db import models


class Source(models.TextChoices):
    PUBLISHED = "published", "公表版"
    DRAFT = "draft", "改訂案"
    PUBLIC = "public", "公表中の評価書(公表用)"  # the public edition: 非公表 items withheld
    COMMENT = "comment", "意見募集の意見"
    REMARK = "remark", "第三者点検の指摘"
    CONTRACTOR = "contractor", "委託先台帳"
    CONTRACT = "contract", "委託契約"


ITEM_SOURCES = (Source.PUBLISHED, Source.DRAFT)  # what staff search
INDEXED_ITEM_SOURCES = (*ITEM_SOURCES, Source.PUBLIC)


class Entry(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    source = models.CharField("種類", max_length=20, choices=Source.choices)
    # The 評価書 the text belongs to (none for the register's rows); a remark also names its round,
    # which is what a 第三者点検委員's access is about (ADR 0010).
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, null=True, related_name="+")
    review_round = models.ForeignKey("reviews.ReviewRound", on_delete=models.CASCADE, null=True, related_name="+")
    object_id = models.PositiveBigIntegerField("元の行", null=True)  # the comment, remark, 委託先 or 契約
    jimu = models.ForeignKey("assessments.Jimu", on_delete=models.CASCADE, null=True, related_name="+")
    form = models.CharField("様式", max_length=20, blank=True)
    status = models.CharField("状態", max_length=30, blank=True)
    version_number = models.PositiveIntegerField("保存の番号", null=True)
    dated = models.DateField("日付")  # the 公表日, the save's day, the day received or written
    section = models.CharField("編集画面のページ", max_length=100, blank=True)  # the top-level item
    path = models.CharField("要素のパス", max_length=500, blank=True)
    item_id = models.CharField(
        "項目", max_length=300, blank=True, db_index=True
    )  # the form's item: the peer comparison
    edition = models.CharField("様式の版", max_length=40, blank=True)  # of the save indexed
    label = models.CharField("項目", max_length=1000)
    url = models.CharField("リンク先", max_length=1000)
    text = models.TextField("本文")
    tokens = models.TextField("索引語")
    scope = models.CharField("範囲の索引語", max_length=30)  # 「org12」 or 「public」: ``text.scope_token``

    class Meta:
        verbose_name = "検索索引"
        verbose_name_plural = "検索索引"
        indexes = [
            models.Index(fields=["organization", "assessment"], name="search_entry_scope"),
            models.Index(fields=["source", "object_id"], name="search_entry_object"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_item(self) -> bool:
        return self.source in INDEXED_ITEM_SOURCES

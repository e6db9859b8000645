"""The audit trail: append-only events. An event is never changed or deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

ACTION_LABELS = {
    "plan.download": "計画管理書の出力",
    "login": "ログイン",
    "logout": "ログアウト",
    "login_failed": "ログイン失敗",
    "login_locked": "ログインの停止(失敗の繰り返し)",
    "login_unlock": "ログイン停止の解除",
    "password_change": "パスワード変更",
    "organization.create": "団体の登録",
    "membership.add": "利用者の役割追加",
    "membership.change": "利用者の役割変更",
    "admin.add": "管理画面での追加",
    "admin.change": "管理画面での変更",
    "admin.delete": "管理画面での削除",
    "admin.password": "管理画面でのパスワード設定",
    "jimu.create": "事務の登録",
    "assessment.create": "評価書の作成",
    "version.save": "版の保存",
    "attachment.store": "図の追加",
    "workflow.transition": "状態の変更",
    "download": "ダウンロード",
    "demo.load": "デモデータの読込",
}  # each app adds its own (see the apps' AUDIT_LABELS)


class AuditEventError(RuntimeError):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditEventError("監査イベントは変更できません(追記のみ)。")

    def delete(self):
        raise AuditEventError("監査イベントは削除できません(追記のみ)。")


class AuditEvent(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    # Set by ``record()`` before the hash is computed (not auto_now_add, which would overwrite it).
    at = models.DateTimeField("日時", default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name="実行者"
    )
    actor_name = models.CharField("実行者名", max_length=150, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, null=True, blank=True, verbose_name="団体"
    )
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("対象の種類", max_length=60, blank=True)
    object_id = models.CharField("対象ID", max_length=60, blank=True)
    object_label = models.CharField("対象", max_length=300, blank=True)
    version_number = models.PositiveIntegerField("版", null=True, blank=True)
    details = models.JSONField("詳細", default=dict, blank=True)
    # The hash chain (see ``audit/chain.py``): the event's number in the chain, the hash of the
    # event before it and this event's own hash over its content and ``previous_hash``.
    seq = models.PositiveBigIntegerField("連番", unique=True)
    previous_hash = models.CharField("直前の記録のハッシュ", max_length=64)
    hash = models.CharField("ハッシュ", max_length=64)

    class Meta:
        verbose_name = "監査イベント"
        verbose_name_plural = "監査イベント"
        ordering = ["-at", "-id"]

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:  # loaded from the database: already written
            raise AuditEventError("監査イベントは変更できません(追記のみ)。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEventError("監査イベントは削除できません(追記のみ)。")

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """(項目, 変更前, 変更後) rows when ``details`` carries ``{"before": {...}, "after": {...}}``
        (optionally ``"labels": {key: 項目名}``); empty otherwise."""
        from workbench.audit.changes import rows

        return rows(self.details)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_label}"


class AuditChainHead(models.Model):
    """One row (id 1): the length of the chain and the hash of its last event. ``record()`` locks
    it first (an UPDATE), so concurrent writers append one after another on PostgreSQL and
    SQLite alike; ``verify_audit`` compares it with the last event (a removed tail shows)."""

    length = models.PositiveBigIntegerField("件数", default=0)
    hash = models.CharField("最後の記録のハッシュ", max_length=64)

    class Meta:
        verbose_name = "監査ログの連鎖の末尾"
        verbose_name_plural = "監査ログの連鎖の末尾"

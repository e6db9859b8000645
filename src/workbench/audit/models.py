"""The audit trail: append-only events. An event is never changed or deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models

ACTION_LABELS = {
    "login": "ログイン",
    "logout": "ログアウト",
    "login_failed": "ログイン失敗",
    "password_change": "パスワード変更",
    "organization.create": "団体の登録",
    "membership.add": "利用者の役割追加",
    "jimu.create": "事務の登録",
    "assessment.create": "評価書の作成",
    "version.save": "版の保存",
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

    at = models.DateTimeField("日時", auto_now_add=True, db_index=True)
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

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_label}"

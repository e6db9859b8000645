"""What the reminders recorded: one Notification per (user, key, due date), written when the daily
command first finds the item (e-mailed when the user has an address) or when the user marks a
current item read on the notifications page. A second run finds the row and sends nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("識別子", max_length=200)
    due = models.DateField("期日")
    kind = models.CharField("種類", max_length=40)
    title = models.CharField("件名", max_length=400)
    url = models.CharField("画面", max_length=300)
    created_at = models.DateTimeField("記録日時")
    emailed_at = models.DateTimeField("メール送信日時", null=True, blank=True)
    read_at = models.DateTimeField("既読日時", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-due", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key", "due"], name="one_notification_per_item")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

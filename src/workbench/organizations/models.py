"""Organisations (評価実施機関) and people's roles in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BodyType(models.TextChoices):
    LOCAL = "local", "地方公共団体等"
    NATIONAL = "national", "行政機関等"


class Role(models.TextChoices):
    ADMIN = "admin", "管理者"
    AUTHOR = "author", "作成者"
    APPROVER = "approver", "承認者"
    VIEWER = "viewer", "閲覧者"
    REVIEWER = "reviewer", "第三者点検委員"


SELF_NAMES = frozenset("都道府県市区町村")


class Organization(models.Model):
    name = models.CharField("団体名", max_length=200, unique=True)
    body_type = models.CharField("団体の種別", max_length=20, choices=BodyType.choices, default=BodyType.LOCAL)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    require_two_factor = models.BooleanField(
        "2段階認証を必須にする",
        default=False,
        db_default=False,  # rows written by older migrations' models (tests migrate back and forth)
        help_text="この団体の利用者は、パスワードに加えて認証アプリの確認コードでログインします。",
    )

    class Meta:
        verbose_name = "団体"
        verbose_name_plural = "団体"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def answer_label(self) -> str:
        """How the body heads its answers to public comments: 「市の考え方」, 「県の考え方」, 「町の考え方」 …
        from the last character of a 地方公共団体's name; plain 「考え方」 otherwise (行政機関等,
        広域連合, 一部事務組合)."""
        last = self.name.strip()[-1:]
        return f"{last}の考え方" if self.body_type == BodyType.LOCAL and last in SELF_NAMES else "考え方"

    @property
    def results_title(self) -> str:
        """「意見の概要と市の考え方」 and its equivalents."""
        return f"意見の概要と{self.answer_label}"


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("役割", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "所属"
        verbose_name_plural = "所属"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="unique_membership_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.organization} / {self.get_role_display()}"


class Deactivation(models.Model):
    """A person whose use of one organisation is stopped (利用停止): their roles there are kept here
    (the ``Membership`` rows are gone, so no query of the workbench grants them anything) until a
    管理者 restarts it. The account itself is never deleted (the audit trail names it); it is made
    inactive (``is_active``) when it has no role left in any organisation (``closed_account``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deactivations")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="deactivations")
    roles = models.JSONField("停止前の役割", default=list)
    at = models.DateTimeField("停止日時")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="停止した人",
    )
    closed_account = models.BooleanField("アカウントも無効にした", default=False)

    class Meta:
        verbose_name = "利用停止"
        verbose_name_plural = "利用停止"
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="unique_deactivation")]

    def __str__(self) -> str:
        return f"{self.user} / {self.organization}(利用停止)"

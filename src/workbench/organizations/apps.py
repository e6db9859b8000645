from django.apps import AppConfig

AUDIT_LABELS = {
    "account.create": "利用者の登録",
    "account.deactivate": "利用者の利用停止",
    "account.reactivate": "利用者の利用再開",
    "password_reset.send": "パスワード再設定の案内の送信",
    "password_reset": "パスワードの再設定(案内のリンク)",
    "logout_idle": "ログアウト(操作がない時間の経過)",
    "otp.enrol": "2段階認証の登録",
    "otp.verify": "2段階認証の確認",
    "otp.verify_failed": "2段階認証の確認コードの誤り",
    "otp.remove": "2段階認証の解除(本人)",
    "otp.reset": "2段階認証のリセット(管理者)",
    "organization.two_factor": "2段階認証の必須・任意の変更",
    "sso.roles": "シングルサインオンによる役割の設定",
}


class OrganizationsConfig(AppConfig):
    name = "workbench.organizations"
    verbose_name = "団体と利用者"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workbench.audit.models import ACTION_LABELS
        from workbench.organizations import signals  # noqa: F401  (connects the login receivers)

        ACTION_LABELS.update(AUDIT_LABELS)

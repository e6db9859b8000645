from django.apps import AppConfig

AUDIT_LABELS = {
    "controls.create": "管理項目の作成",
    "controls.check": "確認の記録",
    "controls.acknowledge": "管理項目の記載の確認",
    "controls.end": "管理項目の終了",
    "controls.review": "見直しの記録",
}


class ControlsConfig(AppConfig):
    """Promised measures as tracked controls and the yearly 見直し (ADR 0020). At the top of the
    apps (it reads 評価書 and adds to the demo data), beside publication, intake and contractors."""

    name = "workbench.controls"
    verbose_name = "約束した措置の管理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workbench.audit.models import ACTION_LABELS
        from workbench.controls.demo import load_controls
        from workbench.controls.followups import controls_needing_attention
        from workbench.controls.reminders import plan_reviews
        from workbench.procedure import demo, followups, register

        ACTION_LABELS.update(AUDIT_LABELS)
        demo.register_loader(load_controls)
        register.register_review_source(plan_reviews)  # the 計画管理書, the deadlines, the reminders
        followups.register_follow_ups(controls_needing_attention)  # the dashboard

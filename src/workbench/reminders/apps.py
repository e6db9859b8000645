from django.apps import AppConfig

AUDIT_LABELS = {
    "reminders.send": "リマインダーの送信",
    "reminders.read": "通知を既読にする",
}


class RemindersConfig(AppConfig):
    """Reminders (ADR 0021): the daily digest e-mail and the notifications page. Above procedure,
    consultation, reviews, contractors and controls, whose items it reads through its own providers; apps
    beside or above it add theirs with ``registry.register_provider``."""

    name = "workbench.reminders"
    verbose_name = "リマインダー"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workbench.audit.models import ACTION_LABELS
        from workbench.procedure import demo
        from workbench.reminders import providers
        from workbench.reminders.demo import give_addresses
        from workbench.reminders.registry import register_provider

        ACTION_LABELS.update(AUDIT_LABELS)
        demo.register_loader(give_addresses)
        for provider in providers.BUILT_IN:
            register_provider(provider)

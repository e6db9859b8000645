from django.apps import AppConfig

AUDIT_LABELS = {
    "contractors.contractor_create": "委託先の登録",
    "contractors.contractor_edit": "委託先の変更",
    "contractors.certification_add": "委託先の認証の登録",
    "contractors.certification_remove": "委託先の認証の削除",
    "contractors.contract_create": "委託契約の登録",
    "contractors.contract_edit": "委託契約の変更",
    "contractors.contract_status": "委託契約の状態の変更",
    "contractors.link": "委託契約と委託事項の紐付け",
    "contractors.unlink": "委託契約と委託事項の紐付けの解除",
    "contractors.import": "評価書の委託事項の読み込み",
    "contractors.propose": "委託先台帳からの評価書の更新",
    "contractors.resub_register": "再委託申請の受付",
    "contractors.resub_attach": "再委託申請への書類の添付",
    "contractors.resub_review": "再委託申請の審査開始",
    "contractors.resub_check": "再委託申請の審査項目の確認",
    "contractors.resub_decide": "再委託の許諾・不許諾の決定",
    "contractors.resub_withdraw": "再委託申請の取下げ",
}


class ContractorsConfig(AppConfig):
    """委託先 register (ADR 0018): 委託先, their certifications and 委託契約 linked to the 委託事項 of
    評価書. At the top of the apps (it reads 評価書 and adds to the demo data), beside publication
    and intake."""

    name = "workbench.contractors"
    verbose_name = "委託先"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workbench.audit.models import ACTION_LABELS
        from workbench.contractors.demo import load_contractors, load_resubcontract
        from workbench.contractors.followups import planned_contracts
        from workbench.procedure import demo, followups

        ACTION_LABELS.update(AUDIT_LABELS)
        demo.register_loader(load_contractors)
        demo.register_loader(load_resubcontract)
        followups.register_follow_ups(planned_contracts)  # the dashboard: 委託先 still 未定

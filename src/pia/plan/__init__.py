"""The 特定個人情報保護評価計画管理書 (指針 第5の1): the body's register of all its 評価.

    register = PlanRegister(agency="熊本市長", made_on=date(2026, 12, 8), entries=(
        PlanEntry(number="1", title="住民基本台帳に関する事務 全項目評価書", jimu="住民基本台帳に関する事務",
                  level="全項目評価書", events=(PlanEvent("実施", date(2021, 3, 1), date(2021, 3, 31)),)),))
    findings = check_register(register)       # 評価書番号 unique per body (pia.findings)
    rows = register_rows(register)             # the printed texts per column (和暦)

Plain inputs only: the workbench (or a script) builds the entries from its own records; the
writers are ``pia.render.plan``. What is known of the commission's form, column by column, is
``data/columns.yaml`` (V/P/R tags and sources, ``columns()``).
"""

from pia.plan.check import check_register
from pia.plan.columns import PlanColumn, columns, reconstructed_note
from pia.plan.model import PlanEntry, PlanEvent, PlanPlanned, PlanRegister, PlanReview, register_rows

__all__ = [
    "PlanColumn",
    "PlanEntry",
    "PlanEvent",
    "PlanPlanned",
    "PlanRegister",
    "PlanReview",
    "check_register",
    "columns",
    "reconstructed_note",
    "register_rows",
]

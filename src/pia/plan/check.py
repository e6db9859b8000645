"""The rule of the 計画管理書: every 評価書 of a body has its own 評価書番号 (the number on its
cover equals the register's 「評価書番号」 column, 記載要領). A clash is a finding naming both
評価書; a missing number is a warning."""

from __future__ import annotations

from pia.findings import Finding, Severity
from pia.plan.model import PlanRegister

DUPLICATE = "plan.number_duplicate"
MISSING = "plan.number_missing"


def check_register(register: PlanRegister) -> list[Finding]:
    findings: list[Finding] = []
    first: dict[str, str] = {}
    for entry in register.sorted_entries():
        key = entry.number_key
        if not key:
            findings.append(
                Finding(
                    MISSING,
                    Severity.WARNING,
                    entry.ref,
                    f"「{entry.title}」の評価書番号が記載されていません。計画管理書の評価書番号を表紙に記載してください。",
                    entry.title,
                )
            )
            continue
        if key in first:
            findings.append(
                Finding(
                    DUPLICATE,
                    Severity.ERROR,
                    entry.ref,
                    f"評価書番号「{key}」が「{first[key]}」と「{entry.title}」で重複しています。"
                    "評価書番号は評価実施機関の中で評価書ごとに異なる番号にしてください(指針 第5の1、計画管理書)。",
                    entry.title,
                )
            )
        else:
            first[key] = entry.title
    return findings

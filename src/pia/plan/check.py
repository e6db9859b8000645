"""The rule of the 計画管理書: every 評価書 of a body has its own 評価書番号 (the number on its
cover equals the register's 「評価書番号」 column, 記載要領). A clash is a finding naming both
評価書; a missing number is a warning.

The number belongs to the 評価 of one 事務, so the 基礎項目評価書 submitted with the 重点項目評価書 or
全項目評価書 of the same 事務 carries the same number and is no clash (our reading [R]: the
published covers of 住基 basic and 全項目 reports share a number; no 記載要領 text says so)."""

from __future__ import annotations

from pia.findings import Finding, Severity
from pia.plan.model import PlanRegister

DUPLICATE = "plan.number_duplicate"
MISSING = "plan.number_missing"


def check_register(register: PlanRegister) -> list[Finding]:
    findings: list[Finding] = []
    first: dict[str, tuple[str, str]] = {}  # number → (事務, the first 評価書's title)
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
        if key in first and first[key][0] != entry.jimu:
            findings.append(
                Finding(
                    DUPLICATE,
                    Severity.ERROR,
                    entry.ref,
                    f"評価書番号「{key}」が「{first[key][1]}」と「{entry.title}」で重複しています。"
                    "評価書番号は評価実施機関の中で評価書ごとに異なる番号にしてください(指針 第5の1、計画管理書)。",
                    entry.title,
                )
            )
        elif key not in first:
            first[key] = (entry.jimu, entry.title)
    return findings

"""How the commands show a rule's basis: the law (article and the version's 施行日) first,
municipal pages after it as 参考, and the JSON carries the citations as data."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_rules_cli import run, run_json, write_document

from pia.forms import get_form
from pia.rules.ruledata import load_rules

STAFF = "根拠: 特定個人情報保護評価に関する規則 第4条第1号（平成26年4月20日施行）[V]"


def _block(out: str, message_start: str) -> list[str]:
    """The lines under the reason that starts with ``message_start``."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  ・{message_start}"))
    rest = lines[start + 1 :]
    end = next((i for i, line in enumerate(rest) if not line.startswith("    ")), len(rest))
    return [line.strip() for line in rest[:end]]


def test_threshold_shows_the_rule_then_the_references(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(["threshold", "--exempt", "staff", "--on", "2025-12-01"], capsys)
    block = _block(out, "職員の人事")
    assert block[0] == STAFF
    kinds = [line.split(":")[0] for line in block]
    assert kinds == sorted(kinds, key=["根拠", "参考", "確度"].index)
    assert block[-1] == "確度: V(規則データ exemptions.staff)"
    assert any(line.startswith("参考: ") and "http" in line for line in block)


def test_threshold_json_carries_the_citations(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(["threshold", "--exempt", "staff", "--on", "2025-12-01"], capsys)
    basis = data["reasons"][0]["basis"]
    assert basis["law"][0] == {
        "instrument": "規則",
        "title": "特定個人情報保護評価に関する規則",
        "number": "平成26年特定個人情報保護委員会規則第1号",
        "article": "第4条第1号",
        "version": "2014-04-20",
        "effect": "施行",
        "status": "V",
        "text": "特定個人情報保護評価に関する規則 第4条第1号（平成26年4月20日施行）",
    }
    assert all("http" not in c["text"] for c in basis["law"])
    assert data["reasons"][0]["source"].startswith("特定個人情報保護評価に関する規則 第4条第1号")


def test_deadlines_show_the_rule_of_each_period(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = get_form("basic").item_for_role("publication_date")
    assert item is not None
    path = write_document(tmp_path, "basic", **{item.id: "令和5年4月1日"})
    _, out = run(["deadlines", path, "--on", "2025-12-01"], capsys)
    lines = out.splitlines()
    law = lines.index("  根拠: 特定個人情報保護評価に関する規則 第15条（平成26年4月20日施行）[V]")
    reference = next(i for i, line in enumerate(lines) if line.startswith("  参考: ") and "ppc.go.jp" in line)
    assert law < reference


def test_the_tool_setting_says_it_has_no_legal_basis() -> None:
    row = load_rules().on(load_rules().change_dates()[-1]).constant("due_soon_days")
    assert row.basis.legal_lines() == ("本ツールの運用上の設定(法令の定めなし)",)


def test_plan_shows_the_legal_basis_of_each_step(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(["plan", "--level", "full", "--body", "local", "--effective", "2026-10-01"], capsys)
    lines = out.splitlines()
    assert "  第三者点検: 特定個人情報保護評価に関する規則 第7条第4項（平成26年4月20日施行）[V]" in lines
    assert any(line.startswith("手続の根拠: 特定個人情報保護評価に関する規則 第7条第1項・第4項") for line in lines)
    _, data = run_json(["plan", "--level", "full", "--body", "local", "--effective", "2026-10-01"], capsys)
    assert data["step_basis"]["third_party_review"]["law"][0]["article"] == "第7条第4項"
    assert data["step_basis"]["consultation"]["secondary"]

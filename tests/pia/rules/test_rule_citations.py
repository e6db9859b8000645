"""Every rule of the rules data cites the law (番号法, 規則, 指針 …) with the version it cites;
municipal and commentary pages are kept only as secondary references."""

from __future__ import annotations

import copy
from dataclasses import fields
from datetime import date
from typing import Any

import pytest
import yaml

from pia.rules.ruledata import DEFAULT_PATH, RuleBook, RuleDataError, load_rules, parse_rules
from pia.rules.rulerows import Row

OPERATIONAL = {("constants", "due_soon_days")}  # the tool's own settings, said so in the data


def _rows() -> list[tuple[str, Row]]:
    book = load_rules()
    return [(f.name, row) for f in fields(RuleBook) for row in getattr(book, f.name)]


@pytest.fixture
def raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


@pytest.mark.parametrize(("table", "row"), _rows(), ids=lambda v: v if isinstance(v, str) else v.id)
def test_every_rule_cites_the_law_or_says_it_is_a_setting(table: str, row: Row) -> None:
    if (table, row.id) in OPERATIONAL:
        assert not row.law
        assert "法令の定めなし" in row.operational
        return
    assert row.law, f"{table}.{row.id} has no legal citation"
    assert not row.operational
    for citation in row.law:
        assert citation.article.startswith(("第", "「", "Ⅰ", "Ⅱ", "Ⅲ")), citation.article
        assert "http" not in citation.article
        assert citation.status in ("V", "P", "R")
        assert citation.instrument.version(citation.version) is not None


@pytest.mark.parametrize(("table", "row"), _rows(), ids=lambda v: v if isinstance(v, str) else v.id)
def test_web_pages_are_only_secondary_references(table: str, row: Row) -> None:
    legal = " ".join(row.basis.legal_lines())
    assert "http" not in legal
    assert all(not page.startswith(("第", "特定個人情報保護評価に関する規則")) for page in row.secondary)


@pytest.mark.parametrize(
    ("table", "row_id", "expected"),
    [
        ("exemptions", "staff", "特定個人情報保護評価に関する規則 第4条第1号（平成26年4月20日施行）[V]"),
        ("constants", "reassessment_years", "特定個人情報保護評価に関する規則 第15条（平成26年4月20日施行）[V]"),
        ("constants", "handlers_big", "特定個人情報保護評価指針 第5の2（令和6年10月1日適用）[V]"),
        ("steps", "third_party_review", "特定個人情報保護評価に関する規則 第7条第4項（平成26年4月20日施行）[V]"),
        ("bodies", "local", "特定個人情報保護評価に関する規則 第2条第3号（平成26年4月20日施行）[V]"),
        ("occasions", "important_change", "特定個人情報保護評価に関する規則 第11条（平成26年4月20日施行）[V]"),
    ],
)
def test_a_citation_reads_as_instrument_article_and_version(table: str, row_id: str, expected: str) -> None:
    row = next(r for t, r in _rows() if t == table and r.id == row_id)
    assert row.basis.legal_lines()[0] == expected


def test_the_basis_text_puts_the_law_before_the_references() -> None:
    rules = load_rules().on(date(2025, 12, 1))
    text = rules.constant("handlers_big").basis.text
    assert text.index("特定個人情報保護評価指針 第5の2") < text.index("参考: 成田市")


def _first(raw: dict[str, Any], table: str, row_id: str) -> dict[str, Any]:
    row: dict[str, Any] = next(r for r in raw[table] if r["id"] == row_id)
    return row


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: _first(r, "exemptions", "staff").pop("law"), r"exemptions\[0\]: 法令の根拠\(law\)がありません"),
        (
            lambda r: _first(r, "exemptions", "staff").update(operational="本ツールの設定"),
            "どちらか一方だけ",
        ),
        (
            lambda r: _first(r, "exemptions", "staff").update(source="東海村のページ"),
            r"exemptions\[0\]\.source: source は使えません",
        ),
        (
            lambda r: _first(r, "exemptions", "staff")["law"][0].update(instrument="条例"),
            r"law\[0\]\.instrument: 「条例」は instruments にありません",
        ),
        (
            lambda r: _first(r, "exemptions", "staff")["law"][0].update(version=date(2020, 1, 1)),
            r"law\[0\]\.version: 規則に2020-01-01の版は登録されていません",
        ),
        (lambda r: _first(r, "exemptions", "staff")["law"][0].pop("article"), "「article」がありません"),
        (lambda r: _first(r, "exemptions", "staff")["law"][0].update(status="X"), r"law\[0\]\.status: V / P / R"),
        (lambda r: _first(r, "exemptions", "staff").update(law=[]), r"exemptions\[0\]\.law: 法令の引用"),
        (lambda r: r.pop("instruments"), "instruments: 法令"),
        (lambda r: r["instruments"][0].update(effect="公布"), r"instruments\[0\]\.effect: 施行 / 適用"),
    ],
)
def test_a_broken_citation_is_refused_naming_its_place(raw: dict[str, Any], change: Any, message: str) -> None:
    change(raw)
    with pytest.raises(RuleDataError, match=message):
        parse_rules(raw)

"""重要な変更 / 修正: the data-driven cases, the rules data itself, and the required action."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_changes_support import seed_v1, seed_v2

from pia.changes import ChangeList, diff, load_classification, required_action
from pia.changes.rules_data import DATA_PATH, ClassificationDataError, parse_classification
from pia.document import Document, ElementPath, locate, new_document, set_value
from pia.forms import all_forms, get_form

CASES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "classification.yaml").read_text(encoding="utf-8"))


def _file(form: str) -> dict[str, Any]:
    if form == "basic":
        return {}
    file: dict[str, Any] = {"id": "f1", "II.file.1": "住民基本台帳ファイル", "II.file.4.umu": "委託する"}
    file["II.file.4.kensu"] = 1
    file["II.file.4.itaku"] = [
        {
            "id": "a",
            "II.file.4.itaku.name": "保守",
            "II.file.4.itaku.7": "再委託しない",
            "II.file.4.itaku.3": "10人以上50人未満",
        }
    ]
    if form == "full":
        file["III.file.4.7"] = "再委託していない"
    return file


def base(form: str) -> Document:
    document = new_document(get_form(form))
    if form == "basic":
        document.values["II.1"] = "10万人以上30万人未満"
        return document
    document.values["I.1.3"] = "10万人以上30万人未満"
    document.values["files"] = [_file(form)]
    return document


def edit(document: Document, ops: dict[str, Any] | None) -> Document:
    template = get_form(document.form, document.edition)
    ops = ops or {}
    for path, element in (ops.get("add") or {}).items():
        parsed = ElementPath.parse(path)
        scope = locate(document, template, parsed).scope
        scope.setdefault(template.item(parsed.item_id).storage_key, []).append(copy.deepcopy(element))
    for path in ops.get("remove") or []:
        parsed = ElementPath.parse(path)
        scope = locate(document, template, ElementPath(parsed.item_id, parsed.selectors[:-1])).scope
        key = template.item(parsed.item_id).storage_key
        scope[key] = [e for e in scope[key] if e["id"] != parsed.selectors[-1][1]]
    for path, order in (ops.get("order") or {}).items():
        parsed = ElementPath.parse(path)
        scope = locate(document, template, parsed).scope
        key = template.item(parsed.item_id).storage_key
        scope[key].sort(key=lambda e: order.index(e["id"]))
    for path, value in (ops.get("set") or {}).items():
        set_value(document, template, ElementPath.parse(path), value)
    return document


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_classification_case(case: dict[str, Any]) -> None:
    form = case.get("form", "full")
    old, new = edit(base(form), case.get("old")), edit(base(form), case.get("new"))
    changes = diff(old, new, declared=case.get("declared"))
    found = {c.path: [c.kind, c.important, c.rule] for c in changes.changes}
    assert found == case["expect"]
    assert changes.verdict == case["verdict"]
    assert all(c.reason and c.source and "{" not in c.reason for c in changes.changes)


def test_the_cases_use_every_rule() -> None:
    used = {rule for case in CASES for _, _, rule in case["expect"].values()}
    assert {r.id for r in load_classification().rules} | {"star", "star_element", "default"} == used


# --- the rules data ---------------------------------------------------------------------------


def test_every_item_the_rules_name_exists_in_a_form() -> None:
    known = {item.id for form in all_forms() for item in form.walk()}
    for rule in load_classification().rules:
        assert set(rule.items) <= known, rule.id
        assert set(rule.within) <= known, rule.id


def test_the_star_list_is_the_forms_and_not_copied() -> None:
    text = DATA_PATH.read_text(encoding="utf-8")
    starred = [i.id for i in get_form("full").walk() if i.star]
    assert "I.1.2" in starred
    assert "II.file.4.itaku.7" in starred
    assert not any(f" {item_id}," in text or f"[{item_id}]" in text for item_id in ("I.1.2", "I.5", "IV", "III"))


def test_the_declarable_exceptions() -> None:
    offered = load_classification().declarations()
    assert set(offered) == {"typo", "org_rename", "law_renumbering", "risk_reduction"}
    assert offered["typo"] == "誤字脱字の修正"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"schema": 2}, "schema: 1"),
        ({"schema": 1, "rules": {}}, "ルールのリスト"),
        ({"schema": 1, "rules": [{"id": "x", "decision": "maybe"}]}, "decision は important か correction"),
        ({"schema": 1, "rules": [{"id": "x", "decision": "important", "changes": ["grown"]}]}, "grown は使えません"),
        ({"schema": 1, "rules": [{"id": "x", "when": 1}]}, "不明なキー when"),
    ],
)
def test_a_broken_rules_file_is_reported(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ClassificationDataError, match=message):
        parse_classification(data)


def test_duplicate_rule_ids_are_reported() -> None:
    data = yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))
    data["rules"].append(copy.deepcopy(data["rules"][0]))
    with pytest.raises(ClassificationDataError, match="id が重複"):
        parse_classification(data)


def test_other_rules_data_can_be_used(tmp_path: Path) -> None:
    data = yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["id"] != "itaku_added"]
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    changes = diff(seed_v1(), seed_v2(), rules=load_classification(path))
    added = next(c for c in changes.changes if c.path.endswith("[#card-center]"))
    assert (added.important, added.rule) == (True, "star_element")
    assert "⑦再委託の有無" in added.reason or "対象となる本人の範囲" in added.reason


# --- what the body must do --------------------------------------------------------------------


def test_a_reassessment_gives_the_procedure_of_the_level() -> None:
    action = required_action(diff(seed_v1(), seed_v2()))
    assert action.occasion == "important_change"
    assert action.timing == "before"
    assert action.steps[1:4] == ("公示・意見聴取", "意見を踏まえた評価書の見直し", "第三者点検")
    assert "変更を加える前に特定個人情報保護評価を再実施" in action.message


def test_a_national_body_needs_the_commissions_approval() -> None:
    old, new = seed_v1(), seed_v2()
    new.body_type = "national"
    assert "個人情報保護委員会の承認" in required_action(diff(old, new)).steps


def test_a_correction_may_be_filed_after_the_change() -> None:
    old, new = seed_v1(), seed_v1()
    new.values["I.7.2"] = "市民課長"
    action = required_action(diff(old, new))
    assert (action.verdict, action.occasion, action.timing) == ("correction", "correction", "after_allowed")
    assert "「事後」" in action.message


def test_no_change_needs_nothing() -> None:
    assert required_action(ChangeList("full", "平成30年5月", "local")).message == "変更はありません。"

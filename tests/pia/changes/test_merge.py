"""The three-way merge: the data-driven cases (tests/pia/cases/merge.yaml) on the 住基 example,
what the result says it took, and the documents it refuses."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from merge_support import DOCUMENTS

from pia.changes.merge import MergeError, MergeResult, merge
from pia.changes.merge_model import CONFLICT_KIND_LABELS
from pia.document import Document, ElementPath, PathError, get_value, set_value
from pia.forms import get_form

CASES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "merge.yaml").read_text(encoding="utf-8"))
EXAMPLE = DOCUMENTS["jumin-kihon-daicho-v2"]
TEMPLATE = get_form(EXAMPLE.form, EXAMPLE.edition)


def edit(operations: list[dict[str, Any]]) -> Document:
    document = EXAMPLE.copy()
    for operation in operations:
        ((name, argument),) = operation.items()
        if name == "set":
            set_value(document, TEMPLATE, ElementPath.parse(argument["path"]), argument["value"])
        elif name == "add":
            elements = _elements(document, argument["repeat"])
            element = {"id": argument["id"], **argument.get("values", {})}
            elements.insert(argument.get("at", len(elements)), element)
        elif name == "remove":
            path = ElementPath.parse(argument)
            elements = _elements(document, str(ElementPath(path.item_id, path.selectors[:-1])))
            elements[:] = [e for e in elements if e["id"] != path.selectors[-1][1]]
        elif name == "order":
            elements = _elements(document, argument["repeat"])
            by_id = {e["id"]: e for e in elements}
            elements[:] = [by_id[i] for i in argument["ids"]]
        elif name == "raw":
            document.values[argument["key"]] = argument["value"]
        else:
            raise AssertionError(f"unknown operation {name}")
    return document


def _elements(document: Document, repeat: str) -> list[dict[str, Any]]:
    path = ElementPath.parse(repeat)
    item = TEMPLATE.item(path.item_id)
    scope = document.values
    if path.selectors:
        scope = get_value(document, TEMPLATE, ElementPath(path.selectors[-1][0], path.selectors))
    return scope.setdefault(item.storage_key, [])


def _value(document: Document, path: str) -> Any:
    try:
        value = get_value(document, TEMPLATE, ElementPath.parse(path))
    except PathError:
        return None
    return value if value not in ("", [], None) else None


def _ids(document: Document, repeat: str) -> list[str]:
    return [e["id"] for e in _elements(document, repeat)]


def _check(result: MergeResult, expected: dict[str, Any]) -> None:
    for path, value in expected.get("values", {}).items():
        assert _value(result.document, path) == value, path
    for repeat, ids in expected.get("orders", {}).items():
        assert _ids(result.document, repeat) == ids, repeat
    for key, value in expected.get("raw", {}).items():
        assert result.document.values.get(key) == value


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_merge_cases(case: dict[str, Any]) -> None:
    theirs, mine = edit(case["theirs"]), edit(case["mine"])
    result = merge(EXAMPLE, theirs, mine)
    expected = case["expect"]
    assert [(c.path, c.kind) for c in result.conflicts] == [(c["path"], c["kind"]) for c in expected["conflicts"]]
    for conflict, wanted in zip(result.conflicts, expected["conflicts"], strict=True):
        for side in ("theirs", "mine"):
            if f"{side}_text" in wanted:
                assert conflict.text(side) == wanted[f"{side}_text"]
        assert conflict.chosen == "mine"
        assert conflict.label
    _check(result, expected)
    if "taken" in expected:
        assert [m.path for m in result.taken_from("theirs")] == expected["taken"]
    if "resolve" in case:
        resolved = merge(EXAMPLE, theirs, mine, resolutions=case["resolve"])
        assert {c.path: c.chosen for c in resolved.conflicts} == case["resolve"]
        _check(resolved, case["resolved"])


def test_the_result_names_what_it_took_with_printed_labels() -> None:
    theirs = edit([{"set": {"path": "II.file[#honnin].4.itaku[#cs-hoshu].1", "value": "委託内容"}}])
    mine = edit([{"add": {"repeat": "II.file[#honnin].4.itaku", "id": "itaku-3"}}])
    result = merge(EXAMPLE, theirs, mine)
    (taken,) = result.taken_from("theirs")
    assert taken.label == (
        "Ⅱ 特定個人情報ファイルの概要 (2) 本人確認情報ファイル › 4.特定個人情報ファイルの取扱いの委託 › 委託事項1"
        " › ①委託内容"
    )
    assert taken.kind == "modified"
    assert taken.item_id == "II.file.4.itaku.1"
    (added,) = result.taken_from("mine")
    assert (added.kind, added.path, added.label.endswith("委託事項3")) == (
        "added",
        "II.file[#honnin].4.itaku[#itaku-3]",
        True,
    )


def test_a_value_conflict_reads_as_the_form_prints_it() -> None:
    theirs = edit([{"set": {"path": "VI.1.1", "value": "2025-04-01"}}])
    mine = edit([{"set": {"path": "VI.1.1", "value": "2025-05-01"}}])
    (conflict,) = merge(EXAMPLE, theirs, mine).conflicts
    assert conflict.theirs_text.startswith("令和7年4月1日")
    assert "2025-04-01" in conflict.theirs_text
    assert conflict.base == "2020-11-16"
    assert conflict.theirs == "2025-04-01"
    assert conflict.mine == "2025-05-01"
    assert conflict.kind_label == CONFLICT_KIND_LABELS["value"] == "記載"


def test_an_order_conflict_lists_the_titles() -> None:
    theirs = edit([{"order": {"repeat": "II.file", "ids": ["sofusaki", "jumin", "honnin"]}}])
    mine = edit([{"order": {"repeat": "II.file", "ids": ["honnin", "sofusaki", "jumin"]}}])
    (conflict,) = merge(EXAMPLE, theirs, mine).conflicts
    assert conflict.path == "II.file"
    assert conflict.kind == "order"
    assert conflict.theirs_text == "①送付先情報ファイル、②住民基本台帳ファイル、③本人確認情報ファイル"
    assert conflict.base == ["jumin", "honnin", "sofusaki"]


def test_documents_of_different_editions_are_refused() -> None:
    other = Document("full", "平成26年4月", "local", {})
    with pytest.raises(MergeError, match="様式または様式の版が異なる"):
        merge(EXAMPLE, other, EXAMPLE)


def test_an_element_without_an_id_is_refused_with_its_place() -> None:
    broken = edit([])
    broken.values["I.2.sys"][1].pop("id")
    where = "「Ⅰ 基本情報 › 2.特定個人情報ファイルを取り扱う事務において使用するシステム.*」"
    with pytest.raises(MergeError, match=where + "の2番目の要素に id がありません"):
        merge(EXAMPLE, broken, EXAMPLE)


def test_the_inputs_are_not_changed() -> None:
    theirs = edit([{"set": {"path": "cover.name", "value": "相手"}}])
    mine = edit([{"set": {"path": "I.1.1", "value": "自分"}}])
    before = copy.deepcopy((EXAMPLE.to_data(), theirs.to_data(), mine.to_data()))
    result = merge(EXAMPLE, theirs, mine)
    result.document.values["I.2.sys"][0]["I.2.sys.1"] = "changed"
    assert (EXAMPLE.to_data(), theirs.to_data(), mine.to_data()) == before

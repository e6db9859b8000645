"""diff(): matching by element id, the seed revision, printed order and clear errors."""

from __future__ import annotations

import copy

import pytest
from test_changes_support import (
    CARD_CENTER,
    FULL,
    example,
    seed_v1,
    seed_v2,
)

from pia.changes import Change, ChangeList, DiffError, EditionError, apply_changes, diff, diff_json, snapshot
from pia.document import Document

HONNIN_ITAKU = "II.file[#honnin].4.itaku"


def paths(changes: ChangeList) -> list[str]:
    return [c.path for c in changes.changes]


def by_path(changes: ChangeList) -> dict[str, Change]:
    return {c.path: c for c in changes.changes}


# --- the seed revision ------------------------------------------------------------------------

SEED_CHANGES = [
    ("II.file[#honnin].4.kensu", "modified", False),
    ("II.file[#honnin].4.itaku[#card-center]", "added", True),
    ("III.file[#honnin].4.7", "modified", True),
    ("III.file[#honnin].4.7a", "added", True),
    ("III.file[#honnin].4.other[#card-center-risks]", "added", True),
]


def test_the_seed_revision_is_found_in_printed_order() -> None:
    changes = diff(seed_v1(), seed_v2())
    assert [(c.path, c.kind, c.important) for c in changes.changes] == SEED_CHANGES
    assert changes.verdict == "reassessment"


def test_the_example_revision_matches_the_seed() -> None:
    changes = diff(example("v1"), example("v2"))
    assert [(c.path, c.kind, c.important) for c in changes.changes] == SEED_CHANGES
    assert changes.verdict == "reassessment"
    added = [c for c in changes.changes if c.is_element]
    assert [c.rule for c in added] == ["itaku_added", "star"]


def test_an_added_element_carries_its_label_value_and_position() -> None:
    change = by_path(diff(seed_v1(), seed_v2()))["II.file[#honnin].4.itaku[#card-center]"]
    assert (
        change.label
        == "Ⅱ 特定個人情報ファイルの概要 (2) 本人確認情報ファイル › 4.特定個人情報ファイルの取扱いの委託 › 委託事項2"
    )
    assert change.before is None
    assert change.after == CARD_CENTER
    assert change.index == 2
    assert change.item_id == "II.file.4.itaku"


def test_a_modified_value_carries_before_and_after() -> None:
    change = by_path(diff(seed_v1(), seed_v2()))["III.file[#honnin].4.7"]
    assert (change.before, change.after) == ("再委託していない", "十分に行っている")
    assert change.label.endswith(
        "4.特定個人情報ファイルの取扱いの委託 › 再委託先による特定個人情報ファイルの適切な取扱いの確保"
    )
    assert change.reason
    assert change.source


def test_changed_paths_cover_everything_filled_in_an_added_element() -> None:
    changed = diff(seed_v1(), seed_v2()).changed_paths()
    assert "II.file[#honnin].4.itaku[#card-center]" in changed
    assert "II.file[#honnin].4.itaku[#card-center].7" in changed
    assert "III.file[#honnin].4.other[#card-center-risks].risks[#open-counter].measure" in changed
    assert "II.file[#honnin].4.kensu" in changed
    assert "II.file[#honnin].4.itaku[#jukinet].7" not in changed
    assert "II.file[#honnin].4.itaku[#card-center].2" in changed
    assert not any(p.endswith("[#card-center].saiitaku") for p in changed)  # headings hold no value


def test_the_same_document_has_no_changes() -> None:
    changes = diff(seed_v2(), seed_v2())
    assert changes.changes == []
    assert changes.verdict == "correction"
    assert changes.changed_paths() == set()


def test_the_json_has_the_cli_fields() -> None:
    changes = diff(seed_v1(), seed_v2())
    data = diff_json(changes)
    assert data["verdict"] == "reassessment"
    assert data["action"]["occasion"] == "important_change"
    assert list(data) == [*(k for k in changes.to_json() if k != "changes"), "action", "changes"]
    assert "action" not in changes.to_json()  # the model knows no rules engine (pia.changes.action adds it)
    first = data["changes"][1]
    assert {"path", "label", "change", "before", "after", "important", "reason"} <= set(first)
    assert first["change"] == "added"
    assert first["important"] is True


# --- matching by id ---------------------------------------------------------------------------


def test_elements_match_by_id_not_by_position() -> None:
    old, new = seed_v2(), seed_v2()
    itaku = new.values["files"][1]["II.file.4.itaku"]
    itaku.reverse()
    changes = diff(old, new)
    assert [(c.path, c.kind) for c in changes.changes] == [(HONNIN_ITAKU, "reordered")]
    assert changes.changes[0].before == ["jukinet", "card-center"]
    assert changes.changes[0].after == ["card-center", "jukinet"]
    assert changes.verdict == "correction"


def test_a_changed_id_is_a_removal_and_an_addition() -> None:
    old, new = seed_v2(), seed_v2()
    new.values["files"][1]["II.file.4.itaku"][1]["id"] = "card-centre"
    kinds = [(c.path, c.kind) for c in diff(old, new).changes]
    assert (f"{HONNIN_ITAKU}[#card-center]", "removed") in kinds
    assert (f"{HONNIN_ITAKU}[#card-centre]", "added") in kinds


def test_a_removed_element_is_listed_where_it_stood() -> None:
    changes = diff(seed_v2(), seed_v1())
    assert paths(changes)[:2] == ["II.file[#honnin].4.kensu", f"{HONNIN_ITAKU}[#card-center]"]
    removed = changes.changes[1]
    assert removed.kind == "removed"
    assert removed.after is None
    assert removed.before == CARD_CENTER
    assert removed.label.endswith("委託事項2")


def test_a_new_file_is_one_addition_per_section_sharing_the_group() -> None:
    old, new = seed_v1(), seed_v1()
    new.values["files"].append({"id": "sofu", "II.file.1": "送付先情報ファイル", "III.file.4.none": ["委託しない"]})
    changes = diff(old, new)
    assert paths(changes) == ["II.file[#sofu]", "bessoe2[#sofu]", "III.file[#sofu]"]
    assert changes.changes[0].after == {"id": "sofu", "II.file.1": "送付先情報ファイル"}
    assert changes.changes[2].after == {"id": "sofu", "III.file.4.none": ["委託しない"]}
    assert changes.changes[0].label == "Ⅱ 特定個人情報ファイルの概要 (3) 送付先情報ファイル"


def test_blank_values_are_all_the_same() -> None:
    old, new = seed_v1(), seed_v1()
    old.values["I.1.2"] = ""
    new.values.pop("I.1.2", None)
    new.values["I.4.1"] = None
    new.values["files"][0]["II.file.3.1"] = []
    assert diff(old, new).changes == []


def test_checkbox_ticks_are_compared_as_a_set_and_numbers_as_text() -> None:
    old, new = seed_v1(), seed_v1()
    old.values["files"][0]["II.file.3.1"] = ["本人又は本人の代理人", {"その他": "x"}]
    new.values["files"][0]["II.file.3.1"] = [{"その他": "x"}, "本人又は本人の代理人"]
    new.values["files"][1]["II.file.4.kensu"] = "1"
    assert diff(old, new).changes == []


def test_value_kinds_follow_filling_and_clearing() -> None:
    old, new = seed_v1(), seed_v1()
    old.values["I.1.2"] = "旧"
    new.values["I.4.1"] = "新"
    found = {c.path: c.kind for c in diff(old, new).changes}
    assert found == {"I.1.2": "removed", "I.4.1": "added"}


# --- errors -----------------------------------------------------------------------------------


def test_an_element_without_id_is_a_clear_error() -> None:
    new = seed_v2()
    del new.values["files"][1]["II.file.4.itaku"][1]["id"]
    with pytest.raises(DiffError, match="2番目の要素に id がありません"):
        diff(seed_v1(), new)


def test_duplicate_element_ids_are_a_clear_error() -> None:
    new = seed_v2()
    new.values["files"][1]["II.file.4.itaku"][1]["id"] = "jukinet"
    with pytest.raises(DiffError, match="同じ id「jukinet」の要素が2つあります"):
        diff(seed_v1(), new)


def test_different_forms_cannot_be_compared() -> None:
    basic = Document("basic", "平成29年5月", "local", {})
    with pytest.raises(EditionError, match="様式の異なる評価書は比較できません"):
        diff(basic, seed_v1())


def test_an_unknown_edition_is_a_clear_japanese_error() -> None:
    old = seed_v1()
    old.edition = "平成27年1月"
    with pytest.raises(
        EditionError, match="版「平成27年1月」の評価書を版「平成30年5月」と比較するための移行表がありません"
    ):
        diff(old, seed_v2())
    new = seed_v2()
    new.edition = "令和9年1月"
    with pytest.raises(EditionError, match="登録されていません"):
        diff(seed_v1(), new)


def test_an_unknown_declaration_is_a_clear_error() -> None:
    with pytest.raises(DiffError, match="申告できるもの: typo"):
        diff(seed_v1(), seed_v2(), declared={"I.1.2": "misprint"})


def test_a_declaration_without_a_change_is_noted() -> None:
    changes = diff(seed_v1(), seed_v2(), declared={"I.1.2": "typo"})
    assert changes.notes == ["申告 I.1.2=typo に当たる変更はありません"]


# --- apply ------------------------------------------------------------------------------------


def test_applying_the_seed_changes_to_v1_gives_v2() -> None:
    old, new = seed_v1(), seed_v2()
    result = apply_changes(old, diff(old, new))
    assert snapshot(result, FULL) == snapshot(new, FULL)
    assert old.values == seed_v1().values  # the old version is not touched


def test_applying_the_reverse_changes_to_v2_gives_v1() -> None:
    old, new = seed_v2(), seed_v1()
    assert snapshot(apply_changes(old, diff(old, new)), FULL) == snapshot(new, FULL)


def test_apply_restores_a_new_file_in_all_three_sections_and_in_place() -> None:
    old, new = seed_v1(), seed_v1()
    sofu = {
        "id": "sofu",
        "II.file.1": "送付先情報ファイル",
        "bessoe2.items": [{"id": "x", "bessoe2.items.name": "氏名"}],
    }
    sofu["III.file.2.risk1.1"] = "措置"
    new.values["files"].insert(0, copy.deepcopy(sofu))
    result = apply_changes(old, diff(old, new))
    assert [f["id"] for f in result.values["files"]] == ["sofu", "juki", "honnin"]
    assert result.values["files"][0] == sofu


def test_applying_the_example_changes_gives_the_example_v2() -> None:
    old, new = example("v1"), example("v2")
    assert snapshot(apply_changes(old, diff(old, new)), FULL) == snapshot(new, FULL)

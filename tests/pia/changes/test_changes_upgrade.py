"""Edition upgrades: a mapping file per edition pair, chained, applied before the diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_changes_support import FULL, seed_v1, seed_v2

from pia.changes import EditionError, UpgradeSet, apply_changes, diff, snapshot, upgrade
from pia.changes.upgrade import EditionMapping, check_mapping, default_upgrades, load_mapping, upgrade_with_notes
from pia.document import Document
from pia.forms import get_form

H26_TO_H28 = """
form: full
from: 平成26年4月
to: 平成28年1月
source: test fixture
renamed_items:
  II.file.4.itaku.saiitaku_umu: II.file.4.itaku.7old
"""

H28_TO_H30 = """
form: full
from: 平成28年1月
to: 平成30年5月
source: test fixture (委員会の改組による承認日ラベルの変更など)
renamed_items:
  II.file.4.itaku.7old: II.file.4.itaku.7
  I.7.2.name: I.7.2
relabelled_options:
  II.file.4.itaku.7: {再委託あり: 再委託する, 再委託なし: 再委託しない}
  II.file.4.itaku.4: {電子メール(暗号化): 電子メール}
removed_items: [cover.old_stamp]
"""


@pytest.fixture
def upgrades(tmp_path: Path) -> UpgradeSet:
    (tmp_path / "upgrade-full-h26-04-to-h28-01.yaml").write_text(H26_TO_H28, encoding="utf-8")
    (tmp_path / "upgrade-full-h28-01-to-h30-05.yaml").write_text(H28_TO_H30, encoding="utf-8")
    return UpgradeSet.load(tmp_path)


def as_h26(document: Document) -> Document:
    """The same content written in the fixture's 平成26年4月 edition."""
    old = document.copy()
    old.edition = "平成26年4月"
    old.values["cover.old_stamp"] = "旧様式"
    for file in old.values["files"]:
        for itaku in file.get("II.file.4.itaku", []):
            choice = itaku.pop("II.file.4.itaku.7", None)
            if choice:
                itaku["II.file.4.itaku.saiitaku_umu"] = {"再委託する": "再委託あり", "再委託しない": "再委託なし"}[
                    choice
                ]
            itaku["II.file.4.itaku.4"] = ["電子メール(暗号化)"]
    return old


def test_the_chain_is_found_through_both_files(upgrades: UpgradeSet) -> None:
    chain = upgrades.chain("full", "平成26年4月", "平成30年5月")
    assert chain is not None
    assert [(m.source, m.target) for m in chain] == [("平成26年4月", "平成28年1月"), ("平成28年1月", "平成30年5月")]
    assert upgrades.chain("full", "平成30年5月", "平成26年4月") is None
    assert upgrades.chain("focused", "平成26年4月", "平成30年5月") is None


def test_upgrading_renames_relabels_and_drops(upgrades: UpgradeSet) -> None:
    old = as_h26(seed_v1())
    chain = upgrades.chain("full", old.edition, FULL.edition)
    assert chain is not None
    result = upgrade(old, chain)
    assert result.edition == "平成30年5月"
    itaku = result.values["files"][1]["II.file.4.itaku"][0]
    assert itaku["II.file.4.itaku.7"] == "再委託しない"
    assert itaku["II.file.4.itaku.4"] == ["電子メール"]
    assert "cover.old_stamp" not in result.values
    assert old.edition == "平成26年4月"  # the input is not changed


def test_an_older_edition_is_upgraded_before_the_diff(upgrades: UpgradeSet) -> None:
    old, new = as_h26(seed_v1()), seed_v2()
    new.values["files"][1]["II.file.4.itaku"][0]["II.file.4.itaku.4"] = ["電子メール"]
    changes = diff(old, new, upgrades=upgrades)
    assert [c.path for c in changes.changes] == [
        "II.file[#honnin].4.kensu",
        "II.file[#honnin].4.itaku[#card-center]",
        "III.file[#honnin].4.7",
        "III.file[#honnin].4.7a",
        "III.file[#honnin].4.other[#card-center-risks]",
    ]
    assert "平成26年4月" in changes.notes[0]
    assert "upgrade-full-h28-01-to-h30-05.yaml" in changes.notes[0]
    assert snapshot(apply_changes(old, changes, upgrades), FULL) == snapshot(new, FULL)


def test_no_mapping_is_a_clear_japanese_error(upgrades: UpgradeSet) -> None:
    old = seed_v1()
    old.edition = "平成27年1月"
    with pytest.raises(
        EditionError,
        match="全項目評価書の版「平成27年1月」の評価書を版「平成30年5月」と比較するための移行表がありません",
    ):
        diff(old, seed_v2(), upgrades=upgrades)


def test_a_newer_old_version_is_not_downgraded(upgrades: UpgradeSet) -> None:
    new = as_h26(seed_v1())
    with pytest.raises(
        EditionError, match="版「平成30年5月」の評価書を版「平成26年4月」と比較するための移行表がありません"
    ):
        diff(seed_v1(), new, upgrades=upgrades)


def test_a_fixture_mapping_checks_against_its_target(tmp_path: Path) -> None:
    path = tmp_path / "upgrade-full-h28-01-to-h30-05.yaml"
    path.write_text(H28_TO_H30, encoding="utf-8")
    assert check_mapping(load_mapping(path), FULL) == []
    path.write_text(H28_TO_H30.replace("II.file.4.itaku.7\n", "II.file.4.itaku.77\n"), encoding="utf-8")
    assert check_mapping(load_mapping(path), FULL) == [
        "renamed_items の移行先 II.file.4.itaku.77 はfull@平成30年5月にありません"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a list", "マッピングにしてください"),
        ("form: full\nfrom: 平成28年1月\n", "to がありません"),
        ("form: full\nfrom: a\nto: b\nrenamed_items: [x]\n", "「文字列: 文字列」のマッピング"),
        ("form: full\nfrom: a\nto: b\nremoved_items: x\n", "removed_items は項目 id のリスト"),
    ],
)
def test_a_broken_mapping_is_reported(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "upgrade-x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditionError, match=message):
        load_mapping(path)


def test_the_packaged_mappings_point_at_registered_items_and_lose_nothing() -> None:
    mappings = default_upgrades().mappings
    assert mappings
    for mapping in mappings:
        source, target = get_form(mapping.form, mapping.source), get_form(mapping.form, mapping.target)
        assert check_mapping(mapping, target, source) == [], mapping.origin


def test_a_mapping_that_would_lose_an_item_is_reported() -> None:
    source, target = get_form("basic"), get_form("basic", "平成28年1月")  # a downgrade drops Ⅳ
    mapping = EditionMapping("basic", source.edition, target.edition, origin="down.yaml")
    problems = check_mapping(mapping, target, source)
    assert "IV(Ⅳ リスク対策)はbasic@平成28年1月になく、renamed_items にも removed_items にもありません" in problems
    assert check_mapping(EditionMapping("basic", source.edition, target.edition, removed=("IV",)), target, source) == []


def test_removing_an_item_drops_what_is_inside_it() -> None:
    document = Document("basic", "平成29年5月", "local", {"IV.1": "基礎項目評価書", "IV.2.1": "十分である", "I.6": "x"})
    mapping = EditionMapping("basic", "平成29年5月", "平成28年1月", removed=("IV",))
    result, notes = upgrade_with_notes(document, [mapping])
    assert result.values == {"I.6": "x"}
    assert (
        "版「平成29年5月」→「平成28年1月」: 「1.提出する特定個人情報保護評価書の種類」は版「平成28年1月」にないため"
        in notes[0]
    )

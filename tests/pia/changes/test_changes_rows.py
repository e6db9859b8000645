"""(別添3) 変更箇所 rows: columns, 提出時期, shortening, and the table in the document."""

from __future__ import annotations

from datetime import date

import pytest
from test_changes_support import FULL, example, seed_v1, seed_v2

from pia.changes import diff
from pia.changes.rows import (
    OMITTED,
    ChangeRow,
    change_rows,
    change_table,
    existing_rows,
    item_reference,
    shorten,
    with_rows,
)
from pia.document import Document, new_document
from pia.document.paths import ElementPath
from pia.forms import get_form

DAY = date(2026, 4, 1)


def seed_rows(**options: object) -> list[ChangeRow]:
    old, new = seed_v1(), seed_v2()
    return change_rows(diff(old, new), old, new, DAY, **options)  # type: ignore[arg-type]


def test_one_row_per_change_with_the_official_columns() -> None:
    rows = seed_rows()
    assert len(rows) == 5
    first = rows[0]
    assert first.date == "令和8年4月1日"
    assert first.item == "Ⅱ (2) 4. 委託の有無 ( )件"  # as bodies write it, not the breadcrumb
    assert (first.before, first.after) == ("1", "2")
    assert rows[2].before == "再委託していない"
    assert rows[2].after == "十分に行っている"


def test_an_added_element_lists_its_filled_items() -> None:
    row = seed_rows()[1]
    assert row.item.endswith("委託事項2")
    assert row.before == "(記載なし)"
    assert row.after_full.startswith("委託事項名: 熊本市マイナンバーカードセンター等運営業務委託\n①委託内容: ")
    assert (
        "④委託先への特定個人情報ファイルの提供方法: その他(住民基本台帳ネットワークシステム、既存住基システム)"
        in row.after_full
    )


def test_nested_elements_are_headed_in_the_text() -> None:
    text = seed_rows(max_chars=10_000)[4].after
    assert "(リスク①)\nリスク: ・交付関係業務を委託化" in text
    assert "(リスク②)\nリスク: 窓口" in text


def test_in_a_reassessment_every_row_is_filed_before() -> None:
    rows = seed_rows(timing="事後")
    assert {r.timing for r in rows} == {"事前"}
    assert rows[0].timing_note == "特定個人情報保護評価の再実施に合わせて修正"
    assert rows[1].timing_note == "重要な変更に当たるため、変更前に特定個人情報保護評価を再実施"


def test_a_correction_takes_the_given_timing() -> None:
    old, new = seed_v1(), seed_v1()
    new.values["I.7.2"] = "市民課長"
    changes = diff(old, new)
    (row,) = change_rows(changes, old, new, DAY, timing="事後")
    assert (row.timing, row.timing_note) == ("事後", "重要な変更に当たらない変更のため、変更後に評価書を修正して提出")
    (row,) = change_rows(changes, old, new, DAY, timing="事後", timing_note="組織改正に伴う変更")
    assert row.timing_note == "組織改正に伴う変更"
    (row,) = change_rows(changes, old, new, DAY)
    assert (row.timing, row.timing_note) == ("事前", "")
    with pytest.raises(ValueError, match="提出時期は「事前」か「事後」"):
        change_rows(changes, old, new, DAY, timing="後で")


def test_a_removed_element_and_a_reorder_are_described() -> None:
    old, new = seed_v2(), seed_v1()
    row = change_rows(diff(old, new), old, new, DAY)[1]
    assert row.after == "(削除)"
    assert row.before_full.startswith("委託事項名: 熊本市")
    old, new = seed_v2(), seed_v2()
    new.values["files"][1]["II.file.4.itaku"].reverse()
    (row,) = change_rows(diff(old, new), old, new, DAY)
    assert row.before == "並び順: 住基ネット機器保守、熊本市マイナンバーカードセンター等運営業務委託"
    assert row.after == "並び順: 熊本市マイナンバーカードセンター等運営業務委託、住基ネット機器保守"


def test_long_texts_are_shortened_visibly_and_kept_in_full() -> None:
    row = seed_rows(max_chars=60)[1]
    assert row.shortened
    assert row.after.endswith(OMITTED)
    assert row.after_full.startswith(row.after.removesuffix(OMITTED))
    assert len(row.after_full) > len(row.after)


def test_shortening_ends_at_a_sentence_when_one_is_near() -> None:
    text = "一文目です。" * 4 + "二文目はとても長い" * 10
    assert shorten(text, 40) == "一文目です。" * 4 + OMITTED
    assert shorten("一文目です。" + "長い" * 30, 40) == ("一文目です。" + "長い" * 30)[:40] + OMITTED
    assert shorten("短い", 40) == "短い"
    assert shorten("あ" * 50, 40) == "あ" * 40 + OMITTED


def test_rows_for_the_change_table_itself_are_left_out() -> None:
    old, new = seed_v1(), seed_v1()
    new.values["bessoe3"] = [{"id": "c1", "bessoe3.item": "Ⅰ 7.②"}]
    new.values["I.7.2"] = "市民課長"
    rows = change_rows(diff(old, new), old, new, DAY)
    assert [r.path for r in rows] == ["I.7.2"]


def test_the_change_table_is_found_by_its_columns() -> None:
    assert change_table(FULL) is FULL.item("bessoe3")
    assert change_table(get_form("focused")) is get_form("focused").item("bessoe3")
    assert change_table(get_form("basic")) is get_form("basic").item("changes")


def test_rows_are_appended_after_the_existing_ones() -> None:
    document = seed_v2()
    document.values["bessoe3"] = [{"id": "change-1", "bessoe3.date": "2020-04-01", "bessoe3.item": "Ⅰ 7."}]
    result = with_rows(document, seed_rows()[:2])
    rows = existing_rows(result)
    assert rows[0].item == "Ⅰ 7."
    assert rows[1].date == "令和8年4月1日"
    assert rows[1].timing == "事前"
    ids = [e["id"] for e in result.values["bessoe3"]]
    assert ids == ["change-1", "change-2", "change-3"]
    assert document.values["bessoe3"] == [{"id": "change-1", "bessoe3.date": "2020-04-01", "bessoe3.item": "Ⅰ 7."}]


def test_rows_go_into_the_basic_forms_table() -> None:
    document = new_document(get_form("basic"))
    row = ChangeRow("令和8年4月1日", "Ⅰ 1.②", "旧", "新", "事後", "説明")
    result = with_rows(document, [row])
    assert result.values["changes"] == [
        {
            "id": "change-1",
            "changes.date": "令和8年4月1日",
            "changes.item": "Ⅰ 1.②",
            "changes.before": "旧",
            "changes.after": "新",
            "changes.timing": "事後",
            "changes.timing_note": "説明",
        }
    ]
    assert existing_rows(result)[0].before == "旧"


def test_a_document_without_a_table_has_no_rows() -> None:
    assert existing_rows(Document("full", "平成30年5月", "local", {})) == []


def test_the_example_keeps_its_recorded_rows() -> None:
    rows = existing_rows(example("v2"))
    assert len(rows) == 2
    assert rows[0].timing == "事後"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("II.file[#honnin].4.itaku[#card-center].1", "Ⅱ (2) 4. 委託事項2 ①"),
        ("II.file[#honnin].4.itaku[#card-center]", "Ⅱ (2) 4. 委託事項2"),
        ("II.file[#honnin].4.kensu", "Ⅱ (2) 4. 委託の有無 ( )件"),
        ("I.7.2", "Ⅰ 7. ②"),
        ("II.file[#honnin]", "Ⅱ (2)"),
        ("bessoe1.body", "(別添1) 事務の内容"),
        ("III.file[#honnin].4.7a", "Ⅲ (2) 4. 具体的な方法"),
        (
            "III.file[#honnin].4.other[#card-center-risks]",
            "Ⅲ (2) 4. 特定個人情報ファイルの取扱いの委託におけるその他のリスク及びそのリスクに対する措置",
        ),
    ],
)
def test_the_item_column_is_written_as_bodies_write_it(path: str, expected: str) -> None:
    """Numbers of the way down, labels only where the form has no number; never a breadcrumb."""
    assert item_reference(FULL, ElementPath.parse(path), seed_v2()) == expected


def test_a_numbered_element_of_the_example_keeps_its_heading() -> None:
    document = example("v2")
    assert item_reference(FULL, ElementPath.parse("I.2.sys[#kizon].2"), document) == "Ⅰ 2. システム1 ②"


def test_a_removed_element_is_named_from_the_old_version() -> None:
    old, new = seed_v2(), seed_v1()
    path = ElementPath.parse("II.file[#honnin].4.itaku[#card-center]")
    assert item_reference(FULL, path, new, old) == "Ⅱ (2) 4. 委託事項2"
    assert all("›" not in row.item and OMITTED not in row.item for row in change_rows(diff(old, new), old, new, DAY))

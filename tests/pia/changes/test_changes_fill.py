"""Filling the (別添3) 変更箇所 table from a diff: missing rows only, idempotent, hand rows kept."""

from __future__ import annotations

from datetime import date

import pytest
from test_changes_support import example, seed_v1, seed_v2

from pia.changes import DiffError, diff
from pia.changes.fill import fill_change_table, is_recorded
from pia.changes.rows import OMITTED, ChangeRow, change_rows, existing_rows
from pia.document import Document, dumps_yaml, loads_yaml, new_document
from pia.findings import Level
from pia.forms import get_form
from pia.rules.validation import check

DAY = date(2026, 4, 1)
ITAKU2 = "Ⅱ (2) 4. 委託事項2"
RISKS = "Ⅲ (2) 4. 特定個人情報ファイルの取扱いの委託におけるその他のリスク及びそのリスクに対する措置"


def test_every_change_becomes_a_row_at_the_end_of_the_table() -> None:
    old, new = seed_v1(), seed_v2()
    result, added = fill_change_table(old, new, DAY)
    assert [r.path for r in added] == [r.path for r in change_rows(diff(old, new), old, new, DAY)]
    assert len(added) == 5
    assert added[0].date == "令和8年4月1日"
    stored = result.values["bessoe3"]
    assert [e["id"] for e in stored] == [f"change-{n}" for n in range(1, 6)]
    assert stored[1]["bessoe3.item"] == ITAKU2
    assert stored[1]["bessoe3.timing"] == "事前"
    assert "bessoe3" not in new.values or new.values["bessoe3"] == []  # the input is untouched


def test_the_date_is_stored_as_iso_and_validates() -> None:
    result, _ = fill_change_table(seed_v1(), seed_v2(), DAY)
    assert {e["bessoe3.date"] for e in result.values["bessoe3"]} == {"2026-04-01"}
    table_findings = [f for f in check(result, Level.DRAFT) if f.path.startswith("bessoe3")]
    assert table_findings == []


def test_a_second_run_adds_nothing() -> None:
    old, new = seed_v1(), seed_v2()
    once, _ = fill_change_table(old, new, DAY)
    twice, added = fill_change_table(old, once, date(2026, 5, 1))
    assert added == []
    assert twice.values == once.values
    assert twice is not once


def test_only_the_missing_rows_are_added_and_hand_rows_stay() -> None:
    old, new = seed_v1(), seed_v2()
    hand = {"id": "mine", "bessoe3.date": "令和8年3月1日", "bessoe3.item": "手書きの行", "bessoe3.after": "自由記載"}
    full = change_rows(diff(old, new), old, new, DAY)
    recorded = {
        "id": "old-row",
        "bessoe3.date": "2026-03-01",
        "bessoe3.item": full[0].item,
        "bessoe3.before": "別の書き方",
        "bessoe3.after": full[0].after,
        "bessoe3.timing": "事後",
    }
    new.values["bessoe3"] = [hand, recorded]
    result, added = fill_change_table(old, new, DAY)
    assert [r.path for r in added] == [r.path for r in full[1:]]
    assert result.values["bessoe3"][:2] == [hand, recorded]
    assert [e["id"] for e in result.values["bessoe3"][2:]] == ["change-1", "change-2", "change-3", "change-4"]


def test_recognising_a_row_ignores_whitespace_date_and_shortening() -> None:
    row = ChangeRow("令和8年4月1日", "Ⅰ 7.②", "旧", "一行目\n二行目" + "あ" * 300, "事前", "", "I.7.2")
    row = ChangeRow(row.date, row.item, row.before, row.after[:50] + OMITTED, "事前", "", "I.7.2", "旧", row.after)
    same = ChangeRow("2020-01-01", " Ⅰ 7.② ", "x", "一行目\r\n二行目" + "あ" * 300, "事後", "説明")
    cut = ChangeRow("", "Ⅰ 7.②", "", "一行目 二行目" + "あ" * 20 + OMITTED, "", "")
    assert is_recorded(row, [same])
    assert is_recorded(row, [cut])
    assert not is_recorded(row, [ChangeRow("", "Ⅰ 7.③", "", row.after_full, "", "")])
    assert not is_recorded(row, [ChangeRow("", "Ⅰ 7.②", "", "別の記載", "", "")])
    assert not is_recorded(row, [ChangeRow("", "Ⅰ 7.②", "", OMITTED, "", "")])


def test_a_correction_keeps_the_given_timing() -> None:
    old, new = seed_v1(), seed_v1()
    new.values["I.7.2"] = "市民課長"
    result, (row,) = fill_change_table(old, new, DAY, timing="事後", timing_note="組織改正")
    (stored,) = result.values["bessoe3"]
    assert (stored["bessoe3.timing"], stored["bessoe3.timing_note"]) == ("事後", "組織改正")
    assert row.after == "市民課長"


def test_declarations_and_a_given_changelist_are_used() -> None:
    old, new = seed_v1(), seed_v1()
    old.values["I.1.2"], new.values["I.1.2"] = "公付", "交付"
    _, (row,) = fill_change_table(old, new, DAY, declared={"I.1.2": "typo"}, timing="事後")
    assert row.timing == "事後"
    _, rows = fill_change_table(old, new, DAY, changes=diff(seed_v1(), seed_v1()))
    assert rows == []


def test_no_changes_gives_an_unchanged_copy() -> None:
    document = seed_v2()
    result, added = fill_change_table(document, document, DAY)
    assert added == []
    assert result.values == document.values
    assert result is not document


def test_the_basic_form_fills_its_own_table() -> None:
    old = new_document(get_form("basic"))
    new = old.copy()
    new.values["I.1.2"] = "新しい事務の内容"
    result, added = fill_change_table(old, new, DAY, timing="事後")
    assert added
    assert result.values["changes"][0]["changes.date"] == "2026-04-01"
    assert result.values["changes"][0]["changes.timing"] == "事後"


def test_errors_are_japanese() -> None:
    with pytest.raises(ValueError, match="提出時期は「事前」か「事後」"):
        fill_change_table(seed_v1(), seed_v2(), DAY, timing="後で")
    with pytest.raises(DiffError):
        fill_change_table(new_document(get_form("basic")), seed_v2(), DAY)


def test_the_filled_document_round_trips_through_yaml() -> None:
    result, _ = fill_change_table(seed_v1(), seed_v2(), DAY)
    again = loads_yaml(dumps_yaml(result))
    assert again.values["bessoe3"] == result.values["bessoe3"]
    assert fill_change_table(seed_v1(), again, DAY)[1] == []


def test_the_seed_revision_gets_its_rows_and_keeps_the_recorded_ones() -> None:
    old, new = example("v1"), example("v2")
    hand = existing_rows(new)
    assert len(hand) == 2
    result, added = fill_change_table(old, new, DAY)
    items = [r.item for r in added]
    assert ITAKU2 in items
    assert RISKS in items
    rows = existing_rows(result)
    assert rows[:2] == hand
    assert len(rows) == 2 + len(added)
    assert [e["id"] for e in result.values["bessoe3"][:2]] == ["kyuuji-tsuika", "soshiki-kaisei"]
    assert [f for f in check(result, Level.SUBMIT) if f.blocks] == []
    assert check(result, Level.SUBMIT) == check(new, Level.SUBMIT)
    again, more = fill_change_table(old, result, date(2026, 6, 1))
    assert more == []
    assert again.values == result.values


def test_a_document_is_not_modified_in_place() -> None:
    new = seed_v2()
    before = Document.from_data(new.to_data())
    fill_change_table(seed_v1(), new, DAY)
    assert new.values == before.values


def test_a_table_filled_before_the_short_item_form_is_still_recognised() -> None:
    """Rows written with the long 項目 (the labels of the way down, as the fill wrote them before
    the short form) count as recorded: filling again adds nothing."""
    old, new = seed_v1(), seed_v2()
    rows = change_rows(diff(old, new), old, new, DAY)
    legacy = [
        {
            "id": f"legacy-{n}",
            "bessoe3.date": "2026-04-01",
            "bessoe3.item": row.breadcrumb,
            "bessoe3.before": row.before,
            "bessoe3.after": row.after,
            "bessoe3.timing": row.timing,
        }
        for n, row in enumerate(rows, start=1)
    ]
    assert all(row.breadcrumb and row.breadcrumb != row.item for row in rows)
    written = new.copy()
    written.values["bessoe3"] = legacy
    result, added = fill_change_table(old, written, DAY)
    assert added == []
    assert result.values["bessoe3"] == legacy
    assert "breadcrumb" not in rows[0].to_json()

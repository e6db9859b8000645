"""How sure the form data are, in one vocabulary: marks after labels, counts per edition and the
note of a draft's colophon."""

from __future__ import annotations

import pytest

from pia.forms import Item, Kind, all_forms, get_form
from pia.forms.confidence import STATUSES, counted_items, counts, counts_text, edition_note, legend, mark, wording


@pytest.mark.parametrize(
    ("status", "expected"), [("V", ""), ("P", "〔一部確認〕"), ("R", "〔推定〕"), ("", "〔推定〕"), ("X", "〔推定〕")]
)
def test_an_unverified_item_is_marked_and_an_untagged_one_counts_as_reconstructed(status: str, expected: str) -> None:
    assert mark(Item(id="a", label="①事務の名称", kind=Kind.TEXT, status=status)) == expected


def test_every_word_says_to_check_against_the_commissions_form_unless_verified() -> None:
    for status in STATUSES:
        described = wording(status).description
        assert ("個人情報保護委員会の様式で確かめてください" in described) is (status != "V")
    assert "〔推定〕" in legend()
    assert "〔一部確認〕" in legend()


@pytest.mark.parametrize("template", all_forms(), ids=lambda t: t.key)
def test_the_counts_cover_every_item_a_user_fills_in(template) -> None:
    found = counts(template)
    assert list(found) == ["V", "P", "R"]
    assert sum(found.values()) == template.count() == len(counted_items(template))
    assert counts_text(template) == f"確認済み {found['V']}・一部確認 {found['P']}・推定 {found['R']}"


def test_the_edition_note_names_the_edition_and_the_unverified_counts() -> None:
    full = get_form("full", "平成26年4月")
    found = counts(full)
    note = edition_note(full)
    assert note.startswith(f"様式データ [平成26年4月 様式4]: {full.count()}項目のうち、")
    assert f"推定による項目が{found['R']}、一部だけ確認できた項目が{found['P']}あります" in note
    assert "提出・公表の前に個人情報保護委員会の様式と照らし合わせてください" in note


def test_a_changed_tag_in_an_older_edition_counts_there_only() -> None:
    old, new = counts(get_form("full", "平成26年4月")), counts(get_form("full"))
    assert old["V"] == new["V"] - 1  # Ⅰ1② is only partly attested in 平成26年4月
    assert old["R"] == new["R"] + 1  # Ⅰ1③ is not seen there at all

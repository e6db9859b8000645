"""Roles: the items code finds by what they are (``role:`` in the form data), never by an id of
one edition. The table says which item has each role in each form; an edition of that form
must give the role to that item, and only an edition without the item lacks the role."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pia.document import Document, role_text, role_value
from pia.forms import ROLES, FormDataError, FormTemplate, all_forms, get_form, load_form

COVER = {"number": "cover.number", "name": "cover.name", "agency": "cover.agency"}
ROLE_ITEMS: dict[str, dict[str, str]] = {  # role -> {form: item id}
    **{role: dict.fromkeys(("basic", "focused", "full"), item) for role, item in COVER.items()},
    "approval_date": {"full": "cover.ppc_approval_date"},
    "publication_date": dict.fromkeys(("basic", "focused", "full"), "cover.publication_date"),
    "jimu_name": dict.fromkeys(("basic", "focused", "full"), "I.1.1"),
    "subjects": {"basic": "II.1", "focused": "I.1.3", "full": "I.1.3"},
    "subjects_counted_on": {"basic": "II.1.date"},
    "handlers": {"basic": "II.2"},
    "incident": {"basic": "II.3"},
    "threshold_result": {"basic": "III.1", "focused": "VI.1.2", "full": "VI.1.2"},
    "report_kinds": {"basic": "IV.1"},
}
# Editions registered without an item that has a role in the latest edition of their form.
ABSENT = {"basic@平成26年4月": {"report_kinds"}, "basic@平成28年1月": {"report_kinds"}}  # no Ⅳ リスク対策
EDITIONS = all_forms()


def test_the_table_names_every_known_role() -> None:
    assert set(ROLE_ITEMS) == set(ROLES)


@pytest.mark.parametrize("template", EDITIONS, ids=lambda t: t.key)
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_role_is_found_in_every_edition_that_has_the_item(template: FormTemplate, role: str) -> None:
    found = template.item_for_role(role)
    expected = None if role in ABSENT.get(template.key, ()) else ROLE_ITEMS[role].get(template.form)
    assert (found.id if found else None) == expected


@pytest.mark.parametrize("template", EDITIONS, ids=lambda t: t.key)
def test_a_role_item_is_named_as_its_role_says_and_holds_its_kind_of_value(template: FormTemplate) -> None:
    for role, spec in ROLES.items():
        item = template.item_for_role(role)
        if item is not None:
            assert spec.label in item.label, (role, item.id)
            assert item.kind is spec.kind, (role, item.id)
            assert not template.repeat_chain(item.id)


def test_asking_for_a_role_that_does_not_exist_is_a_mistake_in_the_code() -> None:
    with pytest.raises(KeyError, match="役割 cover_name はありません"):
        get_form("full").item_for_role("cover_name")


def test_a_document_is_read_by_role() -> None:
    document = Document("basic", get_form("basic").edition, "local", {"cover.name": "  住基  ", "cover.number": 7})
    assert role_value(document, "name") == "  住基  "
    assert role_text(document, "name") == "住基"
    assert role_text(document, "number") == "7"
    assert role_value(document, "agency") is None
    assert role_text(document, "agency") == ""
    assert role_value(document, "approval_date") is None  # 様式2 has no 承認日


def test_two_items_cannot_share_a_role(tmp_path: Path) -> None:
    text = """
        form: basic
        edition: テスト版
        edition_label: "[テスト版 様式2]"
        title: テスト評価書
        status: R
        source: [T1]
        effective: {date: 2020-01-01, status: R}
        sources: {T1: test fixture}
        items:
          - id: A
            label: Ⅰ
            kind: section
            children:
              - {id: A.one, label: 1.対象人数, role: subjects, kind: choice, options: [{label: 千人未満}]}
              - {id: A.two, label: ③対象人数, role: subjects, kind: choice, options: [{label: 千人未満}]}
    """
    path = tmp_path / "form.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(FormDataError) as err:
        load_form(path)
    assert [p.location for p in err.value.problems if "role 'subjects' が複数の項目にあります" in p.message] == [
        "A.two"
    ]

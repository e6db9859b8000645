"""The shipped form data files: they load, and carry what authors and reviewers rely on."""

import pytest

from pia.forms import FORM_KINDS, Kind, all_forms, get_form

FORMS = all_forms()


def test_every_form_kind_has_exactly_one_latest_edition():
    for kind in FORM_KINDS:
        assert sum(1 for f in FORMS if f.form == kind and f.latest) == 1


@pytest.mark.parametrize("template", FORMS, ids=lambda f: f.key)
def test_every_input_item_has_a_writing_hint_and_a_confidence_tag(template):
    for item in template.value_items():
        assert item.hint, f"{item.id} has no hint"
        assert item.status in {"V", "P", "R"}, f"{item.id} has status {item.status!r}"


@pytest.mark.parametrize("template", FORMS, ids=lambda f: f.key)
def test_labels_do_not_carry_the_star_mark_in_text(template):
    assert not [i.id for i in template.walk() if "※" in i.label]


def test_full_form_marks_the_serious_incident_row_as_the_exception_to_section_III():
    full = get_form("full")
    assert full.is_important("III.file.2.risk1.j")
    assert not full.is_important("III.file.7.risk1.9")
    assert full.is_important("II.file.4.itaku.7")
    assert not full.is_important("II.file.4.itaku.8")


def test_full_form_per_file_blocks_share_one_storage_group():
    full = get_form("full")
    assert {full.item(i).storage_key for i in ("II.file", "bessoe2", "III.file")} == {"files"}


def test_subcontracting_details_apply_only_when_subcontracting():
    item = get_form("full").item("II.file.4.itaku.8")
    assert item.when == {"item": "II.file.4.itaku.7", "equals": "再委託する"}


def test_basic_form_has_no_important_items():
    basic = get_form("basic")
    assert not [i.id for i in basic.value_items() if basic.is_important(i.id)]


def test_choice_options_are_numbered_from_one():
    for template in FORMS:
        for item in template.walk():
            if item.kind is Kind.CHOICE:
                assert [o.no for o in item.options] == list(range(1, len(item.options) + 1)), item.id


@pytest.mark.parametrize("template", FORMS, ids=lambda f: f.key)
def test_recorded_steps_are_procedure_steps_of_the_rules_data(template):
    from pia.rules import load_rules

    steps = {s.id for s in load_rules().steps}
    recorded = {i.id: i.records for i in template.walk() if i.records}
    assert all(step in steps for step in recorded.values()), recorded


def test_the_records_fill_the_same_items_in_both_forms_with_a_procedure_section():
    full, focused = get_form("full"), get_form("focused")
    assert full.item_filled_from("approval.approved_on") == "cover.ppc_approval_date"
    assert full.item_filled_from("consultation.period") == focused.item_filled_from("consultation.period") == "VI.2.2"
    assert focused.item_filled_from("approval.approved_on") is None  # 重点項目評価書 has no 承認日
    assert get_form("basic").item_filled_from("consultation.period") is None


def test_full_form_records_the_procedure_sections():
    full = get_form("full")
    assert full.recorded_step("VI.2.4") == "consultation"
    assert full.recorded_step("VI.3.1") == "third_party_review"
    assert full.recorded_step("VI.4.1") == full.recorded_step("cover.ppc_approval_date") == "approval"
    assert full.recorded_step("VI.1.1") == ""

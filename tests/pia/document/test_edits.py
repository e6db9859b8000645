"""Editing values never disturbs the stable element ids (they are what diffs match on)."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pia.document import dumps_json, get_value, load_document, loads_json, set_value, walk
from pia.forms import Kind, get_form

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "jumin-kihon-daicho-v2.yaml"
DOCUMENT = load_document(EXAMPLE)
TEMPLATE = get_form(DOCUMENT.form, DOCUMENT.edition)
TEXT_PATHS = [occ.path for occ in walk(DOCUMENT, TEMPLATE) if not occ.is_element and occ.item.kind is Kind.TEXT]


def element_ids(document):
    return [str(occ.path) for occ in walk(document, TEMPLATE) if occ.is_element]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TEXT_PATHS), st.text(max_size=30)), max_size=20))
def test_element_ids_survive_any_sequence_of_text_edits(edits):
    document = DOCUMENT.copy()
    before = element_ids(document)
    for path, text in edits:
        set_value(document, TEMPLATE, path, text)
    assert element_ids(document) == before
    assert element_ids(loads_json(dumps_json(document))) == before
    for path, text in dict(edits).items():
        assert get_value(document, TEMPLATE, path) == text


def test_the_example_has_elements_to_protect():
    ids = element_ids(DOCUMENT)
    assert "II.file[#honnin].4.itaku[#card-center]" in ids
    assert len(TEXT_PATHS) > 100

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pia.document import Document, DocumentError, dumps_json, dumps_yaml, load_document, loads_json, loads_yaml

ELEMENT_IDS = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
TEXT = st.text(max_size=40)
SCALARS = st.one_of(TEXT, st.integers(min_value=0, max_value=10**9))
CHECKBOX = st.lists(st.one_of(TEXT, st.dictionaries(TEXT, TEXT, min_size=1, max_size=1)), max_size=4)
ELEMENT = st.fixed_dictionaries({"id": ELEMENT_IDS}, optional={"II.file.1": TEXT, "II.file.3.2": CHECKBOX})
VALUES = st.dictionaries(
    st.sampled_from(["cover.name", "cover.number", "I.1.2", "I.3", "cover.publication_date"]), SCALARS
).flatmap(
    lambda top: st.fixed_dictionaries(
        {**{k: st.just(v) for k, v in top.items()}, "files": st.lists(ELEMENT, max_size=3)}
    )
)
DOCUMENTS = st.builds(
    Document,
    st.sampled_from(["basic", "focused", "full"]),
    st.just("平成30年5月"),
    st.sampled_from(["local", "national"]),
    VALUES,
)


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS)
def test_yaml_round_trip_is_identity(document):
    assert loads_yaml(dumps_yaml(document)) == document


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS)
def test_json_round_trip_is_identity(document):
    assert loads_json(dumps_json(document)) == document


@settings(max_examples=100, deadline=None)
@given(DOCUMENTS)
def test_yaml_to_json_to_yaml_is_identity(document):
    assert loads_yaml(dumps_yaml(loads_json(dumps_json(loads_yaml(dumps_yaml(document)))))) == document


def test_dates_stay_the_text_the_person_wrote():
    doc = loads_yaml("form: full\nedition: 平成30年5月\nvalues:\n  cover.publication_date: 2025-12-01\n")
    assert doc.values["cover.publication_date"] == "2025-12-01"


def test_multiline_text_is_written_as_a_literal_block():
    doc = Document("full", "平成30年5月", "local", {"I.1.2": "一行目\n二行目"})
    assert "I.1.2: |-\n    一行目\n    二行目" in dumps_yaml(doc)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "マッピング"),
        ("form: full\nvalues: {}\n", "edition"),
        ("form: full\nedition: x\nbody_type: city\n", "body_type"),
        ("form: full\nedition: x\nfoo: 1\n", "foo"),
        ("form: full\nedition: x\nvalues: [1]\n", "values"),
        ("form: [unclosed\n", "YAML として読めません(2行目"),
    ],
)
def test_unreadable_documents_raise_a_japanese_message(text, message):
    with pytest.raises(DocumentError, match=message.replace("(", r"\(")):
        loads_yaml(text)


def test_broken_json_names_line_and_column():
    with pytest.raises(DocumentError, match="2行目"):
        loads_json('{"form": "full",\n "edition": }')


def test_load_document_reports_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(DocumentError, match="見つかりません"):
        load_document(tmp_path / "none.yaml")
    bad = tmp_path / "sjis.yaml"
    bad.write_bytes("評価書".encode("shift_jis"))
    with pytest.raises(DocumentError, match="UTF-8"):
        load_document(bad)


def test_load_document_reads_json_by_suffix(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"form": "basic", "edition": "平成29年5月", "values": {"I.1.1": "x"}}), encoding="utf-8")
    assert load_document(path).values == {"I.1.1": "x"}

import pytest

from pia.document.paths import ElementPath, OptionPath, PathError, parse_anchor

CASES = [
    ("cover.name", "cover.name", ()),
    ("II.file[#honnin].2.1", "II.file.2.1", (("II.file", "honnin"),)),
    (
        "II.file[#honnin].4.itaku[#card-center].7",
        "II.file.4.itaku.7",
        (("II.file", "honnin"), ("II.file.4.itaku", "card-center")),
    ),
    ("II.file[#honnin].4.itaku[#card_2]", "II.file.4.itaku", (("II.file", "honnin"), ("II.file.4.itaku", "card_2"))),
]


@pytest.mark.parametrize(("text", "item_id", "selectors"), CASES)
def test_paths_parse_into_item_id_and_selectors(text, item_id, selectors):
    path = ElementPath.parse(text)
    assert path.item_id == item_id
    assert path.selectors == selectors


@pytest.mark.parametrize(("text", "item_id", "selectors"), CASES)
def test_paths_print_back_to_the_same_text(text, item_id, selectors):
    assert str(ElementPath(item_id, selectors)) == text


@pytest.mark.parametrize("bad", ["", "II.file[#].1", "II.file[#a b].1", "II.file[#x]]", "[#x]"])
def test_malformed_paths_are_rejected_with_a_japanese_message(bad):
    with pytest.raises(PathError, match="要素"):
        ElementPath.parse(bad)


def test_child_and_element_build_nested_paths():
    file_path = ElementPath("II.file").element("II.file", "honnin")
    itaku = file_path.child("II.file.4.itaku").element("II.file.4.itaku", "card")
    assert str(itaku.child("II.file.4.itaku.8")) == "II.file[#honnin].4.itaku[#card].8"
    assert itaku.element_ids == ("honnin", "card")


OPTION_CASES = [
    ("II.file[#honnin].4.itaku[#card-center].7::o1", "II.file[#honnin].4.itaku[#card-center].7", 1),
    ("II.file[#honnin].3.2::o12", "II.file[#honnin].3.2", 12),
    ("VI.1.2::o4", "VI.1.2", 4),
]


@pytest.mark.parametrize(("text", "element", "no"), OPTION_CASES)
def test_option_paths_parse_into_the_item_path_and_the_option_number(text, element, no):
    path = OptionPath.parse(text)
    assert (str(path.element), path.no, path.item_id) == (element, no, ElementPath.parse(element).item_id)
    assert str(path) == text
    assert parse_anchor(text) == path


@pytest.mark.parametrize("text", ["II.file[#honnin].4", "cover.name", "II.file[#honnin].4.itaku[#card]"])
def test_paths_without_the_option_mark_parse_as_element_paths(text):
    assert parse_anchor(text) == ElementPath.parse(text)


@pytest.mark.parametrize(
    "bad", ["VI.1.2::o", "VI.1.2::o0", "VI.1.2::o01", "VI.1.2::ox", "VI.1.2::o1::o2", "::o1", "a[#]::o1"]
)
def test_malformed_option_paths_are_rejected_with_a_japanese_message(bad):
    with pytest.raises(PathError, match="パス"):
        parse_anchor(bad)

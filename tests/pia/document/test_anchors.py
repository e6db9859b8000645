"""The places of a filled document a remark or a comment can point at (``pia.document.anchors``):
any item, repeat element or option, in document order, grouped by section, labelled as printed."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from pia.document import load_document
from pia.document.anchors import anchor_choices, anchor_label, document_anchors
from pia.document.paths import parse_anchor
from pia.forms import form_item_choices, get_form

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
DOCUMENTS = ["jumin-kihon-daicho-v2.yaml", "jumin-kihon-daicho-basic.yaml", "jido-teate-focused.yaml"]
FILE_2 = "Ⅱ 特定個人情報ファイルの概要 (2) 本人確認情報ファイル"
ITAKU_2 = f"{FILE_2} › 4.特定個人情報ファイルの取扱いの委託 › 委託事項2"

# (path, label) of the 住民基本台帳 全項目評価書 (examples/jumin-kihon-daicho-v2.yaml)
LABELS = [
    ("", "全般"),
    ("II", "Ⅱ 特定個人情報ファイルの概要"),
    ("II.file[#honnin]", FILE_2),
    ("II.file[#honnin].4.itaku[#card-center]", ITAKU_2),
    ("II.file[#honnin].4.itaku[#card-center].8", f"{ITAKU_2} › ⑧再委託の許諾方法"),
    ("II.file[#honnin].4.itaku[#card-center].7::o1", f"{ITAKU_2} › ⑦再委託の有無 › 1) 再委託する"),
    (
        "II.file[#honnin].4.itaku[#card-center].4::o2",
        f"{ITAKU_2} › ④委託先への特定個人情報ファイルの提供方法 › 電子メール",
    ),
    (
        "VI.1.2::o1",
        "Ⅵ 評価実施手続 › 1.基礎項目評価 › ②しきい値判断結果 › 1) 基礎項目評価及び全項目評価の実施が義務付けられる",
    ),
    ("bessoe2[#jumin]", "(別添2) 特定個人情報ファイル記録項目 (1) 住民基本台帳ファイル"),
    ("bessoe3[#kyuuji-tsuika].date", "(別添3) 変更箇所1 › 変更日"),
]


@pytest.fixture(scope="module")
def document():
    return load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")


@pytest.fixture(scope="module")
def choices(document):
    return anchor_choices(document_anchors(document))


@pytest.mark.parametrize(("path", "label"), LABELS)
def test_any_item_element_or_option_is_an_anchor_with_its_printed_label(choices, document, path, label):
    assert (path, label) in choices
    assert anchor_label(document, get_form(document.form, document.edition), path) == label


def test_anchors_come_in_document_order(choices):
    paths = [path for path, _ in choices]
    order = [paths.index(path) for path, _ in LABELS[:5]]
    assert order == sorted(order)
    assert len(paths) == len(set(paths))


def test_anchors_are_grouped_by_section_general_first(document):
    groups = document_anchors(document)
    assert [(g.section, g.label) for g in groups[:3]] == [("", "全般"), ("cover", "(表紙)"), ("I", "Ⅰ 基本情報")]
    assert all(a.section == g.section for g in groups for a in g.anchors)
    assert "index" not in {g.section for g in groups}  # 項目一覧 is not content
    assert all(g.anchors[0].path == g.section for g in groups)  # each group opens with its section


@pytest.mark.parametrize("name", DOCUMENTS)
def test_chapter_level_paths_keep_their_labels(name):
    """Remarks and comments stored with the form's chapter-level choices read as before and may
    still be chosen."""
    document = load_document(EXAMPLES / name)
    template = get_form(document.form, document.edition)
    listed = dict(anchor_choices(document_anchors(document)))
    for path, label in form_item_choices(document.form, document.edition):
        assert anchor_label(document, template, path) == label
        assert listed[path] == label


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("II.file[#gone].4", "Ⅱ 特定個人情報ファイルの概要 › 4.特定個人情報ファイルの取扱いの委託"),
        ("II.file[#honnin].4.itaku[#card-center].7::o9", f"{ITAKU_2} › ⑦再委託の有無 › 選択肢9"),
        ("no.such.item", "no.such.item"),
        ("II.file[#bad id].4", "II.file[#bad id].4"),
    ],
)
def test_a_path_not_in_the_document_is_still_labelled(document, path, label):
    assert anchor_label(document, get_form(document.form, document.edition), path) == label


def test_long_typed_headings_are_cut_in_labels(document):
    edited = copy.deepcopy(document)
    edited.values["files"][1]["II.file.1"] = "長" * 60
    label = dict(anchor_choices(document_anchors(edited)))["II.file[#honnin]"]
    assert label == f"Ⅱ 特定個人情報ファイルの概要 (2) {'長' * 36}…"
    assert len(label.split("(2) ")[1]) == 37


def test_public_anchors_offer_nothing_withheld(document):
    template = get_form(document.form, document.edition)
    everything = dict(anchor_choices(document_anchors(document)))
    public = dict(anchor_choices(document_anchors(document, public=True)))
    withheld = [p for p in everything if p and template.is_withheld(_item_id(p))]
    assert "II.file[#honnin].6.1" in withheld  # ①保管場所 is 非公表
    assert not set(withheld) & set(public)
    assert set(public) < set(everything)


def _item_id(path: str) -> str:
    return parse_anchor(path).item_id


def test_without_leaves_sections_repeats_elements_and_the_chapter_choices_are_offered(document):
    template = get_form(document.form, document.edition)
    short = dict(anchor_choices(document_anchors(document, public=True, leaves=False)))
    assert short["II.file[#honnin].4.itaku[#card-center]"] == ITAKU_2
    assert short["II.file[#honnin].4"] == f"{FILE_2} › 4.特定個人情報ファイルの取扱いの委託"
    assert "II.file[#honnin].4.itaku[#card-center].8" not in short
    assert not any("::o" in path for path in short)
    chapters = dict(form_item_choices(document.form, document.edition))
    leaves = [path for path in short if path not in chapters]
    assert all(template.item(parse_anchor(path).item_id).kind.is_container for path in leaves)
    assert all(short[path] == label for path, label in chapters.items() if not path or not template.is_withheld(path))
    assert set(short) < set(dict(anchor_choices(document_anchors(document, public=True))))

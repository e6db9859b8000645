"""The measure texts of a 評価書, found by the form data (labels of Ⅲ/Ⅳ), each with its element
path (element ids) and its sentences."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from pia.controls import candidate_at, candidates, measure_items, split_sentences
from pia.document import load_document
from pia.forms.model import Kind
from pia.forms.registry import all_forms, get_form

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
PROMISE = "仕様書どおりの履行となっているか月に一度、現場確認を行う。"
CENTER = "III.file[#honnin].4.other[#card-center-risks].risks[#risk-1].measure"


@pytest.fixture(scope="module")
def v2():
    return load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")


def test_the_seed_promise_is_a_sentence_of_a_candidate_with_its_element_path(v2):
    found = candidate_at(v2, CENTER)
    assert found is not None
    assert found.sentences == (
        "当該業務の仕様について、市の保有する端末・ネットワーク（専用回線）を使用し、当端末のみで完結可能な業務として構築する",
        "当該業務を履行する、場所・人・権限について制限を行う。",
        PROMISE,
    )
    assert found.suggestion is not None
    assert found.suggestion.label == "毎月"
    assert found.label.endswith("(リスク①) › リスクに対する措置")


def test_the_other_seed_measures_are_candidates_without_a_frequency(v2):
    found = candidate_at(v2, CENTER.replace("risk-1", "risk-2"))
    assert found is not None
    assert len(found.sentences) == 3
    assert "ログオフ" in found.sentences[0]
    assert "覗き見防止フィルター" in found.sentences[1]
    assert "監視カメラ" in found.sentences[2]
    assert found.suggestion is None


def test_candidates_are_filled_text_items_of_the_risk_sections_only(v2):
    template = get_form(v2.form, v2.edition)
    found = candidates(v2)
    assert found
    assert all(c.path.startswith(("III.", "IV.")) for c in found)
    assert all(template.item(c.item_id).kind is Kind.TEXT and c.text for c in found)
    labels = {i.label for i in measure_items(template)}
    assert not labels & {"リスクへの対策は十分か", "見出し", "リスク"}


def _element_list(tree, element_id):
    """The list of elements holding the element ``element_id`` (depth first)."""
    if isinstance(tree, dict):
        for value in tree.values():
            found = _element_list(value, element_id)
            if found is not None:
                return found
    elif isinstance(tree, list):
        if any(isinstance(e, dict) and e.get("id") == element_id for e in tree):
            return tree
        for value in tree:
            found = _element_list(value, element_id)
            if found is not None:
                return found
    return None


def test_the_path_is_made_of_element_ids_and_survives_reordering(v2):
    moved = copy.deepcopy(v2)
    risks = _element_list(moved.values, "risk-1")
    risks.reverse()
    found = candidate_at(moved, CENTER)
    assert found is not None
    assert PROMISE in found.sentences
    assert found.label.endswith("(リスク②) › リスクに対する措置")  # its printed place moved, its path did not


def test_a_removed_item_is_no_candidate(v2):
    removed = copy.deepcopy(v2)
    risks = _element_list(removed.values, "risk-1")
    risks[:] = [r for r in risks if r.get("id") != "risk-1"]
    assert candidate_at(removed, CENTER) is None


@pytest.mark.parametrize("template", all_forms(), ids=lambda t: f"{t.form}-{t.edition}")
def test_every_edition_with_measure_texts_has_measure_items(template):
    """The 全項目 and 重点項目評価書 write their measures; the 基礎項目評価書's Ⅳ only ticks choices."""
    items = measure_items(template)
    assert bool(items) == (template.form != "basic")
    assert all(i.kind is Kind.TEXT for i in items)


def test_sentences_are_split_after_the_full_stop_and_at_line_breaks():
    assert split_sentences("・A。・B。\n・C") == ("A。", "B。", "C")
    assert split_sentences("A。B") == ("A。", "B")
    assert split_sentences("") == ()

"""Limits of the form data as draft-level findings: characters per item (``max_length``), elements
per repeat (``max_elements``), element ids of a safe pattern and no duplicates. The same findings
block a save in the editor and make ``pia validate`` exit 1."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from pia.cli import main
from pia.document import ElementPath, load_document, set_value
from pia.forms import get_form
from pia.rules.validation import check

ROOT = Path(__file__).resolve().parents[3]
V2 = ROOT / "examples" / "jumin-kihon-daicho-v2.yaml"
ITAKU = "II.file[#honnin].4.itaku"


def _document(**values):
    document = load_document(V2)
    template = get_form(document.form, document.edition)
    for path, value in values.items():
        set_value(document, template, ElementPath.parse(path), value)
    return document


def _draft(document) -> list:
    return [f for f in check(document, "draft") if f.blocks]


@pytest.mark.parametrize(
    ("path", "value", "limit", "label"),
    [
        ("bessoe1.body", "あ" * 200_000, "20,000", "(別添1) 事務の内容"),
        ("I.1.2", "あ" * 4_001, "4,000", "②事務の内容"),
        ("II.file[#honnin].1", "住" * 201, "200", "特定個人情報ファイル名"),
        ("cover.publication_date", "令" * 31, "30", "公表日"),
        (f"{ITAKU}[#card-center].4", ["専用線", {"その他": "線" * 201}], "200", "その他"),
    ],
)
def test_a_value_over_its_items_limit_is_a_draft_finding_naming_item_and_limit(path, value, limit, label):
    findings = _draft(_document(**{path: value}))
    assert [(f.code, f.path) for f in findings] == [("value.too-long", path)]
    message = findings[0].message
    assert label in message
    assert f"{limit}文字まで" in message
    assert "文字以内に短くしてください" in message
    assert len(message) < 400  # the value itself is never repeated (a title is cut in the label)


def test_a_value_at_its_limit_is_fine():
    assert _draft(_document(**{"I.1.2": "あ" * 4_000, "bessoe1.body": "い" * 20_000})) == []


def _honnin(document) -> dict:
    values = document if isinstance(document, dict) else document.values
    return next(f for f in values["files"] if f["id"] == "honnin")


def _itaku(n: int) -> list[dict]:
    first = _honnin(load_document(V2))["II.file.4.itaku"][0]
    return [{**copy.deepcopy(first), "id": f"itaku-{k}"} for k in range(n)]


def test_more_elements_than_the_repeat_allows_is_a_draft_finding():
    document = load_document(V2)
    _honnin(document)["II.file.4.itaku"] = _itaku(31)
    findings = [f for f in _draft(document) if f.code == "repeat.too-many"]
    assert [f.path for f in findings] == [ITAKU]
    assert "31件あります。「委託事項」は30件までです。" in findings[0].message
    _honnin(document)["II.file.4.itaku"] = _itaku(30)
    assert not [f for f in _draft(document) if f.code == "repeat.too-many"]


@pytest.mark.parametrize(
    ("ids", "code", "message"),
    [
        (["ok", "ok"], "repeat.duplicate-id", "id「ok」が重複しています"),
        (["ok", "<script>"], "repeat.bad-id", "2件目に正しい id(半角英数字・-・_ で64文字まで)がありません"),
        (["ok", "a" * 65], "repeat.bad-id", "2件目に正しい id"),
        (["ok", "bad\n"], "repeat.bad-id", "2件目に正しい id"),
    ],
)
def test_element_ids_have_a_safe_pattern_and_no_duplicates(ids, code, message):
    document = load_document(V2)
    elements = _itaku(len(ids))
    for element, element_id in zip(elements, ids, strict=True):
        element["id"] = element_id
    _honnin(document)["II.file.4.itaku"] = elements
    findings = [f for f in _draft(document) if f.code.startswith("repeat.")]
    assert [(f.code, f.path) for f in findings] == [(code, ITAKU)]
    assert message in findings[0].message


def test_pia_validate_reports_the_limits_of_a_yaml_file(tmp_path, capsys):
    data = yaml.safe_load(V2.read_text(encoding="utf-8"))
    data["values"]["bessoe1.body"] = "あ" * 200_000
    _honnin(data["values"])["II.file.4.itaku"] = _itaku(31)
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code = main(["validate", str(path), "--level", "draft"])
    out = capsys.readouterr().out
    assert code == 1
    assert "(別添1) 事務の内容" in out
    assert "200,000文字あります。この欄は20,000文字までです。" in out
    assert "31件あります。「委託事項」は30件までです。" in out


def test_elements_past_the_limit_are_reported_once_not_checked_one_by_one():
    """A document with 2,000 files is refused for its size; its surplus is not validated item
    by item (which took seconds), so the finding comes at once and names the limit."""
    document = load_document(V2)
    files = document.values["files"]
    many = [{**copy.deepcopy(files[n % len(files)]), "id": f"f{n}"} for n in range(2_000)]
    many[-1]["II.file.2"] = "選択肢にない値"  # in the surplus: not reached
    document.values["files"] = many
    findings = _draft(document)
    assert {f.code for f in findings} == {"repeat.too-many"}
    assert any("2,000件あります。「特定個人情報ファイル」は30件までです。" in f.message for f in findings)

"""The print model: order, structure, withholding and change marks (no rendering engine)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pia.changes import diff
from pia.document import Document, load_document, new_document
from pia.document.walk import walk
from pia.forms import get_form
from pia.render.build import build_print
from pia.render.marks import ChangeMarks, Removal, marks_between, marks_from_changes
from pia.render.model import WITHHELD, Heading, Mark, PrintDocument, Row, Rows, Table, ValueKind, to_data
from pia.render.pdf_layout import row_is_fast, value_lines

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
V1, V2 = EXAMPLES / "jumin-kihon-daicho-v1.yaml", EXAMPLES / "jumin-kihon-daicho-v2.yaml"


def rows_of(model: PrintDocument) -> list[Row]:
    return [row for part in model.parts for block in part.blocks if isinstance(block, Rows) for row in block.rows]


def row_at(model: PrintDocument, path: str) -> Row:
    return next(row for row in rows_of(model) if row.path == path)


@pytest.fixture(scope="module")
def v1() -> Document:
    return load_document(V1)


@pytest.fixture(scope="module")
def v2() -> Document:
    return load_document(V2)


@pytest.fixture(scope="module")
def v2_model(v2: Document) -> PrintDocument:
    return build_print(v2)


def test_every_filled_value_is_printed_once_in_walk_order(v2: Document, v2_model: PrintDocument) -> None:
    template = get_form(v2.form, v2.edition)
    printed = [f.path for f in v2_model.cover]
    for row in rows_of(v2_model):
        printed += ([row.path] if row.value is not None else []) + ([row.suffix.path] if row.suffix else [])
    printed = list(dict.fromkeys(printed))  # Ⅲ repeats each file's name (1.特定個人情報ファイル名)
    in_table = {i.id for r in template.walk() if r.layout == "table" for i in r.walk()}
    free_text = [r for r in template.walk() if r.kind.value == "repeat" and r.heading.strip() == "{title}"]
    in_cell = {i.id for r in free_text for i in r.walk() if i is not r}  # printed in the block's one cell
    printed_apart = in_table | in_cell
    expected = [
        str(o.path)
        for o in walk(v2, template)
        if (o.item.kind.holds_value and o.item.kind.value not in {"repeat", "image"} and o.item.id not in printed_apart)
        or (o.item in free_text and not o.is_element)
    ]
    assert len(expected) > 300
    assert [p for p in printed if p in set(expected)] == expected


def test_parts_follow_the_form(v2_model: PrintDocument) -> None:
    titles = [p.title for p in v2_model.parts]
    assert titles[0] == "Ⅰ 基本情報"
    assert titles[-1] == "(別添3) 変更箇所"
    assert v2_model.index[:2] == ("Ⅰ 基本情報", "(別添1) 事務の内容")
    assert v2_model.office == "住民基本台帳に関する事務"
    assert v2_model.edition_label == "[平成30年5月 様式4]"


def test_per_file_blocks_are_headed_and_numbered(v2_model: PrintDocument) -> None:
    part = next(p for p in v2_model.parts if p.title.startswith("Ⅱ"))
    headings = [b.text for b in part.blocks if isinstance(b, Heading)]
    assert headings == ["(1) 住民基本台帳ファイル", "(2) 本人確認情報ファイル", "(3) 送付先情報ファイル"]


def test_consignment_rows_carry_their_title_like_the_form(v2_model: PrintDocument) -> None:
    row = row_at(v2_model, "II.file[#honnin].4.itaku[#card-center].name")
    assert row.label == "委託事項2"
    assert row.value is not None
    assert row.value.text == "熊本市マイナンバーカードセンター等運営業務委託"


def test_choice_and_checkbox_values(v2_model: PrintDocument) -> None:
    choice = row_at(v2_model, "II.file[#honnin].4.itaku[#card-center].7").value
    assert choice is not None
    assert choice.kind is ValueKind.CHOICE
    assert choice.bracket == "[再委託する]"
    assert choice.option_line == "1) 再委託する 2) 再委託しない"
    boxes = row_at(v2_model, "II.file[#honnin].4.itaku[#card-center].4").value
    assert boxes is not None
    assert boxes.kind is ValueKind.CHECKBOX
    lines = [c.line for c in boxes.checks]
    assert lines[0] == "[ ] 専用線"
    assert lines[-1] == "[○] その他 (住民基本台帳ネットワークシステム、既存住基システム)"


def test_table_repeats_become_tables_with_widths(v2_model: PrintDocument) -> None:
    tables = [b for p in v2_model.parts for b in p.blocks if isinstance(b, Table)]
    change_table = tables[-1]
    assert change_table.columns[:2] == ("変更日", "項目")
    assert abs(sum(change_table.widths) - 1) < 0.01
    assert all(len(row) == len(table.columns) for table in tables for row in table.rows)


def test_dates_print_in_wareki_only(v2_model: PrintDocument) -> None:
    """As the forms print them: 「令和3年3月31日」, no ISO date beside it anywhere in print."""
    published = next(f for f in v2_model.cover if f.path == "cover.publication_date")
    assert published.value.text == "令和3年3月31日"
    texts = [f.value.text for f in v2_model.cover]
    for part in v2_model.parts:
        for block in part.blocks:
            if isinstance(block, Rows):
                texts += [row.value.text for row in block.rows if row.value is not None]
            elif isinstance(block, Table):
                texts += [cell.text for row in block.rows for cell in row]
    assert "令和2年12月1日～令和3年1月5日" in texts  # a period, both ends
    assert not [t for t in texts if re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", t)]


def test_public_rendering_withholds_non_public_items(v2: Document) -> None:
    template = get_form(v2.form, v2.edition)
    secret = {i.id for i in template.walk() if i.non_public}
    public = build_print(v2, public=True)
    withheld = [r for r in rows_of(public) if r.value is not None and r.value.kind is ValueKind.WITHHELD]
    assert withheld
    assert all(r.value is not None and r.value.text == WITHHELD for r in withheld)
    assert {r.path.split("]")[-1].lstrip(".") for r in withheld} <= {s.split(".", 2)[-1] for s in secret}
    submitted = build_print(v2)
    assert not [r for r in rows_of(submitted) if r.value is not None and r.value.kind is ValueKind.WITHHELD]
    assert public.public
    assert public.status == ""


def test_change_marks_follow_changed_paths(v1: Document, v2: Document) -> None:
    changes = diff(v1, v2)
    marks = marks_from_changes(changes, get_form(v2.form, v2.edition))
    model = build_print(v2, marks=marks)
    red = {r.path for r in rows_of(model) if r.mark is Mark.CHANGED}
    red |= {r.suffix.path for r in rows_of(model) if r.suffix and r.suffix.mark is Mark.CHANGED}
    assert "II.file[#honnin].4.itaku[#card-center].1" in red  # inside the added 委託事項2
    assert "II.file[#honnin].4.kensu" in red  # the changed count
    assert "II.file[#honnin].4.itaku[#kizon-hoshu].1" not in red  # 委託事項1 unchanged
    assert all(r.value is not None for r in rows_of(model) if r.mark is Mark.CHANGED)
    assert model.marked
    assert model.notes


def test_removed_values_and_elements_are_listed(v1: Document, v2: Document) -> None:
    # going back from v2 to v1 removes 委託事項2 and the Ⅲ 4 risks
    marks = marks_between(v2, v1)
    labels = [r.label for r in marks.removals]
    assert "委託事項2" in labels
    model = build_print(v1, marks=marks)
    removed = [r for r in rows_of(model) if r.mark is Mark.REMOVED]
    assert any(r.label == "委託事項2" and "熊本市マイナンバーカードセンター" in r.removed for r in removed)


def test_removed_value_is_shown_struck_through_where_it_was() -> None:
    template = get_form("full")
    document = new_document(template)
    marks = ChangeMarks(frozenset(), (Removal("I.8", "8.他の評価実施機関", "旧い記載"),))
    row = row_at(build_print(document, template, marks=marks), "I.8")
    assert row.removed == "旧い記載"


def test_model_serialises_to_json_with_derived_texts(v2_model: PrintDocument) -> None:
    data = json.loads(json.dumps(to_data(v2_model), ensure_ascii=False))
    assert data["type"] == "printdocument"
    first = data["parts"][0]["blocks"][0]
    assert first["type"] == "rows"
    assert "is_group" in first["rows"][0]


def test_layout_hint_keeps_tall_labels_out_of_the_fast_path() -> None:
    short = {"label": "①委託内容", "depth": 1, "value": {"kind": "text", "text": "短い"}}
    tall = {"label": "⑨過去3年以内に、評価実施機関において、個人情報に関する重大事故が発生したか", "depth": 1}
    assert row_is_fast(short)
    assert not row_is_fast({**tall, "value": {"kind": "choice", "text": "発生なし"}})
    long_text = {"kind": "text", "text": "長い記載です。" * 40}
    assert value_lines(long_text) >= 6
    assert row_is_fast({**tall, "value": long_text})

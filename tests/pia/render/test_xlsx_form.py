"""The XLSX in the layout of the commission's Excel form, read back with openpyxl: merged cells,
labels left of their values in reading order, choices and checkboxes as the form prints them,
the edition label, A4 print setup, 赤字 and struck removed text."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.worksheet.worksheet import Worksheet

from pia.document import Document, load_document
from pia.render.api import WRITERS, output_format, print_model
from pia.render.model import Heading, PrintDocument, Rows, Table, Value, ValueKind
from pia.render.xlsx_form import xlsx_form_bytes
from pia.render.xlsx_layout import MAX_ROW_PT

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
DOCUMENTS = ["jumin-kihon-daicho-v2", "jumin-kihon-daicho-basic", "boshi-hoken-basic", "jido-teate-focused"]
RED = "FFC8000A"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def load(data: bytes, rich: bool = False) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), rich_text=rich)


def sheet_text(sheet: Worksheet) -> str:
    """The sheet's text row by row, left to right: the reading order."""
    return squash("".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None))


def book_text(book: openpyxl.Workbook) -> str:
    return "".join(sheet_text(s) for s in book.worksheets)


def value_snippets(value: Value) -> list[str]:
    if value.kind is ValueKind.CHOICE:
        return [value.bracket, "<選択肢>", *(f"{o.no}) {o.label}" for o in value.options)]
    if value.kind is ValueKind.CHECKBOX:
        return [c.line for c in value.checks]
    return [value.text]


def snippets(model: PrintDocument) -> list[str]:
    pair, rest = model.cover[:2], model.cover[2:]
    out = [model.title, *(f.label for f in pair), *(f.value.text for f in pair)]
    for field in rest:
        out += [field.label, field.value.text]
    out += [model.edition_label, model.index_title, *model.index]
    for part in model.parts:
        out.append(part.title)
        for block in part.blocks:
            if isinstance(block, Heading):
                out.append(block.text)
            elif isinstance(block, Table):
                out += [*block.columns, *(c.text for row in block.rows for c in row)]
            elif isinstance(block, Rows):
                for row in block.rows:
                    out.append(row.label)
                    values = value_snippets(row.value) if row.value is not None else []
                    slot = [row.suffix.text] if row.suffix else []
                    out += values[:1] + slot + values[1:]  # the slot in the chosen value's cell
    return [squash(s) for s in out if s.strip()]


def missing_in_order(text: str, wanted: list[str]) -> list[str]:
    missing, position = [], 0
    for snippet in wanted:
        found = text.find(snippet, position)
        if found < 0:
            missing.append(snippet)
        else:
            position = found + len(snippet)
    return missing


def find(sheet: Worksheet, text: str) -> Any:
    return next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(text))


def merged_range(sheet: Worksheet, cell: Any) -> str:
    return next((str(r) for r in sheet.merged_cells.ranges if cell.coordinate in r), cell.coordinate)


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    return {name: load_document(EXAMPLES / f"{name}.yaml") for name in DOCUMENTS}


@pytest.fixture(scope="module")
def v2(documents: dict[str, Document]) -> tuple[PrintDocument, openpyxl.Workbook]:
    model = print_model(documents["jumin-kihon-daicho-v2"])
    return model, load(xlsx_form_bytes(model))


@pytest.fixture(scope="module")
def removals(documents: dict[str, Document]) -> openpyxl.Workbook:
    """v1 seen against v2: 委託事項2 and its risks were removed."""
    model = print_model(
        load_document(EXAMPLES / "jumin-kihon-daicho-v1.yaml"), previous=documents["jumin-kihon-daicho-v2"]
    )
    return load(xlsx_form_bytes(model), rich=True)


@pytest.fixture(scope="module")
def draft(documents: dict[str, Document]) -> openpyxl.Workbook:
    old = load_document(EXAMPLES / "jumin-kihon-daicho-v1.yaml")
    model = print_model(documents["jumin-kihon-daicho-v2"], previous=old)
    return load(xlsx_form_bytes(model), rich=True)


def test_xlsx_is_the_form_layout_and_data_xlsx_the_data_list() -> None:
    assert output_format(Path("評価書.xlsx")) == "xlsx"
    assert WRITERS["xlsx"].__name__ == "write_xlsx_form"
    assert WRITERS["data-xlsx"].__name__ == "write_xlsx"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_label_and_value_in_reading_order(documents: dict[str, Document], name: str) -> None:
    model = print_model(documents[name])
    book = load(xlsx_form_bytes(model))
    assert missing_in_order(book_text(book), snippets(model)) == []


def test_sheets_cover_index_then_one_per_part(v2: tuple[PrintDocument, openpyxl.Workbook]) -> None:
    model, book = v2
    names = book.sheetnames
    assert names[:2] == ["表紙", "項目一覧"]
    assert len(names) == 2 + len(model.parts)
    for part, sheet in zip(model.parts, book.worksheets[2:], strict=True):
        assert sheet["A1"].value == part.title + (" ※" if part.star else "")
        assert merged_range(sheet, sheet["A1"]) == ("A1:F1" if part.title.startswith("(別添3)") else "A1:K1")


def test_cover_as_the_form(v2: tuple[PrintDocument, openpyxl.Workbook]) -> None:
    _, book = v2
    cover = book["表紙"]
    assert cover["A1"].value == "特定個人情報保護評価書(全項目評価書)"
    number, name = find(cover, "評価書番号"), find(cover, "評価書名")
    assert (number.row, merged_range(cover, number), merged_range(cover, name)) == (3, "A3:C3", "D3:K3")
    assert cover.cell(4, 1).value == "1"
    assert cover.cell(4, 4).value == "住民基本台帳に関する事務 全項目評価書"
    caption = find(cover, "個人のプライバシー等の権利利益の保護の宣言")
    assert merged_range(cover, caption) == f"A{caption.row}:K{caption.row}"  # the box's caption above it
    assert cover.cell(caption.row + 1, 1).value.startswith("熊本市は、")
    agency = find(cover, "評価実施機関名")
    assert merged_range(cover, agency) == f"A{agency.row}:C{agency.row}"
    assert cover.cell(agency.row, 4).value == "熊本市長"  # beside its label
    last = max(r for r in range(1, cover.max_row + 1) if cover.cell(r, 1).value)
    assert cover.cell(last, 1).value == "[平成30年5月 様式4]"  # the edition label at the foot


def test_items_label_left_value_merged_across(v2: tuple[PrintDocument, openpyxl.Workbook]) -> None:
    _, book = v2
    sheet = book["Ⅰ 基本情報"]
    name = find(sheet, "①事務の名称")
    assert merged_range(sheet, name) == f"B{name.row}:C{name.row}"  # depth 1: indented one column
    assert merged_range(sheet, sheet.cell(name.row, 4)) == f"D{name.row}:K{name.row}"
    assert sheet.cell(name.row, 4).value == "住民基本台帳に関する事務"
    group = find(sheet, "1.特定個人情報ファイルを取り扱う事務")
    assert merged_range(sheet, group) == f"A{group.row}:K{group.row}"
    assert group.fill.fgColor.rgb.endswith("D9D9D9")


def test_choice_checkbox_and_slot_cells(v2: tuple[PrintDocument, openpyxl.Workbook]) -> None:
    _, book = v2
    sheet = next(s for s in book.worksheets if s.title.startswith("Ⅱ"))
    umu = find(sheet, "委託の有無")
    chosen, options = sheet.cell(umu.row, 4), sheet.cell(umu.row, 8)
    assert chosen.value == "[委託する]\n(2)件"
    assert (merged_range(sheet, chosen), merged_range(sheet, options)) == (
        f"D{umu.row}:G{umu.row}",
        f"H{umu.row}:K{umu.row}",
    )
    assert options.value == "<選択肢>\n1) 委託する\n2) 委託しない"
    checks = sheet.cell(find(sheet, "提供・移転の有無").row, 4).value
    assert checks.startswith("[○] 提供を行っている (2)件　[○] 移転を行っている (1)件")


def test_a_long_chosen_value_puts_its_options_under_it(v2: tuple[PrintDocument, openpyxl.Workbook]) -> None:
    _, book = v2
    sheet = next(s for s in book.worksheets if s.title.startswith("Ⅵ"))
    label = find(sheet, "②しきい値判断結果")
    assert merged_range(sheet, label) == f"B{label.row}:C{label.row + 1}"  # beside both rows
    assert sheet.cell(label.row, 4).value == "[基礎項目評価及び全項目評価の実施が義務付けられる]"
    assert sheet.cell(label.row + 1, 4).value.startswith(
        "<選択肢>\n1) 基礎項目評価及び全項目評価の実施が義務付けられる\n"
    )


def test_print_setup(v2: tuple[PrintDocument, openpyxl.Workbook]) -> None:
    _, book = v2
    for sheet in book.worksheets:
        assert sheet.page_setup.paperSize == 9  # A4
        assert sheet.page_setup.orientation == "portrait"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is the default (not written)
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.print_area
        assert sheet.print_title_rows in ("$1:$1", "$1:$2")
        assert "&P" in sheet.oddFooter.center.text
    last = book.worksheets[-1]
    assert last.print_title_rows == "$1:$2"  # (別添3): its column header repeats too
    assert last["A2"].value == "変更日"
    assert book.worksheets[2].print_area == "'Ⅰ 基本情報'!$A$1:$K$" + str(book.worksheets[2].max_row)


def test_row_heights_fit_and_never_pass_excels_limit(v2: tuple[PrintDocument, openpyxl.Workbook]) -> None:
    _, book = v2
    for sheet in book.worksheets:
        heights = [d.height for d in sheet.row_dimensions.values() if d.height]
        assert heights
        assert max(heights) <= MAX_ROW_PT + 9


def test_a_very_long_value_is_written_over_several_rows(documents: dict[str, Document]) -> None:
    document = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    document.values["I.1.2"] = "\n".join(f"{n}.住民基本台帳の記載に関する長い説明の行です。" * 3 for n in range(200))
    book = load(xlsx_form_bytes(print_model(document)))
    sheet = book["Ⅰ 基本情報"]
    label = find(sheet, "②事務の内容")
    span = merged_range(sheet, label)
    first, last = (int(n) for n in re.findall(r"\d+", span))
    assert last - first >= 3  # the label merged down beside every piece
    pieces = [sheet.cell(r, 4).value for r in range(first, last + 1)]
    assert "\n".join(pieces) == document.values["I.1.2"]
    assert all(sheet.row_dimensions[r].height <= MAX_ROW_PT + 9 for r in range(first, last + 1))


def rich_blocks(book: openpyxl.Workbook) -> list[list[TextBlock | str]]:
    return [
        list(c.value)
        for s in book.worksheets
        for row in s.iter_rows()
        for c in row
        if isinstance(c.value, CellRichText)
    ]


def test_removed_text_is_struck_after_the_word(removals: openpyxl.Workbook) -> None:
    struck = [
        (str(blocks[n - 1]), b.text)
        for blocks in rich_blocks(removals)
        for n, b in enumerate(blocks)
        if isinstance(b, TextBlock) and b.font.strike
    ]
    assert struck
    assert all(before.endswith("【削除】") for before, _ in struck)
    assert any("熊本市マイナンバーカードセンター運営業務" in text for _, text in struck)


def test_changes_in_red(draft: openpyxl.Workbook) -> None:
    sheets = [s for s in draft.worksheets if s.title.startswith("Ⅱ")]
    cells = [c for s in sheets for row in s.iter_rows() for c in row if c.value is not None]
    name = next(c for c in cells if str(c.value) == "熊本市マイナンバーカードセンター等運営業務委託")
    assert name.font.color.rgb == RED
    label = next(c for c in cells if str(c.value) == "委託事項2" and c.column == 2 and c.row == name.row)
    assert label.font.color is None or label.font.color.rgb != RED  # labels are never red
    unchanged = next(c for c in cells if str(c.value) == "既存住基システムの運用保守業務")
    assert unchanged.font.color is None or unchanged.font.color.rgb != RED
    rich = [c.value for c in cells if isinstance(c.value, CellRichText)]
    red_slot = [
        b.text
        for value in rich
        for b in value
        if isinstance(b, TextBlock) and b.font.color is not None and b.font.color.rgb == RED
    ]
    assert "2" in red_slot  # the changed count (2)件: only the number is red


def test_status_in_the_page_header_of_a_change_draft(
    draft: openpyxl.Workbook, v2: tuple[PrintDocument, openpyxl.Workbook]
) -> None:
    assert "変更箇所表示" in draft.worksheets[0].oddHeader.right.text
    assert not v2[1].worksheets[0].oddHeader.right.text

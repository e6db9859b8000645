"""Print artefacts seen in the PDFs, each fixed: the form's own layout of slots, labels and option lists.

Lines are read from the PDF text layer (pypdfium2), where a line break is a ``\\r\\n``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
import yaml

from pia.document import load_document
from pia.render.api import print_model
from pia.render.docx import docx_bytes
from pia.render.html import html_text
from pia.render.model import PrintDocument, Row, Rows
from pia.render.pdf import pdf_bytes
from pia.render.summary import write_summary
from pia.summary import build_summary

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def rows(model: PrintDocument) -> list[Row]:
    return [row for part in model.parts for block in part.blocks if isinstance(block, Rows) for row in block.rows]


def pdf_lines(pdf: bytes) -> list[str]:
    """Every printed line of the PDF, spaces removed."""
    text = "\n".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))
    return [re.sub(r"\s+", "", line) for line in text.replace("\r", "").split("\n")]


@pytest.fixture(scope="module")
def v2() -> PrintDocument:
    return print_model(load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml"))


@pytest.fixture(scope="module")
def v2_lines(v2: PrintDocument) -> list[str]:
    return pdf_lines(pdf_bytes(v2))


def test_the_count_slot_prints_in_the_row_of_its_choice_not_as_a_row(v2: PrintDocument, v2_lines: list[str]) -> None:
    """「( )件」 is part of the 委託の有無 cell: 「[委託する] … (2)件」, and 「( )件」 when 委託しない."""
    assert not [r for r in rows(v2) if r.label.startswith("( )")]
    umu = [r for r in rows(v2) if r.label == "委託の有無"]
    assert [(r.value.text if r.value else "", r.suffix.text if r.suffix else "") for r in umu] == [
        ("委託する", "(2)件"),
        ("委託する", "(2)件"),
        ("委託しない", "( )件"),
    ]
    at = v2_lines.index("(2)件")
    assert v2_lines[at - 1] == "1)委託する2)委託しない"  # under the option list, in the same cell


def test_the_slot_prints_in_docx_and_html(v2: PrintDocument) -> None:
    assert '<span class="slot">(2)件</span>' in html_text(v2)
    document = docx.Document(io.BytesIO(docx_bytes(v2)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any(text.startswith("[委託する]") and text.endswith("(2)件") for text in cells)


def test_count_slots_of_checkboxes_say_ken(v2: PrintDocument, v2_lines: list[str]) -> None:
    """「[○] 提供を行っている (2)件」: the slot counts the 提供先 blocks (check ``slot_count_of``)."""
    umu = next(r for r in rows(v2) if r.label == "提供・移転の有無")
    assert umu.value is not None
    assert [c.line for c in umu.value.checks] == [
        "[○] 提供を行っている (2)件",
        "[○] 移転を行っている (1)件",
        "[ ] 行っていない",
    ]
    assert any(line.endswith("[○]提供を行っている(2)件[○]移転を行っている(1)件") for line in v2_lines)
    other = next(r for r in rows(v2) if r.label == "③他のシステムとの接続")
    assert other.value is not None
    assert other.value.checks[-1].line.endswith(")")


def test_a_numbered_title_item_keeps_its_label(v2: PrintDocument, v2_lines: list[str]) -> None:
    """「システム1」 as a caption, then 「①システムの名称 | 既存住民基本台帳システム…」; a title the form
    prints only as a value (委託事項名) still joins its heading 「委託事項1 | …」."""
    labels = [r.label for r in rows(v2)]
    start = labels.index("システム1")
    assert labels[start : start + 3] == ["システム1", "①システムの名称", "②システムの機能"]
    assert rows(v2)[start].value is None
    assert any("①システムの名称既存住民基本台帳システム" in line for line in v2_lines)
    itaku = next(r for r in rows(v2) if r.label == "委託事項1")
    assert itaku.value is not None
    assert itaku.value.text == "既存住基システムの運用保守業務"


LONG_OPTIONS = [
    "1)基礎項目評価及び全項目評価の実施が義務付けられる",
    "2)基礎項目評価及び重点項目評価の実施が義務付けられる(任意に全項目評価を実施)",
    "3)基礎項目評価の実施が義務付けられる(任意に全項目評価を実施)",
    "4)特定個人情報保護評価の実施が義務付けられない(任意に全項目評価を実施)",
]


def test_long_option_lists_take_the_width_of_the_value_cell(v2_lines: list[str]) -> None:
    """Ⅵ1②: the long chosen value no longer squeezes its options into a column of ~8 characters;
    each option is one printed line."""
    for option in LONG_OPTIONS:
        assert option in v2_lines, option


def test_basic_threshold_options_are_whole_lines() -> None:
    """様式2 Ⅲ しきい値判断結果: the same."""
    lines = pdf_lines(pdf_bytes(print_model(load_document(EXAMPLES / "boshi-hoken-basic.yaml"))))
    assert any(line.endswith("[基礎項目評価の実施が義務付けられる]") for line in lines)
    for option in (
        "1)基礎項目評価及び全項目評価の実施が義務付けられる",
        "4)特定個人情報保護評価の実施が義務付けられない",
    ):
        assert option in lines, option


SUMMARY_OPTIONS = ["1)1万人未満", "2)1万人以上10万人未満", "3)10万人以上100万人未満", "4)100万人以上1,000万人未満"]


def test_summary_options_never_break_inside_a_number(tmp_path: Path) -> None:
    """概要版: an option such as 「3) 10万人以上30万人未満」 is kept whole (was 「10／万人」)."""
    old = load_document(EXAMPLES / "jumin-kihon-daicho-v1.yaml")
    new = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    spec = yaml.safe_load((EXAMPLES / "jumin-kihon-daicho-summary.yaml").read_text(encoding="utf-8"))
    out = tmp_path / "概要版.pdf"
    write_summary(build_summary(old, new, spec), out)
    lines = pdf_lines(out.read_bytes())
    for option in SUMMARY_OPTIONS:
        assert any(option in line for line in lines), (option, [line for line in lines if "万人" in line])


OTHER_RISKS = "特定個人情報ファイルの取扱いの委託におけるその他のリスク及びそのリスクに対する措置"


def test_other_risks_are_the_forms_one_free_text_cell(v2: PrintDocument, v2_lines: list[str]) -> None:
    """No 見出し/リスク/リスクに対する措置 rows the form does not have: the body's own headings
    「(リスク①)」「(リスク①に対する措置)」 inside the cell of the form's item."""
    labels = [r.label for r in rows(v2)]
    assert not {"見出し", "リスク", "リスクに対する措置", "(リスク①)"} & set(labels)
    cells = [r for r in rows(v2) if r.label == OTHER_RISKS and r.value is not None and r.value.text]
    assert len(cells) == 1
    lines = cells[0].value.text.split("\n") if cells[0].value else []
    assert lines[0] == "【熊本市マイナンバーカードセンター等運営業務委託特有のリスク及びそのリスクに対する措置】"
    assert lines[1] == "(リスク①)"
    assert "(リスク①に対する措置)" in lines
    assert "(リスク②に対する措置)" in lines
    assert "(リスク①に対する措置)" in v2_lines
    empty = [r for r in rows(v2) if r.label.endswith("におけるその他のリスク及びそのリスクに対する措置")]
    assert len(empty) > 5  # every such cell of the form is printed, blank or not


def test_a_changed_or_removed_block_marks_its_cell() -> None:
    v1, v2 = (load_document(EXAMPLES / f"jumin-kihon-daicho-{v}.yaml") for v in ("v1", "v2"))
    added = next(r for r in rows(print_model(v2, previous=v1)) if r.label == OTHER_RISKS and r.value and r.value.text)
    assert added.mark.value == "changed"
    removed = [r for r in rows(print_model(v1, previous=v2)) if r.label == OTHER_RISKS and r.removed]
    assert len(removed) == 1
    assert "交付関係業務を委託化する" in removed[0].removed

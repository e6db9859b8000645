"""Render → import gives back the same document, for every example and every format the
import reads: PDF, XLSX and DOCX as rendered, and the text a PDF viewer copies from the PDF.
(The HTML output is a web page, not a source bodies hold; the public edition prints
「(非公表)」 and is not the target.)

Plain text has no positions: it cannot tell the layout's line breaks from the writer's (so
texts are compared without line breaks), nor the columns of a table of several columns
((別添3) 変更箇所, cells interleaved line by line): those rows are not placed, and every line of
them must be in the report's unplaced text instead — nothing is lost.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DOCUMENT_EXAMPLES, EXAMPLES, differences, flat, pdf_text

from pia.document.codec import load_document
from pia.forms.model import Kind
from pia.forms.registry import get_form
from pia.imports.api import import_file

FORMATS = ("pdf", "xlsx", "data-xlsx", "docx")  # xlsx: the commission's layout; data-xlsx: the export


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", DOCUMENT_EXAMPLES)
def test_round_trip(rendered: Any, example: str, fmt: str) -> None:
    document = load_document(EXAMPLES / example)
    result = import_file(rendered(example, fmt))
    assert (result.document.form, result.document.edition) == (document.form, document.edition)
    assert result.document.body_type == document.body_type
    assert differences(document, result.document) == {}
    assert result.report.items_filled >= len(flat(document.values)) * 0.9


def _wide_tables(form: str, edition: str) -> set[str]:
    template = get_form(form, edition)
    return {
        item.storage_key
        for item in template.walk()
        if item.kind is Kind.REPEAT and item.layout == "table" and sum(c.kind.holds_value for c in item.children) > 1
    }


@pytest.mark.parametrize("example", DOCUMENT_EXAMPLES)
def test_round_trip_of_the_text_a_viewer_copies(rendered: Any, example: str) -> None:
    document = load_document(EXAMPLES / example)
    result = import_file(rendered(example, "text"))
    wide = _wide_tables(document.form, document.edition)
    diff = differences(document, result.document, lines=False)
    assert {path: v for path, v in diff.items() if path.split("[")[0] not in wide} == {}
    kept = "".join(u.text for u in result.report.unplaced).replace("\n", "").replace(" ", "")
    for path, (expected, _) in diff.items():
        if isinstance(expected, str) and not expected[:4].isdigit():
            assert expected.replace("\n", "").replace(" ", "") in kept, path


@pytest.mark.parametrize("fmt", [*FORMATS, "text"])
def test_the_cover_and_the_publication_date_come_back(rendered: Any, fmt: str) -> None:
    example = "jumin-kihon-daicho-v2.yaml"
    document = load_document(EXAMPLES / example)
    result = import_file(rendered(example, fmt))
    assert result.document.values["I.1.1"] == document.values["I.1.1"]
    assert result.report.publication_date is not None
    assert result.report.publication_date.isoformat() == document.values["cover.publication_date"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_blocks_of_other_risks_under_one_heading(tmp_path: Any, fmt: str) -> None:
    """A second 「その他のリスク」 block (headed by its title alone) is told from the last line of
    the block before it: its title is a row of its own followed by 「(リスク①)」."""
    import copy

    from pia.render.api import render_document

    document = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    blocks = document.values["files"][1]["III.file.4.other"]
    second = copy.deepcopy(blocks[0])
    second.update({"id": "call-center", "III.file.4.other.title": "【コールセンター業務特有のリスク】"})
    second["III.file.4.other.risks"] = second["III.file.4.other.risks"][:1]
    blocks.append(second)
    out = tmp_path / f"two.{fmt.removeprefix('data-')}"
    render_document(document, out, fmt)
    assert differences(document, import_file(out).document) == {}


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_public_edition_leaves_withheld_items_empty(tmp_path: Any, fmt: str) -> None:
    from pia.render.api import render_document

    document = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    out = tmp_path / f"public.{fmt.removeprefix('data-')}"
    render_document(document, out, fmt, public=True)
    result = import_file(out)
    assert "(非公表)" not in str(result.document.values)
    assert any("(非公表)" in note for note in result.report.notes)
    diff = differences(document, result.document)
    template = get_form(document.form, document.edition)
    assert diff
    assert all(template.is_withheld(_item_of(path)) for path in diff), sorted(diff)


def _item_of(path: str) -> str:
    """The item id at the end of a flattened path (「files[0].III.file.7.risk1.5」 → III.file.7.risk1.5)."""
    return path.rsplit("].", 1)[-1].removesuffix(".start").removesuffix(".end")


@pytest.mark.parametrize("fmt", [*FORMATS, "text"])
def test_a_later_block_title_the_layout_breaks_over_lines(tmp_path: Any, fmt: str) -> None:
    """A second 「その他のリスク」 block whose 「【…】」 title is too long for one line: all of it is
    the title (plain text breaks it into lines of their own), none of it the text before."""
    import copy

    from pia.render.api import render_document

    document = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    blocks = document.values["files"][1]["III.file.4.other"]
    second = copy.deepcopy(blocks[0])
    title = "【コールセンター業務及び窓口受付業務の委託に特有のリスク及びそのリスクに対する措置について】"
    second.update({"id": "call-center", "III.file.4.other.title": title})
    second["III.file.4.other.risks"] = second["III.file.4.other.risks"][:1]
    blocks.append(second)
    out = tmp_path / f"long-title.{'pdf' if fmt == 'text' else fmt.removeprefix('data-')}"
    render_document(document, out, None if fmt == "text" else fmt)
    if fmt == "text":
        text = tmp_path / "long-title.txt"
        text.write_text(pdf_text(out), encoding="utf-8")
        out = text
    diff = differences(document, import_file(out).document, lines=fmt != "text")
    wide = _wide_tables(document.form, document.edition)
    assert {path: v for path, v in diff.items() if path.split("[")[0] not in wide} == {}


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "docx"])
@pytest.mark.parametrize("example", DOCUMENT_EXAMPLES)
def test_nothing_of_a_printed_form_is_left_unplaced(rendered: Any, example: str, fmt: str) -> None:
    """Every text of the outputs in the commission's layout is a value or the form's print: a
    part's title printed again on its sheet (the sheet's name, then A1) is not text for the review
    screen. (The data export's column titles are not the form's: they stay unplaced.)"""
    result = import_file(rendered(example, fmt))
    assert [(u.place.where, u.text) for u in result.report.unplaced] == []

"""Render → import for every example and every format the import reads (the HTML output is a
web page, not a source bodies hold; the plain text is what a PDF viewer copies from our PDF).

``test_round_trip_exact`` is the goal (the same document values); it does not hold yet for any
combination (tables of several columns, the 「その他のリスク」 blocks, and soft line breaks in
PDF text are the known gaps, docs/domain/import.md), so it is an expected failure that turns
into a pass, reported by pytest, as each gap closes. ``test_round_trip_recovers`` holds the
floor the import reaches today, so it cannot regress unnoticed.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DOCUMENT_EXAMPLES, EXAMPLES, differences, flat

from pia.document.codec import load_document
from pia.imports.api import import_file

FORMATS = ("pdf", "xlsx", "docx", "text")
# The share of an example's values that come back equal, at least (measured when set).
FLOOR = {"pdf": 0.6, "xlsx": 0.8, "docx": 0.8, "text": 0.6}
CASES = [(example, fmt) for example in DOCUMENT_EXAMPLES for fmt in FORMATS]


def _import(rendered: Any, example: str, fmt: str) -> tuple[int, dict[str, Any], Any]:
    document = load_document(EXAMPLES / example)
    result = import_file(rendered(example, fmt))
    diff = differences(document, result.document, lines=fmt != "text")
    return len(flat(document.values)), diff, result


@pytest.mark.parametrize(("example", "fmt"), CASES)
def test_round_trip_recovers(rendered: Any, example: str, fmt: str) -> None:
    total, diff, result = _import(rendered, example, fmt)
    assert result.document.form == load_document(EXAMPLES / example).form
    assert result.document.edition == load_document(EXAMPLES / example).edition
    assert (total - len(diff)) / total >= FLOOR[fmt], sorted(diff)[:10]
    assert result.report.items_filled > 0


@pytest.mark.xfail(reason="exact round trip: known gaps listed in docs/domain/import.md", strict=False)
@pytest.mark.parametrize(("example", "fmt"), CASES)
def test_round_trip_exact(rendered: Any, example: str, fmt: str) -> None:
    _, diff, _ = _import(rendered, example, fmt)
    assert diff == {}


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_cover_and_the_publication_date_come_back(rendered: Any, fmt: str) -> None:
    example = "jumin-kihon-daicho-v2.yaml"
    document = load_document(EXAMPLES / example)
    result = import_file(rendered(example, fmt))
    assert result.document.values["I.1.1"] == document.values["I.1.1"]
    assert result.report.publication_date is not None
    assert result.report.publication_date.isoformat() == document.values["cover.publication_date"]

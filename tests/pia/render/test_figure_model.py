"""The figures of (別添1) in the print model: where they print, what a change draft marks, what
the public edition withholds, and that a figure without its bytes stops the print."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia.document import load_document
from pia.document.images import image_reference
from pia.forms import get_form
from pia.render.api import print_model
from pia.render.build import build_print
from pia.render.errors import RenderError
from pia.render.marks import marks_between
from pia.render.model import Figure, Mark, Row, Rows, to_data
from pia.render.sample import sample_attachments, sample_figure

ROOT = Path(__file__).resolve().parents[3]
V2 = ROOT / "examples" / "jumin-kihon-daicho-v2.yaml"
FIGURE = "bessoe1.figure"
ATTACHMENTS = sample_attachments()


def ref(n: int, caption: str = "") -> dict:
    return image_reference(f"figure-{n}.png", sample_figure(n), caption or f"流れ{n}").to_data()


def v2(*figures: dict):
    document = load_document(V2)
    document.values[FIGURE] = list(figures)
    return document


def bessoe1(model) -> list:
    return list(next(p for p in model.parts if p.path == "bessoe1").blocks)


def test_figures_print_full_width_before_the_text_of_bessoe1_in_order():
    blocks = bessoe1(print_model(v2(ref(1), ref(2)), attachments=ATTACHMENTS))
    figures = [b for b in blocks if isinstance(b, Figure)]
    assert [(f.caption, f.data, f.width, f.height) for f in figures] == [
        ("流れ1", sample_figure(1), 1200, 600),
        ("流れ2", sample_figure(2), 1200, 600),
    ]
    assert isinstance(blocks[2], Rows)
    assert blocks[2].rows[0].path == "bessoe1.body"
    assert blocks[2].rows[0].label == ""  # the text still prints full width
    assert all(f.mark is Mark.NONE and f.note == "" for f in figures)


def test_a_document_without_figures_prints_bessoe1_as_before():
    blocks = bessoe1(print_model(v2()))
    assert len(blocks) == 1
    assert [r.path for r in blocks[0].rows] == ["bessoe1.body"]


def test_the_typst_data_names_the_figure_and_never_carries_its_bytes():
    figure = next(b for b in bessoe1(print_model(v2(ref(1)), attachments=ATTACHMENTS)) if isinstance(b, Figure))
    data = to_data(figure)
    assert data["data"] is None
    assert data["type"] == "figure"
    assert data["name"].endswith(".png")
    assert data["name"] == figure.name
    assert data["alt"] == "流れ1"


@pytest.mark.parametrize(
    ("before", "after", "marks", "removed"),
    [
        ([], [1], [Mark.CHANGED], []),
        ([1], [1, 2], [Mark.NONE, Mark.CHANGED], []),
        ([1, 2], [2], [Mark.NONE], ["図「流れ1」(figure-1.png)"]),
        ([1], [2], [Mark.CHANGED], ["図「流れ1」(figure-1.png)"]),
        ([1], [], [], ["図「流れ1」(figure-1.png)"]),
    ],
    ids=["added", "one-more", "one-less", "replaced", "all-removed"],
)
def test_a_change_draft_marks_new_figures_and_lists_removed_ones(before, after, marks, removed):
    model = print_model(v2(*map(ref, after)), previous=v2(*map(ref, before)), attachments=ATTACHMENTS)
    blocks = bessoe1(model)
    assert [f.mark for f in blocks if isinstance(f, Figure)] == marks
    assert [f.note for f in blocks if isinstance(f, Figure)] == [
        "(図を変更)" if m is Mark.CHANGED else "" for m in marks
    ]
    rows = [r for b in blocks if isinstance(b, Rows) for r in b.rows if r.path == FIGURE]
    assert [(r.mark, r.removed) for r in rows] == [(Mark.REMOVED, text) for text in removed]


def test_a_new_caption_marks_the_figure_as_changed():
    blocks = bessoe1(print_model(v2(ref(1, "新")), previous=v2(ref(1, "旧")), attachments=ATTACHMENTS))
    assert [b.mark for b in blocks if isinstance(b, Figure)] == [Mark.CHANGED]


def test_a_figure_without_its_bytes_stops_the_print_naming_item_and_file():
    with pytest.raises(RenderError) as stopped:
        print_model(v2(ref(1)))
    assert "「事務の内容(図)」" in str(stopped.value)
    assert "figure-1.png" in str(stopped.value)


def test_a_withheld_figure_prints_the_withheld_row_and_no_image(monkeypatch):
    document = v2(ref(1))
    template = get_form(document.form, document.edition)
    monkeypatch.setattr(type(template), "is_withheld", lambda self, item_id: item_id == FIGURE)
    marks = marks_between(v2(), document, public=True)
    model = build_print(document, template, public=True, marks=marks)  # no bytes needed: nothing is printed
    blocks = bessoe1(model)
    assert not any(isinstance(b, Figure) for b in blocks)
    row = next(r for b in blocks if isinstance(b, Rows) for r in b.rows if r.path == FIGURE)
    assert isinstance(row, Row)
    assert row.value is not None
    assert row.value.text == "(非公表)"
    assert "流れ1" not in repr(model)
    assert "figure-1" not in repr(model)

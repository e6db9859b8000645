"""Properties of the diff on generated 全項目評価書: diff(a, a) is empty, applying diff(a, b)
to a says what b says, and shuffling a repeat is a reorder (never remove + add)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_changes_support import FULL

from pia.changes import apply_changes, diff, snapshot
from pia.changes.rows import change_rows
from pia.document import Document
from pia.render.summary_markdown import summary_to_markdown
from pia.summary import build_summary

TEXT = st.one_of(st.just(""), st.text(alphabet="あいう ab\n　。", max_size=6))
ITAKU_SCOPE = st.sampled_from([o.label for o in FULL.item("II.file.4.itaku.7").options])
SUBJECTS = st.sampled_from([o.label for o in FULL.item("I.1.3").options])
SOURCES = st.lists(st.sampled_from([o.label for o in FULL.item("II.file.3.1").options][:4]), unique=True, max_size=3)


def optional(values: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=values)


@st.composite
def elements(draw: st.DrawFn, ids: list[str], body: st.SearchStrategy[dict[str, Any]]) -> list[dict[str, Any]]:
    chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    return [{"id": element_id, **draw(body)} for element_id in chosen]


RISKS = elements(
    ["r1", "r2", "r3"], optional({"III.file.4.other.risks.risk": TEXT, "III.file.4.other.risks.measure": TEXT})
)
OTHER = elements(["o1", "o2"], optional({"III.file.4.other.title": TEXT, "III.file.4.other.risks": RISKS}))
ITAKU = elements(["a", "b", "c"], optional({"II.file.4.itaku.name": TEXT, "II.file.4.itaku.7": ITAKU_SCOPE}))
FILE = optional(
    {
        "II.file.1": TEXT,
        "II.file.3.1": SOURCES,
        "II.file.4.kensu": st.integers(0, 3),
        "II.file.4.itaku": ITAKU,
        "III.file.4.7a": TEXT,
        "III.file.4.other": OTHER,
        "bessoe2.items": elements(["n1", "n2"], optional({"bessoe2.items.name": TEXT})),
    }
)
VALUES = st.builds(
    lambda top, files: {**top, "files": files},
    optional({"I.1.2": TEXT, "I.1.3": SUBJECTS, "VI.2.2": st.fixed_dictionaries({"start": TEXT, "end": TEXT})}),
    elements(["f1", "f2", "f3"], FILE),
)
DOCUMENTS = st.builds(lambda values: Document("full", FULL.edition, "local", values), VALUES)


@settings(max_examples=150, deadline=None)
@given(DOCUMENTS)
def test_a_document_has_no_changes_against_itself(document: Document) -> None:
    assert diff(document, document).changes == []


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS, DOCUMENTS)
def test_applying_the_changes_to_the_old_version_gives_the_new_one(old: Document, new: Document) -> None:
    result = apply_changes(old, diff(old, new))
    assert snapshot(result, FULL) == snapshot(new, FULL)
    assert diff(result, new).changes == []


@settings(max_examples=150, deadline=None)
@given(DOCUMENTS, st.randoms(use_true_random=False))
def test_shuffling_a_repeat_is_only_a_reorder(document: Document, random: Any) -> None:
    shuffled = Document(document.form, document.edition, document.body_type, _copy(document.values))
    files = shuffled.values["files"]
    random.shuffle(files)
    for file in files:
        random.shuffle(file.get("II.file.4.itaku", []))
    changes = diff(document, shuffled)
    assert {c.kind for c in changes.changes} <= {"reordered"}
    assert all(not c.important for c in changes.changes)
    moved = [f["id"] for f in document.values["files"]] != [f["id"] for f in files]
    assert moved == any(c.path == "II.file" for c in changes.changes)
    assert snapshot(apply_changes(document, changes), FULL) == snapshot(shuffled, FULL)


def _copy(values: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(values)


SUMMARY_INPUT = {"purpose": "目的", "schedule": [{"when": "R8年3月", "content": "提出"}]}


@settings(max_examples=100, deadline=None)
@given(DOCUMENTS, DOCUMENTS)
def test_rows_and_summary_are_built_for_any_revision(old: Document, new: Document) -> None:
    changes = diff(old, new)
    rows = change_rows(changes, old, new, date(2026, 4, 1))
    assert len(rows) == len(changes.changes)
    content = build_summary(old, new, SUMMARY_INPUT, changes=changes)
    assert bool(content.blocks) == bool(changes.changes)
    assert summary_to_markdown(content).startswith("# ")

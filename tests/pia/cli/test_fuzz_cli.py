"""Fuzzing the CLI and the document loader (issue 13, finding 10).

The CLI: ``PIA_FUZZ_RUNS`` (default 60) seeded runs of ``pia validate/show/diff/changes/summary/
render/threshold/plan/deadlines/gate`` over mutated copies of the examples (``fuzz_support``): no
traceback, no exit code outside 0/1/2, never the generic 「予期しない問題が発生しました」, and no
run over 5 s (a guard on the run's CPU time — SIGPROF, with a wall-clock SIGALRM backstop —, not
a measured assertion; the inputs are at most 1 MB). Set
``PIA_FUZZ_RUNS=5000`` (and ``PIA_FUZZ_SEED``) for a longer search.

The loader and the core under it (Hypothesis): any text is a Document or a DocumentError; any
JSON-shaped values under real item ids validate, print and compare without another exception.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fuzz_support import LIMIT_SECONDS, search
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia.changes import DiffError, diff
from pia.document import Document, DocumentError, load_document, loads_json, loads_yaml
from pia.forms import get_form
from pia.render import RenderError, print_model
from pia.rules.validation import check

RUNS = int(os.environ.get("PIA_FUZZ_RUNS", "60"))
SEED = int(os.environ.get("PIA_FUZZ_SEED", "13"))
V2 = Path(__file__).resolve().parents[3] / "examples" / "jumin-kihon-daicho-v2.yaml"


def test_the_cli_survives_mutated_inputs(tmp_path: Path) -> None:
    problems = []
    for outcome, _files in search(RUNS, SEED, tmp_path, pdf=True):
        if outcome.problem:
            problems.append(f"pia {' '.join(outcome.argv)}\n{outcome.problem[-2000:]}")
    assert not problems, f"{len(problems)} of {RUNS} runs failed (limit {LIMIT_SECONDS} s):\n\n" + "\n\n".join(
        problems[:3]
    )


# --- the loader and the core under it ------------------------------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
YAMLISH = st.text(alphabet=st.sampled_from([*list("ab:- \n\t[]{},'\"&*!?|>#%@`\\0123.~"), "\x00", "é", "評"]))


@settings(max_examples=300, deadline=None)
@given(st.one_of(YAMLISH, st.text()))
def test_any_text_is_a_document_or_a_document_error(text: str) -> None:
    for loads in (loads_yaml, loads_json):
        outcome = _loaded_or_refused(loads, text)
        if isinstance(outcome, DocumentError):
            assert str(outcome).startswith("文書: ")
        else:
            assert isinstance(outcome, Document)


def _loaded_or_refused(loads: Callable[[str], Document], text: str) -> Document | DocumentError:
    try:
        return loads(text)
    except DocumentError as exc:
        return exc


@settings(max_examples=150, deadline=None)
@given(JSONISH)
def test_any_json_shape_is_a_document_or_a_document_error(data: Any) -> None:
    top = {"form": "full", "edition": "平成30年5月", "values": data}
    for candidate in (data, top):
        with contextlib.suppress(DocumentError):
            loads_json(json.dumps(candidate))


FULL = get_form("full")
ITEM_IDS = [i.storage_key for i in FULL.walk() if i.kind.holds_value][:400]
VALUES = st.dictionaries(st.sampled_from(ITEM_IDS), JSONISH, max_size=6)
ELEMENTS = st.lists(st.dictionaries(st.sampled_from(["id", *ITEM_IDS]), JSONISH, max_size=4), max_size=3)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VALUES, ELEMENTS)
def test_any_values_validate_print_and_compare(values: dict[str, Any], files: list[Any]) -> None:
    """Whatever the values' shapes: findings (never an exception), a print model or a
    RenderError, a diff or a DiffError."""
    document = Document("full", "平成30年5月", "local", {**values, "files": files})
    for level in ("draft", "submit", "publish"):
        assert isinstance(check(document, level), list)
    base = load_document(V2)
    for public in (False, True):
        with contextlib.suppress(RenderError):
            print_model(document, previous=base, public=public)
    with contextlib.suppress(DiffError):
        diff(base, document)


@pytest.mark.parametrize("form", ["basic", "focused"])
def test_other_forms_take_any_values_too(form: str) -> None:
    """A fixed sample per form (the Hypothesis test above covers 様式4)."""
    template = get_form(form)
    odd: list[Any] = [None, [], {}, ["a"], [{"a": 1, "b": 2}], {"start": [1]}, 10**40, "\x00\x0b", True, 1.5]
    values = {item.storage_key: odd[n % len(odd)] for n, item in enumerate(template.walk()) if item.kind.holds_value}
    document = Document(form, template.edition, "local", values)
    assert isinstance(check(document, "submit"), list)
    with contextlib.suppress(RenderError):
        print_model(document, public=True)

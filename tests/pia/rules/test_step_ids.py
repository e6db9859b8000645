"""One code name per concept: the step 意見聴取 is ``consultation``. Files and options written with
the former id ``public_comment`` keep meaning the same step."""

from __future__ import annotations

from datetime import date

import pytest

from pia.changes.gate_records import read_records
from pia.rules import load_rules
from pia.rules.ruledata import current_step_id


@pytest.mark.parametrize(("given", "meant"), [("public_comment", "consultation"), ("consultation", "consultation")])
def test_a_former_step_id_means_the_current_one(given, meant):
    assert current_step_id(given) == meant
    step = load_rules().on(date(2026, 12, 1)).find_step(given)
    assert step is not None
    assert step.id == meant


def test_every_step_id_in_the_rules_is_current():
    ids = {s.id for s in load_rules().steps}
    assert "consultation" in ids
    assert "public_comment" not in ids


def test_a_records_file_written_with_the_former_id_is_read():
    records = read_records({"public_comment": {"open_until": "2026-12-31"}})
    assert records.consultation_open_until == date(2026, 12, 31)

"""Promised measures as controls: what the workbench's controls app needs from the core (ADR 0020).

The frequency a measure text suggests (``frequency``, phrases as data), when a check is due and
which periods went without one (``periods``), and the measure texts of a filled 評価書, found by
the form data (``measures``)."""

from pia.controls.frequency import (
    ControlDataError,
    Frequency,
    frequencies,
    frequency,
    frequency_choices,
    normalise,
    suggest_frequency,
)
from pia.controls.measures import Candidate, candidate_at, candidates, measure_items, split_sentences
from pia.controls.periods import Period, describe_period, is_overdue, missed_periods, next_due, period_of

__all__ = [
    "Candidate",
    "ControlDataError",
    "Frequency",
    "Period",
    "candidate_at",
    "candidates",
    "describe_period",
    "frequencies",
    "frequency",
    "frequency_choices",
    "is_overdue",
    "measure_items",
    "missed_periods",
    "next_due",
    "normalise",
    "period_of",
    "split_sentences",
    "suggest_frequency",
]

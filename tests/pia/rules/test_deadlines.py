from __future__ import annotations

from datetime import date

import pytest

from pia.document import Document
from pia.forms import FORM_KINDS, get_form
from pia.rules.deadlines import Deadline, DeadlineError, compute_deadlines, publication_date

PUBLISHED = date(2021, 3, 31)


def by_code(items: list[Deadline]) -> dict[str, Deadline]:
    return {d.code: d for d in items}


def test_five_year_reassessment_and_yearly_review_are_effort_duties_from_publication() -> None:
    items = by_code(compute_deadlines(PUBLISHED, on=date(2021, 4, 1)))
    assert items["deadline.reassessment"].due == date(2026, 3, 31)
    assert items["deadline.review"].due == date(2022, 3, 31)
    assert "努力義務" in items["deadline.reassessment"].message
    assert set(items) == {"deadline.reassessment", "deadline.review"}


def test_the_due_day_itself_is_not_overdue_the_next_day_is() -> None:
    on_due = by_code(compute_deadlines(PUBLISHED, on=date(2026, 3, 31)))["deadline.reassessment"]
    assert on_due.state == "due_soon"
    assert on_due.days_left == 0
    after = by_code(compute_deadlines(PUBLISHED, on=date(2026, 4, 1)))["deadline.reassessment"]
    assert after.overdue
    assert after.days_left == -1
    assert "1日過ぎています" in after.message


def test_due_soon_within_90_days() -> None:
    items = by_code(compute_deadlines(PUBLISHED, on=date(2026, 1, 1)))
    assert items["deadline.reassessment"].state == "due_soon"
    assert by_code(compute_deadlines(PUBLISHED, on=date(2025, 12, 1)))["deadline.reassessment"].state == "open"


def test_overdue_items_come_first() -> None:
    by_due = compute_deadlines(PUBLISHED, on=date(2025, 12, 1), reviewed=date(2025, 6, 1))
    assert [d.code for d in by_due] == ["deadline.reassessment", "deadline.review"]  # earliest due first
    overdue_first = compute_deadlines(PUBLISHED, on=date(2026, 6, 1), reviewed=date(2026, 1, 1))
    assert [d.code for d in overdue_first] == ["deadline.reassessment", "deadline.review"]
    assert overdue_first[0].overdue
    assert not overdue_first[1].overdue


def test_review_counts_from_the_last_review_when_given() -> None:
    review = by_code(compute_deadlines(PUBLISHED, on=date(2025, 12, 1), reviewed=date(2025, 6, 1)))["deadline.review"]
    assert review.due == date(2026, 6, 1)
    assert not review.overdue
    assert "前回の見直し" in review.message


def test_leap_day_publication_is_due_on_28_february() -> None:
    items = by_code(compute_deadlines(date(2020, 2, 29), on=date(2020, 3, 1)))
    assert items["deadline.reassessment"].due == date(2025, 2, 28)
    assert items["deadline.review"].due == date(2021, 2, 28)


def test_after_the_jimu_ends_only_retention_remains() -> None:
    (retention,) = compute_deadlines(PUBLISHED, on=date(2026, 5, 1), ended=date(2026, 3, 31))
    assert retention.code == "deadline.retention"
    assert retention.due == date(2029, 3, 31)
    assert retention.state == "publishing"
    assert "【令和8年3月31日 終了】" in retention.message


def test_retention_period_over() -> None:
    (retention,) = compute_deadlines(PUBLISHED, on=date(2029, 4, 1), ended=date(2026, 3, 31))
    assert retention.state == "may_withdraw"
    assert not retention.overdue


def test_a_future_end_keeps_the_other_deadlines() -> None:
    items = by_code(compute_deadlines(PUBLISHED, on=date(2025, 12, 1), ended=date(2026, 3, 31)))
    assert set(items) == {"deadline.reassessment", "deadline.review", "deadline.retention"}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"cover.publication_date": "令和3年3月31日"}, date(2021, 3, 31)),
        ({"cover.publication_date": "2021-03-31"}, date(2021, 3, 31)),
        ({"cover.publication_date": date(2021, 3, 31)}, date(2021, 3, 31)),
    ],
)
@pytest.mark.parametrize("form", FORM_KINDS)
def test_publication_date_is_read_from_the_cover(form: str, values: dict[str, object], expected: date) -> None:
    assert publication_date(document(form, values)) == expected


def document(form: str, values: dict[str, object]) -> Document:
    return Document(form, get_form(form).edition, "local", values)


@pytest.mark.parametrize("form", FORM_KINDS)
def test_missing_or_bad_publication_date_is_explained(form: str) -> None:
    with pytest.raises(DeadlineError, match=r"公表日\(cover\.publication_date\)が入力されていない"):
        publication_date(document(form, {}))
    with pytest.raises(DeadlineError, match="日付として読めません"):
        publication_date(document(form, {"cover.publication_date": "令和3年2月30日"}))

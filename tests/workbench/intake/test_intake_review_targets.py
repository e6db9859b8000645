"""Which item the review screen offers first for a fragment it could not place."""

import pytest

from workbench.intake.review import Target, default_target

TARGETS = [Target(p, p) for p in ("I.1", "II.30.1", "II.3.2", "II.3[#a].5", "III.1")]


@pytest.mark.parametrize(
    ("near", "expected"),
    [
        ("II.3.2", "II.3.2"),  # a text item it followed
        ("II.3.9", "II.3.2"),  # a sibling: the first text item of the same group
        ("II.30.7", "II.30.1"),
        ("II.3[#a].9", "II.3[#a].5"),
        ("IV.1", "I.1"),  # nothing of its group: the first text item
        ("", "I.1"),
    ],
)
def test_the_first_offer_stays_within_the_fragments_group(near, expected):
    assert default_target(near, TARGETS) == expected


def test_a_prefix_that_is_only_the_start_of_another_number_is_not_its_group():
    assert default_target("II.3.9", [Target("II.30.1", ""), Target("II.3.2", "")]) == "II.3.2"


def test_no_text_items_offers_nothing():
    assert default_target("II.3.9", []) == ""

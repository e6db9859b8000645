"""Beyond the items: comments (masked body and answer, never the submitter's personal data),
第三者点検 remarks (only for the readers of their round), the 委託先 register (not for a member
who is only 第三者点検委員); each updated when written, and the rebuild makes them again."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from conftest import assign_reviewer, make_user
from django.core.management import call_command
from django.urls import reverse

from workbench.consultation.models import Comment, Consultation
from workbench.contractors.models import Contract, Contractor
from workbench.reviews.models import Remark
from workbench.search.models import Entry, Source
from workbench.search.service import search
from workbench.search.text import parse_query

pytestmark = pytest.mark.django_db


def found(user, query: str) -> set[tuple[str, str]]:
    return {(hit.entry.source, hit.entry.label) for hit in search(user, parse_query(query)).hits}


def sources(user, query: str) -> set[str]:
    return {source for source, _ in found(user, query)}


@pytest.fixture
def comment(assessment, people):
    consultation = Consultation.objects.create(
        version=assessment.latest_version(),
        organization=assessment.organization,
        title="住基の意見募集",
        opens_on=date(2026, 1, 6),
        closes_on=date(2026, 2, 4),
        contact="総務課",
        created_by=people["admin"],
    )
    return Comment.objects.create(
        consultation=consultation,
        receipt="R-0001",
        name="山田花子",
        address="熊本市中央区手取本町1-1",
        phone="096-000-0000",
        body="私は山田花子です。生体認証の導入を検討してください。",
        masks=["山田花子"],
    )


def test_a_comment_is_found_by_its_masked_body(people, comment):
    assert sources(people["viewer"], "生体認証") == {Source.COMMENT}
    (label,) = {label for _, label in found(people["viewer"], "生体認証")}
    assert "受付番号R-0001" in label


@pytest.mark.parametrize("query", ["山田花子", "手取本町", "096"])
def test_personal_data_of_a_comment_is_never_indexed(people, comment, query):
    assert Source.COMMENT not in sources(people["admin"], query)


def test_an_answer_and_a_new_mask_update_the_comment_rows(people, comment):
    comment.answer = "次期システムで検討します。"
    comment.masks = ["山田花子", "生体認証"]
    comment.save()
    assert not found(people["viewer"], "生体認証")
    labels = {label for _, label in found(people["viewer"], "次期システム")}
    assert labels == {"住基の意見募集 意見 受付番号R-0001(該当箇所:全般)への市の考え方"}


def test_comments_of_another_organisation_are_not_found(comment, outsider):
    assert not found(outsider, "生体認証")


@pytest.fixture
def remark(assessment, people, reviewing):
    return Remark.objects.create(
        round=reviewing, path="", text="監査証跡の保存期間を明記すること", author=people["reviewer"]
    )


def test_a_remark_is_found_by_the_readers_of_its_round(people, remark):
    assert sources(people["viewer"], "監査証跡") == {Source.REMARK}
    assert sources(people["reviewer"], "監査証跡") == {Source.REMARK}
    hit = search(people["viewer"], parse_query("監査証跡")).hits[0]
    assert hit.entry.url == reverse("review_round", args=[remark.round.pk])


def test_a_reviewer_does_not_find_the_remarks_of_a_round_they_are_not_on(org, people, assessment, remark):
    other_reviewer = make_user("reviewer2", org, "reviewer")
    assign_reviewer(assessment.latest_version(), other_reviewer)
    assert found(other_reviewer, "委託")  # they see the 評価書 …
    assert not found(other_reviewer, "監査証跡")  # … but not the remarks of another round


def test_the_register_is_found_and_follows_edits(org, people):
    contractor = Contractor.objects.create(organization=org, name="株式会社ﾎｸﾄ計算", address="熊本市東区")
    Contract.objects.create(
        organization=org, contractor=contractor, name="住基システム保守", notes="暗号化装置の保守を含む"
    )
    assert sources(people["viewer"], "ホクト") == {Source.CONTRACTOR}
    assert sources(people["viewer"], "暗号化装置") == {Source.CONTRACT}
    contractor.name = "株式会社南風計算"
    contractor.save()
    assert not found(people["viewer"], "ホクト")
    assert sources(people["viewer"], "南風") == {Source.CONTRACTOR}


def test_the_register_is_not_for_a_member_who_is_only_reviewer(org, people, reviewing):
    Contractor.objects.create(organization=org, name="株式会社ﾎｸﾄ計算")
    assert not found(people["reviewer"], "ホクト")


def test_the_rebuild_keeps_every_source(org, people, comment, remark):
    Contractor.objects.create(organization=org, name="株式会社ﾎｸﾄ計算")
    before = sorted(Entry.objects.values_list("source", "label", "text"))
    Entry.objects.all().delete()
    call_command("rebuild_search_index", stdout=StringIO())
    assert sorted(Entry.objects.values_list("source", "label", "text")) == before
    assert {Source.COMMENT, Source.REMARK, Source.CONTRACTOR, Source.DRAFT} <= {s for s, _, _ in before}

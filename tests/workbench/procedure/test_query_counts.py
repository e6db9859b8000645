"""Query-count baselines of the main pages, on data like the demo's: a 公表版 (the v1 example)
with its 改訂案 (the v2 example) out for comments, three comments, a 第三者点検 round with a
remark, and the /kohyo/ pages of the published edition.

Each baseline is the number of queries the page made when it was set. A page that queries more
fails here: a rise must be justified in the commit that raises its number (a new panel that
needs its data), never accepted as noise — the usual cause is a query per row (an N+1). Fewer
queries are always welcome: lower the number with the change. Each page is requested once
before it is counted, so caches filled on first use (content types, sessions) do not count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from conftest import assign_reviewer, example, open_for_comment
from django.urls import reverse

pytestmark = pytest.mark.django_db

COMMENTS = (
    "委託先の監督について説明してください。",
    "保存期間の根拠を教えてください。",
    "再委託の許諾方法を明記してください。",
)
REMARK = "委託先の監督方法を具体的に記載してください。"
# page → who asks (None: the public), at most how many queries, and a text that shows the page
# got its data
BASELINES = {
    # 13: the last 見直し of every 評価書, one query (ADR 0020); 15: the follow-ups of the register
    # (委託契約 still 予定) and of the controls (their active controls), one query each
    "dashboard": ("author", 15, "公表中の版"),
    "assessment_detail": ("author", 38, "第1回保存"),
    "editor": ("author", 13, "住基 全項目評価書"),
    "editor_section_II": ("author", 13, "委託事項"),
    "history": ("author", 12, "第1回保存"),
    "compare": ("author", 17, "判定"),
    "consultation_staff": ("admin", 9, COMMENTS[0]),
    "iken_list": (None, 1, "住基 全項目評価書"),
    "iken_detail": (None, 1, "住基 全項目評価書"),
    "review_round": ("reviewer", 12, REMARK),
    "publication_index": (None, 1, "熊本市"),
    "publication_org": (None, 2, "住基 全項目評価書"),
}


@dataclass(frozen=True)
class Site:
    assessment: object
    consultation: object
    round_: object
    organization: object

    def url(self, page: str) -> str:
        pk = self.assessment.pk
        urls = {
            "dashboard": reverse("dashboard"),
            "assessment_detail": reverse("assessment_detail", args=[pk]),
            "editor": reverse("editor", args=[pk]),
            "editor_section_II": reverse("editor", args=[pk]) + "?section=II",
            "history": reverse("history", args=[pk]),
            "compare": reverse("compare", args=[pk]) + "?old=1&new=2",
            "consultation_staff": reverse("consultation_staff", args=[self.consultation.pk]),
            "iken_list": reverse("iken_list"),
            "iken_detail": reverse("iken_detail", args=[self.consultation.pk]),
            "review_round": reverse("review_round", args=[self.round_.pk]),
            "publication_index": reverse("publication_index"),
            "publication_org": reverse("publication_org", args=[self.organization.pk]),
        }
        return urls[page]


@pytest.fixture
def site(jimu, org, people) -> Site:
    from workbench import clock
    from workbench.assessments.actions import create_assessment, save_version
    from workbench.assessments.models import Status
    from workbench.consultation.actions import Submission, submit_comment
    from workbench.procedure.actions import seed_status
    from workbench.reviews.actions import add_remark

    author = people["author"]
    published = example("jumin-kihon-daicho-v1.yaml")
    assessment = create_assessment(jimu, "full", "住基 全項目評価書", published, user=author)
    seed_status(assessment.versions.get(), Status.PUBLISHED)
    draft = save_version(assessment, example("jumin-kihon-daicho-v2.yaml"), base_number=1, user=author)
    today = clock.today()
    consultation = open_for_comment(
        draft,
        people,
        opens_on=today,
        closes_on=today + timedelta(days=40),
        contact="熊本市 情報政策課",
        purpose="住民基本台帳に関する事務の特定個人情報保護評価の再実施につき、意見を求めます。",
    )
    for n, body in enumerate(COMMENTS):
        submit_comment(consultation, Submission(f"熊本 {n}", "熊本市中央区", "", "", "II", body))
    round_ = assign_reviewer(draft, people["reviewer"])
    add_remark(round_, "II", REMARK, user=people["reviewer"])
    return Site(assessment, consultation, round_, org)


@pytest.mark.parametrize("page", BASELINES)
def test_the_page_makes_no_more_queries_than_its_baseline(page, site, people, client, django_assert_max_num_queries):
    role, baseline, shows = BASELINES[page]
    if role is not None:
        client.force_login(people[role])
    url = site.url(page)
    assert client.get(url).status_code == 200  # first use: caches filled
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.status_code == 200
    assert shows in response.content.decode()

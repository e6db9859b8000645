"""The public 委託先 list that ⑤委託先名の確認方法 promises: for anyone, from the register, only the
委託事項 of the 公表中の版 under their published names, 「未定」 in the 評価書's words while the
contract is 予定, nothing internal, and never a 委託先名 the form withholds."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from pia.forms.model import FormTemplate
from workbench.assessments.models import Status
from workbench.contractors import actions
from workbench.contractors.models import Contract, Contractor, ContractStatus

pytestmark = pytest.mark.django_db

CENTER_NAME = "熊本市マイナンバーカードセンター等運営業務委託"


@pytest.fixture
def published(assessment, people):
    """The seed 評価書 published (its version 1), and its 委託事項 read into the register."""
    revision = assessment.revisions.get()
    revision.status = Status.PUBLISHED
    revision.published_on = date(2026, 4, 1)
    revision.published_version = assessment.versions.get(number=1)
    revision.save()
    actions.import_from_assessment(assessment, user=people["author"])
    return assessment


def _page(client, org):
    response = client.get(reverse("public_contractors", args=[org.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_reads_the_published_entrustments_and_their_contractors(client, published, org):
    html = _page(client, org)
    assert "九州情報ネットワーク株式会社" in html
    assert "株式会社肥後システムサービス" in html
    assert CENTER_NAME in html
    assert "未定(令和8年3月頃契約締結予定)" in html  # the 評価書's words while 予定
    assert "更新日:令和" in html
    assert "委託事項と委託先(4件)" in html


def test_nothing_internal_is_shown(client, published, org):
    contractor = Contractor.objects.get(name="株式会社肥後システムサービス")
    contractor.corporate_number, contractor.address, contractor.notes = (
        "7999901000001",
        "熊本市中央区○○町1-1",
        "社内メモ",
    )
    contractor.contact_person, contractor.phone = "担当太郎", "096-000-0000"
    contractor.save()
    html = _page(client, org)
    for internal in ("7999901000001", "熊本市中央区○○町1-1", "社内メモ", "担当太郎", "096-000-0000"):
        assert internal not in html


def test_a_signed_contract_shows_its_contractor_and_term_and_an_ended_one_is_not_listed(client, published, org, people):
    center = Contract.objects.get(name=CENTER_NAME)
    center.contractor = Contractor.objects.create(organization=org, name="株式会社センター運営")
    center.status, center.starts_on, center.ends_on = ContractStatus.SIGNED, date(2026, 4, 1), date(2029, 3, 31)
    center.save()
    html = _page(client, org)
    assert "株式会社センター運営" in html
    assert "令和8年4月1日～令和11年3月31日" in html
    center.status = ContractStatus.ENDED
    center.save()
    assert CENTER_NAME not in _page(client, org)


def test_only_the_current_published_save_counts(client, assessment, org, people):
    actions.import_from_assessment(assessment, user=people["author"])  # linked, but nothing published
    assert "掲載している委託先はありません" in _page(client, org)


def test_a_withheld_contractor_name_is_never_listed(client, published, org, monkeypatch):
    monkeypatch.setattr(FormTemplate, "is_withheld", lambda self, item_id: item_id.endswith(".6"))
    html = _page(client, org)
    assert "九州情報ネットワーク株式会社" not in html
    assert "掲載している委託先はありません" in html


def test_the_publication_page_links_to_the_list_and_an_unknown_body_is_404(client, published, org):
    page = client.get(reverse("publication_org", args=[org.pk])).content.decode()
    assert reverse("public_contractors", args=[org.pk]) in page
    assert client.get(reverse("public_contractors", args=[org.pk + 999])).status_code == 404

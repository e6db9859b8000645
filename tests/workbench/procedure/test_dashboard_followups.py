"""The dashboard's follow-ups: the 委託契約 still 予定 (the 評価書 says 未定) with their expected
date, and the promised checks that need attention, each linking to its page; only the user's own
organisations'."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from workbench.contractors import actions as register
from workbench.controls import actions as controls
from workbench.controls.actions import ControlFields

pytestmark = pytest.mark.django_db

MEASURE = "III.file[#honnin].4.other[#card-center-risks].risks[#risk-1].measure"
PROMISE = "仕様書どおりの履行となっているか月に一度、現場確認を行う。"


@pytest.fixture
def followed(assessment, people, freeze_clock):
    freeze_clock("2026-12-07T10:00:00+09:00")
    register.import_from_assessment(assessment, user=people["author"])
    fields = ControlFields(MEASURE, PROMISE, "現場確認(月1回)", people["author"], "monthly", date(2026, 9, 7))
    control = controls.create_control(assessment, fields, user=people["author"])
    controls.record_check(control, checked_on=date(2026, 10, 10), result="ok", user=people["author"])
    return control


def test_the_dashboard_lists_the_mitei_contract_and_the_overdue_check(client, followed, people):
    client.force_login(people["viewer"])
    html = client.get(reverse("dashboard")).content.decode()
    assert "フォローアップ" in html
    assert "委託先の未定" in html
    assert "熊本市マイナンバーカードセンター等運営業務委託" in html
    assert "未定(令和8年3月頃契約締結予定)" in html
    assert "約束した措置" in html
    assert "「現場確認(月1回)」(住基 全項目評価書):確認の期限を過ぎています" in html
    assert reverse("control_detail", args=[followed.pk]) in html
    # both overdue, the earlier due first: the contract (令和8年3月31日) before the check (11月30日)
    assert html.index("熊本市マイナンバーカードセンター") < html.index("現場確認(月1回)")
    assert html.count("期限超過") >= 2


def test_another_organisation_sees_none_of_them(client, followed, outsider):
    client.force_login(outsider)
    html = client.get(reverse("dashboard")).content.decode()
    assert "フォローアップ" not in html
    assert "現場確認" not in html

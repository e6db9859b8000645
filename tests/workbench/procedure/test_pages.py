"""Dashboard, しきい値判断, history/compare, downloads and the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workbench.assessments import actions
from workbench.assessments.models import Assessment, Status
from workbench.audit.models import AuditEvent
from workbench.procedure import actions as procedure_actions

pytestmark = pytest.mark.django_db


def test_dashboard_lists_level_status_version_and_publication_in_wareki(client, assessment, people):
    procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)
    client.force_login(people["viewer"])
    html = client.get(reverse("dashboard")).content.decode()
    assert "全項目評価書" in html
    assert "公表中の版(令和3年3月31日公表)" in html
    assert "第1回保存" in html
    published = assessment.versions.get().content["values"]["cover.publication_date"]
    assert "令和" in html
    assert published in html
    assert "見直し" in html or "再実施" in html or "期限" in html


def test_threshold_page_shows_the_core_result_with_reasons(client, people):
    client.force_login(people["author"])
    html = client.get(reverse("threshold"), {"subjects": "400000", "handlers": "600"}).content.decode()
    assert "基礎項目評価及び全項目評価の実施が義務付けられる" in html
    assert "30万人以上" in html
    assert "根拠" in html
    assert "評価書を作成する" in html


def test_threshold_errors_are_japanese(client, people):
    client.force_login(people["author"])
    html = client.get(reverse("threshold"), {"subjects": "たくさん", "handlers": "", "on": "令和7年13月1日"}).content
    text = html.decode()
    assert "人数は0以上の整数" in text
    assert "日付が正しくありません" in text


def test_threshold_creates_the_required_assessments(client, org, people):
    client.force_login(people["author"])
    response = client.post(
        reverse("threshold_create"),
        {"organization": org.pk, "jimu_name": "新規の事務", "forms_to_create": ["basic", "full"]},
    )
    assert response.status_code == 302
    assert sorted(Assessment.objects.filter(jimu__name="新規の事務").values_list("form", flat=True)) == [
        "basic",
        "full",
    ]


def test_viewers_cannot_create_from_the_threshold_page(client, org, people):
    client.force_login(people["viewer"])
    client.post(reverse("threshold_create"), {"organization": org.pk, "jimu_name": "x", "forms_to_create": ["basic"]})
    assert not Assessment.objects.filter(jimu__name="x").exists()


def test_compare_shows_changes_and_the_verdict(client, assessment, people):
    from conftest import example

    actions.save_version(assessment, example("jumin-kihon-daicho-v1.yaml"), base_number=1, user=people["author"])
    client.force_login(people["viewer"])
    html = client.get(reverse("compare", args=[assessment.pk]), {"old": 1, "new": 2}).content.decode()
    assert "判定:" in html
    assert "重要な変更" in html or "修正" in html
    assert "<ins>" in html or "<del>" in html


def _renamed(version, name: str = "住基 全項目評価書(改)"):
    document = version.document()
    document.values["cover.name"] = name
    return document


def test_compare_of_identical_saves_has_no_changes(client, assessment, people):
    client.force_login(people["viewer"])
    html = client.get(reverse("compare", args=[assessment.pk]), {"old": 1, "new": 1}).content.decode()
    assert "違いはありません" in html
    assert "修正" in html


def test_compare_defaults_to_the_published_edition_against_the_latest_save(client, assessment, people):
    """Not the previous save (issue 12): after two saves of the 改訂案 both changes are listed."""
    published = procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)
    second = actions.save_version(assessment, _renamed(published), base_number=1, user=people["author"])
    document = _renamed(second)
    document.values["cover.agency"] = "熊本市長(改)"
    actions.save_version(assessment, document, base_number=2, user=people["author"])
    client.force_login(people["viewer"])
    html = client.get(reverse("compare", args=[assessment.pk])).content.decode()
    assert "比較:公表中の版(令和3年3月31日)から改訂案" in html
    assert "住基 全項目評価書(改)" in html
    assert "熊本市長(改)" in html
    assert "選んだ2つの保存を比べています" not in html
    html = client.get(reverse("compare", args=[assessment.pk]), {"old": 2, "new": 3}).content.decode()
    assert "選んだ2つの保存を比べています" in html
    assert "住基 全項目評価書(改)" not in html


def test_history_lists_revisions_and_saves_with_author(client, assessment, people):
    procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)
    actions.save_version(assessment, _renamed(assessment.versions.get()), base_number=1, user=people["admin"])
    client.force_login(people["viewer"])
    html = client.get(reverse("history", args=[assessment.pk])).content.decode()
    assert "公表中の版(令和3年3月31日公表)" in html
    assert "改訂案(保存1回)" in html
    assert "第1回保存" in html
    assert "第2回保存" in html
    assert "admin" in html
    assert "author" in html
    assert 'value="1" id="old-1" checked' in html
    assert 'value="2" id="new-2" checked' in html


def test_downloads_are_audited(client, assessment, people):
    client.force_login(people["viewer"])
    response = client.get(reverse("download", args=[assessment.pk, 1, "json"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="download", actor=people["viewer"]).exists()
    assert client.get(reverse("download", args=[assessment.pk, 1, "nope"])).status_code == 404


@pytest.mark.parametrize(
    ("key", "name"),
    [("pdf", "住基 全項目評価書_評価書案_第1回保存.pdf"), ("pdf-changes", "住基 全項目評価書_評価書案_赤字.pdf")],
)
def test_downloads_are_named_after_the_assessment_in_japanese(client, assessment, people, key, name):
    from urllib.parse import quote

    client.force_login(people["viewer"])
    header = client.get(reverse("download", args=[assessment.pk, 1, key]))["Content-Disposition"]
    assert header.startswith("attachment")
    assert f"filename*=utf-8''{quote(name)}" in header


def test_file_names_are_safe_on_windows_file_servers():
    from workbench.responses import safe_name

    assert safe_name('住基/全項目:評価書?"案"') == "住基_全項目_評価書__案_"
    assert safe_name(" . ") == "file"
    assert len(safe_name("長" * 200)) == 80


def test_audit_log_filters_and_scopes(client, assessment, other_assessment, people):
    client.force_login(people["admin"])
    html = client.get(reverse("audit_log"), {"action": "assessment.create"}).content.decode()
    assert "住基 全項目評価書" in html
    assert "デモ町" not in html
    assert "事務の登録" not in html.split("<tbody>")[1]
    client.force_login(people["viewer"])
    html = client.get(reverse("audit_log")).content.decode()
    assert "住基 全項目評価書" not in html


def test_transition_page_reports_blocking_findings(client, blank_assessment, people):
    procedure_actions.transition(blank_assessment.versions.get(), Status.INTERNAL_REVIEW, user=people["author"])
    client.force_login(people["approver"])
    html = client.get(reverse("assessment_detail", args=[blank_assessment.pk])).content.decode()
    assert "要修正の指摘が" in html
    assert "まだ実施できません" in html
    response = client.post(
        reverse("transition", args=[blank_assessment.pk, 1]), {"target": "approval_request"}, follow=True
    )
    assert "件の要修正の指摘があるため" in response.content.decode()


@pytest.mark.parametrize(
    ("key", "magic"),
    [("pdf-changes", b"%PDF"), ("xlsx", b"PK"), ("docx", b"PK"), ("changes-xlsx", b"PK"), ("summary-pdf", b"%PDF")],
)
def test_rendered_downloads_come_from_the_core(client, assessment, people, key, magic):
    from conftest import example

    actions.save_version(assessment, example("jumin-kihon-daicho-v1.yaml"), base_number=1, user=people["author"])
    client.force_login(people["viewer"])
    response = client.get(reverse("download", args=[assessment.pk, 2, key]), {"old": 1})
    assert response.status_code == 200
    assert magic in response.content[:400]


def test_dashboard_lists_jimu_without_assessments(client, org, people):
    actions.create_jimu(org, "評価書のない事務", user=people["author"])
    client.force_login(people["viewer"])
    html = client.get(reverse("dashboard")).content.decode()
    assert "評価書がまだない事務" in html
    assert "評価書のない事務" in html


def test_assessment_page_offers_consultation_and_review_to_their_roles_only(client, assessment, people):
    """The 意見募集 is the step 意見聴取を開始する (管理者・承認者); a review round is started by editors."""
    url = reverse("assessment_detail", args=[assessment.pk])
    procedure_actions.transition(assessment.versions.get(), Status.INTERNAL_REVIEW, user=people["author"])
    client.force_login(people["approver"])
    assert reverse("consultation_open", args=[assessment.pk, 1]) in client.get(url).content.decode()
    client.force_login(people["author"])
    html = client.get(url).content.decode()
    assert reverse("consultation_open", args=[assessment.pk, 1]) not in html
    assert reverse("review_start", args=[assessment.pk, 1]) in html
    client.force_login(people["viewer"])
    html = client.get(url).content.decode()
    assert reverse("consultation_open", args=[assessment.pk, 1]) not in html
    assert reverse("review_start", args=[assessment.pk, 1]) not in html


def test_menu_links_to_consultations_and_reviews(client, people):
    client.force_login(people["viewer"])
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("consultation_list") in html
    assert reverse("review_list") in html


def test_every_audited_action_has_a_japanese_label():
    """The audit log shows each action by its label: every action the code records has one."""
    import re

    from conftest import ROOT

    from workbench.audit.models import ACTION_LABELS

    source = ROOT / "src" / "workbench"
    recorded = set()
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        recorded |= set(re.findall(r'record\(\s*[^,]+,\s*"([a-z_.]+)"', text))
    assert recorded
    assert recorded <= set(ACTION_LABELS), sorted(recorded - set(ACTION_LABELS))

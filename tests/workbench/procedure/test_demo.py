"""The demo loader: idempotent, same password on every run, people and 評価書 as documented."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from workbench.assessments.models import Assessment, Jimu, Status, Version
from workbench.audit.models import AuditEvent
from workbench.organizations.models import Membership, Organization
from workbench.procedure.demo import demo_password, load_demo

pytestmark = pytest.mark.django_db

COUNTED = (Organization, Membership, Jimu, Assessment, Version, AuditEvent)


def _counts():
    return {model.__name__: model.objects.count() for model in (*COUNTED, get_user_model())}


def test_loading_twice_creates_nothing_new(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    first = load_demo()
    assert first.created
    counts = _counts()
    second = load_demo()
    assert second.created == []
    assert _counts() == counts


def test_demo_people_and_roles(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    load_demo()
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {
        "kanri": "admin",
        "sakusei": "author",
        "shonin": "approver",
        "etsuran": "viewer",
        "tenken": "reviewer",
        "other": "admin",
    }
    assert get_user_model().objects.get(username="sakusei").check_password("demo-pass-123")
    assert Membership.objects.get(user__username="other").organization.name != "熊本市"


def test_the_juki_assessment_has_v1_published_and_v2_out_for_comments(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    load_demo()
    assessment = Assessment.objects.filter(form="full", jimu__organization__name="熊本市").first()
    assert assessment is not None
    assert list(assessment.versions.values_list("number", "revision__number", "revision__status")) == [
        (1, 1, Status.PUBLISHED),  # the 公表版
        (2, 2, Status.CONSULTATION),  # its 改訂案, out for comments
    ]
    published, draft = assessment.revisions.order_by("number")
    assert draft.base == published
    assert published.is_current
    assert published.published_on is not None
    assert published.published_on.isoformat() == published.published_version.content["values"]["cover.publication_date"]


def test_the_generated_password_is_kept_for_the_next_run(monkeypatch, tmp_path):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    monkeypatch.setattr("workbench.runtime.VAR_DIR", tmp_path)
    first = demo_password()
    assert len(first) >= 10
    assert demo_password() == first
    assert (tmp_path / "demo_password").exists()


def test_the_command_prints_the_login_instructions(monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "kanri" in out
    assert "demo-pass-123" in out
    assert "読み込み済み" in out

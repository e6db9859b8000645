"""pytest-django setup for the workbench. The core tests (tests/pia) never need Django."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import django
import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
os.environ.setdefault("PIA_VAR_DIR", tempfile.mkdtemp(prefix="pia-test-var-"))
django.setup()  # pytest-django configures Django only when the settings are known at start-up

ROOT = Path(__file__).resolve().parents[2]  # the repository (the test packages below import it)
EXAMPLES = ROOT / "examples"
ROLES = ("admin", "author", "approver", "viewer", "reviewer")


@pytest.fixture(scope="session", autouse=True)
def _close_connection_pools(django_db_setup, django_db_blocker):
    """Close PostgreSQL connection pools before the test database is dropped (the live
    server of the browser tests leaves pooled connections open otherwise)."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor == "postgresql" and hasattr(connection, "close_pool"):
                connection.close()  # return the checked-out connection first
                connection.close_pool()


# Tables written while serving a request outside our actions: the session, the last login and
# password of Django's own auth views, django-axes' login attempts, and the public comment
# form's throttle counters (``consultation/ratelimit.py``): bookkeeping, not content.
FRAMEWORK_TABLES = ("django_session", "auth_user", "axes_", "consultation_ratecounter")
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriteOutsideAction(AssertionError):
    """A view wrote to the database outside an action."""


@pytest.fixture(autouse=True)
def _views_write_only_through_actions(monkeypatch):
    """Every request a test makes fails if its view writes to a table of ours outside an action
    (``workbench.acting``); the Django admin is the operator's tool (audited by AuditedAdmin)."""
    from django.core.handlers.base import BaseHandler
    from django.db import connection

    from workbench.acting import in_action

    serving: list[str] = []
    original = BaseHandler.get_response

    def get_response(self, http_request):
        serving.append(http_request.path)
        try:
            return original(self, http_request)
        finally:
            serving.pop()

    def guard(execute, sql, params, many, context):
        if serving and not serving[-1].startswith("/admin/") and not in_action() and _writes_ours(sql):
            raise WriteOutsideAction(f"{serving[-1]} wrote outside an action: {sql[:200]}")
        return execute(sql, params, many, context)

    monkeypatch.setattr(BaseHandler, "get_response", get_response)
    with connection.execute_wrapper(guard):
        yield


def _writes_ours(sql: str) -> bool:
    words = sql.lstrip().split(None, 3)
    if not words or words[0].upper() not in WRITES:
        return False
    table = next((w for w in words[1:] if w.upper() not in ("INTO", "FROM", "OR", "IGNORE")), "").strip('"`')
    return not table.startswith(FRAMEWORK_TABLES)


@pytest.fixture
def freeze_clock(monkeypatch):
    """The one way tests set "now": ``freeze_clock("2026-11-20T10:00:00+09:00")`` (an aware ISO
    time) freezes ``workbench.clock`` (and so "today" in JST) until the test ends; call it again
    to move on."""
    from datetime import datetime

    from workbench import clock

    def freeze(iso: str) -> None:
        moment = datetime.fromisoformat(iso)
        monkeypatch.setattr(clock, "now", lambda: moment)

    return freeze


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def example(name: str):
    from pia.document import load_document

    return load_document(EXAMPLES / name)


@pytest.fixture
def org(db):
    from workbench.organizations.models import Organization

    return Organization.objects.create(name="熊本市", body_type="local")


@pytest.fixture
def other_org(db):
    from workbench.organizations.models import Organization

    return Organization.objects.create(name="デモ町", body_type="local")


def make_user(username: str, organization=None, *roles: str):
    from django.contrib.auth import get_user_model

    from workbench.organizations.models import Membership

    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-123")
    for role in roles:
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def people(org):
    """One user per role in 熊本市."""
    return {role: make_user(role, org, role) for role in ROLES}


@pytest.fixture
def outsider(other_org):
    return make_user("other", other_org, "admin", "author", "approver", "viewer", "reviewer")


@pytest.fixture
def jimu(org, people):
    from workbench.assessments.actions import create_jimu

    return create_jimu(org, "住民基本台帳に関する事務", user=people["author"])


@pytest.fixture
def assessment(jimu, people):
    """A 全項目評価書 with the 熊本市 住基 v2 example (complete at every level) as version 1."""
    from workbench.assessments.actions import create_assessment

    return create_assessment(
        jimu, "full", "住基 全項目評価書", example("jumin-kihon-daicho-v2.yaml"), user=people["author"]
    )


@pytest.fixture
def blank_assessment(jimu, people):
    """A 基礎項目評価書 created empty (skeleton)."""
    from workbench.assessments.actions import create_assessment

    return create_assessment(jimu, "basic", "住基 基礎項目評価書", user=people["author"])


@pytest.fixture
def other_assessment(other_org, outsider):
    from workbench.assessments.actions import create_assessment, create_jimu

    jimu = create_jimu(other_org, "デモ町の事務", user=outsider)
    return create_assessment(jimu, "basic", "デモ町 基礎項目評価書", user=outsider)


def assign_reviewer(version, reviewer):
    """An open 第三者点検 round on ``version`` with ``reviewer`` assigned: a member who is only
    第三者点検委員 sees the 評価書 of the rounds they are assigned to (ADR 0010)."""
    from workbench.reviews.models import Kind, ReviewRound

    round_ = ReviewRound.objects.create(
        version=version, organization=version.assessment.organization, kind=Kind.THIRD_PARTY, started_by=reviewer
    )
    round_.reviewers.add(reviewer)
    return round_


@pytest.fixture
def reviewing(assessment, people):
    """熊本市's 第三者点検委員 assigned to a round on the 住基 評価書 (version 1)."""
    return assign_reviewer(assessment.versions.get(number=1), people["reviewer"])


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def finish_procedure(people):
    """Record, on a version, a 意見募集 whose period is over (no comments) and a closed 第三者点検
    with its result: what the workflow waits for before leaving 意見聴取 and 第三者点検."""
    from datetime import date

    from django.utils import timezone

    from workbench.consultation.models import Consultation
    from workbench.reviews.models import Kind, ReviewRound

    def _finish(version, *, review: bool = True):
        organization = version.assessment.organization
        Consultation.objects.create(
            version=version,
            organization=organization,
            title="意見募集(テスト)",
            opens_on=date(2020, 1, 6),
            closes_on=date(2020, 2, 4),
            contact="総務課",
            created_by=people["admin"],
        )
        if review:
            ReviewRound.objects.create(
                version=version,
                organization=organization,
                kind=Kind.THIRD_PARTY,
                started_by=people["admin"],
                result="適合",
                closed_by=people["admin"],
                closed_at=timezone.now(),
            )

    return _finish


def open_for_comment(version, people, user=None, **kwargs):
    """Register a 意見募集 the way the workflow does it: the 改訂案 goes to 内部確認 (作成者) if it
    is still 作成中, then a 承認者 (or ``user``) opens it, which takes the step 意見聴取を開始する."""
    from workbench.assessments.models import Status
    from workbench.procedure.actions import transition
    from workbench.procedure.consultations import open_consultation

    if version.revision.status == Status.DRAFT:
        transition(version, Status.INTERNAL_REVIEW, user=people["author"])
        version.refresh_from_db()
    return open_consultation(version, **kwargs, user=user or people["approver"])

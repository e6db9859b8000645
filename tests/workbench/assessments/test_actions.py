"""Every action: the state it changes, the audit event it writes, the permission it checks."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from workbench.assessments import actions
from workbench.assessments.models import Assessment, Revision, Status, Version, VersionImmutableError
from workbench.audit.models import AuditEvent, AuditEventError
from workbench.procedure import actions as procedure_actions

pytestmark = pytest.mark.django_db


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_create_jimu_is_audited_and_needs_an_editor_role(org, people):
    jimu = actions.create_jimu(org, "児童手当に関する事務", user=people["author"])
    assert jimu.organization == org
    assert _events("jimu.create")[-1].actor == people["author"]
    with pytest.raises(PermissionDenied):
        actions.create_jimu(org, "別の事務", user=people["viewer"])


def test_create_assessment_makes_version_one_from_the_empty_form(blank_assessment, people):
    version = blank_assessment.versions.get()
    assert version.number == 1
    assert version.author == people["author"]
    assert version.content["form"] == "basic"
    assert _events("assessment.create")[-1].version_number == 1


def test_create_assessment_is_refused_to_other_organisations(jimu, outsider):
    with pytest.raises(PermissionDenied):
        actions.create_assessment(jimu, "basic", "乗っ取り", user=outsider)


def test_save_version_adds_a_version_and_leaves_the_old_one_untouched(assessment, people):
    old = assessment.versions.get(number=1)
    before = old.content
    document = old.document()
    document.values["cover.name"] = "変更後の評価書名"
    new = actions.save_version(assessment, document, base_number=1, note="名称変更", user=people["author"])
    assert new.number == 2
    assert new.parent == old
    assert new.note == "名称変更"
    assert Version.objects.get(pk=old.pk).content == before
    assert new.content["values"]["cover.name"] == "変更後の評価書名"
    assert _events("version.save")[-1].version_number == 2


def _changed(version, text: str = "変更後の評価書名"):
    document = version.document()
    document.values["cover.name"] = text
    return document


def test_save_version_detects_a_conflict(assessment, people):
    document = _changed(assessment.versions.get(number=1))
    actions.save_version(assessment, document, base_number=1, user=people["author"])
    with pytest.raises(actions.ConflictError) as caught:
        actions.save_version(assessment, document, base_number=1, user=people["admin"])
    assert caught.value.latest.number == 2
    assert assessment.versions.count() == 2


@pytest.mark.parametrize("role", ["viewer", "approver", "reviewer"])
def test_save_version_is_refused_without_an_editor_role(assessment, people, role):
    document = assessment.versions.get(number=1).document()
    with pytest.raises(PermissionDenied):
        actions.save_version(assessment, document, base_number=1, user=people[role])
    assert assessment.versions.count() == 1


def test_saving_keeps_the_procedure_where_it_stands(assessment, people):
    """A save belongs to the 改訂案 and never drops it back to 作成中 (issue 12, finding 4)."""
    version = assessment.versions.get()
    procedure_actions.transition(version, Status.INTERNAL_REVIEW, user=people["author"])
    saved = actions.save_version(assessment, _changed(version), base_number=1, user=people["author"])
    assert saved.revision == version.revision
    assert saved.revision.saves.count() == 2
    assert Assessment.objects.get(pk=assessment.pk).status == Status.INTERNAL_REVIEW
    assert Revision.objects.get(pk=version.revision_id).status == Status.INTERNAL_REVIEW


def test_a_save_without_any_change_makes_no_save_entry(assessment, people):
    version = assessment.versions.get()
    document = version.document()
    document.values["I.1.99-not-an-item"] = ""  # noise that says nothing
    with pytest.raises(actions.NoChangeError) as caught:
        actions.save_version(assessment, document, base_number=1, user=people["author"])
    assert str(caught.value) == "変更がないため保存しませんでした(最新は第1回保存のままです)。"
    assert assessment.versions.count() == 1
    assert not _events("version.save")


def test_saving_a_published_assessment_starts_its_revision(assessment, people):
    """The 公表版 stays as it is; the first save after it is the 改訂案's first save."""
    published = procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)
    saved = actions.save_version(assessment, _changed(published), base_number=1, user=people["author"])
    draft = saved.revision
    assert draft.number == 2
    assert draft.base == published.revision
    assert draft.status == Status.DRAFT
    assert draft.label == "改訂案(保存1回)"
    assert draft.kind_label == "改訂案"
    assert published.revision.label.startswith("公表中の版(")
    assert published.revision.is_current
    assert assessment.open_revision() == draft
    assert assessment.current_publication() == published.revision
    assert _events("version.save")[-1].details["started_revision"] is True
    again = actions.save_version(assessment, _changed(saved, "二回目"), base_number=2, user=people["author"])
    assert again.revision == draft
    assert Revision.objects.get(pk=draft.pk).label == "改訂案(保存2回)"


def test_a_first_assessment_has_no_published_edition(blank_assessment):
    revision = blank_assessment.versions.get().revision
    assert revision.label == "評価書案(保存1回)"
    assert blank_assessment.current_publication() is None


def test_a_saved_version_cannot_be_changed():
    version = Version(pk=1, number=1, content={})
    with pytest.raises(VersionImmutableError):
        version.save()
    with pytest.raises(VersionImmutableError):
        version.save(update_fields=["content"])


def test_audit_events_are_append_only(assessment):
    event = AuditEvent.objects.first()
    event.action = "forged"
    with pytest.raises(AuditEventError):
        event.save()
    with pytest.raises(AuditEventError):
        event.delete()
    with pytest.raises(AuditEventError):
        AuditEvent.objects.all().update(action="forged")
    with pytest.raises(AuditEventError):
        AuditEvent.objects.all().delete()


def test_create_for_jimu_creates_every_required_assessment(org, people):
    created = actions.create_for_jimu(org, "新しい事務", ["basic", "full"], user=people["author"])
    assert [a.form for a in created] == ["basic", "full"]
    assert {a.jimu.name for a in created} == {"新しい事務"}
    again = actions.create_for_jimu(org, "新しい事務", ["focused"], user=people["author"])
    assert again[0].jimu == created[0].jimu


def test_add_member_needs_the_organisation_admin(org, people):
    from workbench.organizations.actions import add_member

    newcomer = people["viewer"]
    membership = add_member(org, newcomer, "author", actor=people["admin"])
    assert membership.role == "author"
    assert _events("membership.add")[-1].details["role"] == "author"
    with pytest.raises(PermissionDenied):
        add_member(org, newcomer, "admin", actor=people["author"])


def test_create_organization_needs_a_superuser(db, people):
    from workbench.organizations.actions import create_organization

    with pytest.raises(PermissionDenied):
        create_organization("新市", "local", actor=people["admin"])
    people["admin"].is_superuser = True
    assert create_organization("新市", "local", actor=people["admin"]).name == "新市"


def test_a_racing_save_with_the_same_number_is_a_conflict(assessment, people, monkeypatch):
    """Without row locks (SQLite) two saves may both see version 1 as the latest; the unique
    version number turns the second one into a conflict instead of an error."""
    first = assessment.versions.get()
    actions.save_version(assessment, _changed(first), base_number=1, user=people["author"])
    stale = type(first).objects.filter(pk=first.pk)
    monkeypatch.setattr(
        "workbench.assessments.models.Assessment.versions", property(lambda self: _Stale(stale, self)), raising=False
    )
    with pytest.raises(actions.ConflictError):
        actions.save_version(assessment, _changed(first, "別の名称"), base_number=1, user=people["admin"])


class _Stale:
    """A related manager that still reports version 1 as the latest (the race)."""

    def __init__(self, stale, assessment):
        self.stale, self.assessment = stale, assessment
        self.calls = 0

    def latest(self, field: str):
        self.calls += 1
        return self.stale.get() if self.calls == 1 else Version.objects.filter(assessment=self.assessment).latest(field)


def test_a_save_never_stores_a_new_format_error(assessment, people):
    """The action owns the format gate (not the editor view): a 公表日 that is not a date is
    refused with the finding at its item, and nothing is saved or audited."""
    document = assessment.versions.get().document()
    document.values["cover.publication_date"] = "令和八年のどこか"
    saves, events = Version.objects.count(), AuditEvent.objects.count()
    with pytest.raises(actions.FormatRefused) as refused:
        actions.save_version(assessment, document, 1, user=people["author"])
    assert [f.path for f in refused.value.findings] == ["cover.publication_date"]
    assert "誤りがあります" in str(refused.value)
    assert Version.objects.count() == saves
    assert AuditEvent.objects.count() == events


def test_a_stored_format_error_does_not_stop_a_save_that_changes_something_else(assessment, people):
    """An imported 評価書 may carry format errors; fixing another item is still saved."""
    broken = assessment.versions.get().document()
    broken.values["cover.publication_date"] = "令和八年のどこか"
    Version.objects.filter(pk=assessment.versions.get().pk).update(content=broken.to_data())  # as imported
    broken.values["cover.name"] = "住民基本台帳に関する事務 全項目評価書(改)"
    saved = actions.save_version(assessment, broken, 1, user=people["author"])
    assert saved.number == 2

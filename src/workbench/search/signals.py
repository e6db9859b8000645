"""The index follows the 評価書: a new save, a revision published or superseded, a status change.

``assessments`` sits below this app (ADR 0013) and knows nothing of it; the receivers run in the
transaction of the action that saved (``save_version``, the publication), so the rows are
committed with the save or not at all."""

from __future__ import annotations

from django.db.models.signals import post_save

from workbench.assessments.models import Assessment, Revision, Version
from workbench.search.index import reindex
from workbench.search.models import Entry


def _version_saved(sender, instance: Version, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        reindex(instance.assessment)


def _revision_saved(sender, instance: Revision, raw: bool = False, **kwargs) -> None:
    if not raw and instance.assessment.versions.exists():
        reindex(instance.assessment)


def _assessment_saved(sender, instance: Assessment, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        Entry.objects.filter(assessment=instance).exclude(status=instance.status).update(status=instance.status)


def connect() -> None:
    post_save.connect(_version_saved, sender=Version, dispatch_uid="search.version")
    post_save.connect(_revision_saved, sender=Revision, dispatch_uid="search.revision")
    post_save.connect(_assessment_saved, sender=Assessment, dispatch_uid="search.assessment")

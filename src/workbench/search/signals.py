"""The index follows what it indexes: a new save, a revision published or superseded, a status
change; a comment, a remark, a 委託先 or a 委託契約 written or deleted.

The apps below this one (ADR 0013) know nothing of it; the receivers run in the transaction of
the action that wrote, so the rows are committed with the write or not at all."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from workbench.assessments.models import Assessment, Revision, Status, Version
from workbench.search.index import OBJECT_SOURCES, forget_object, reindex, reindex_object
from workbench.search.models import Entry


def _version_saved(sender, instance: Version, created: bool, raw: bool = False, **kwargs) -> None:
    """A new save: of the 改訂案 in progress (the usual case), only its rows; of a 公表版 (an import,
    the demo), every row. Publishing goes through the revision (``_revision_saved``)."""
    if created and not raw:
        revision = instance.revision
        reindex(instance.assessment, draft_only=revision is not None and revision.status != Status.PUBLISHED)


def _revision_saved(sender, instance: Revision, raw: bool = False, **kwargs) -> None:
    if not raw and instance.assessment.versions.exists():
        reindex(instance.assessment)


def _assessment_saved(sender, instance: Assessment, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        Entry.objects.filter(assessment=instance).exclude(status=instance.status).update(status=instance.status)


def _object_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        reindex_object(instance)


def _object_deleted(sender, instance, **kwargs) -> None:
    forget_object(sender, instance.pk)


def connect() -> None:
    post_save.connect(_version_saved, sender=Version, dispatch_uid="search.version")
    post_save.connect(_revision_saved, sender=Revision, dispatch_uid="search.revision")
    post_save.connect(_assessment_saved, sender=Assessment, dispatch_uid="search.assessment")
    for model in OBJECT_SOURCES:
        post_save.connect(_object_saved, sender=model, dispatch_uid=f"search.{model.__name__}")
        post_delete.connect(_object_deleted, sender=model, dispatch_uid=f"search.{model.__name__}.delete")

"""Saving an editor page when someone else saved meanwhile: a three-way merge, never an overwrite.

The page was opened from the save ``base``; ``mine`` is the working document made from the posted
inputs. When a newer save exists, the core's ``merge(base, latest, mine)`` decides per element:
with no conflict the merged document is saved on top of the latest save; with conflicts nothing
is saved and the caller shows them for the user to choose. The merge and the save run under the
評価書's lock (``select_for_update``; on SQLite the ``IMMEDIATE`` transaction holds the write
lock), so no save can slip in between. A lock or serialization error (``database is locked``,
PostgreSQL 40001/40P01/55P03) is retried a few times and then reported as ``busy``: nothing is
saved and the caller shows the input again.

The conflict page carries ``mine`` as a signed token (:func:`pending_token`: the top-level values
that differ from ``base``), bound to the user and the 評価書, so the choices are applied to exactly
the inputs the user made.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import OperationalError, transaction

from pia.changes import MergeError, MergeResult, merge
from pia.changes.elements import same_content
from pia.changes.merge import Side
from pia.document import Document
from workbench.assessments import actions
from workbench.assessments.models import Assessment, Version

ATTEMPTS = 4
BACKOFF_SECONDS = 0.2
CONTENTION_SQLSTATES = frozenset({"40001", "40P01", "55P03"})  # serialization, deadlock, lock not available
LOCK_MESSAGES = ("database is locked", "database table is locked")
SALT = "workbench.assessments.merging.pending"


@dataclass(frozen=True)
class Outcome:
    """What became of one save.

    ``version`` is the new save (None when nothing was saved); ``latest`` the save that was the
    latest when it ran (the base when nobody saved in between); ``result`` the merge with the
    saves made meanwhile (None when there were none); ``busy`` when the database stayed locked."""

    version: Version | None
    latest: Version
    result: MergeResult | None = None
    busy: bool = False
    unchanged: bool = False  # the document says the same as the latest save: nothing was saved

    @property
    def conflicts(self) -> bool:
        return self.result is not None and not self.result.clean


class PendingError(ValueError):
    """A conflict page's token that is not this user's for this 評価書, or was altered."""


def save_merging(user, assessment: Assessment, base: Version, mine: Document, note: str = "") -> Outcome:
    """Save ``mine`` (edited from ``base``), merged with every save made since ``base``."""
    latest = base
    for attempt in range(ATTEMPTS):
        try:
            return _save_once(user, assessment, base, mine, note)
        except actions.ConflictError as conflict:  # only where the database holds no lock
            latest = conflict.latest
        except OperationalError as exc:
            if not is_contention(exc):
                raise
        time.sleep(BACKOFF_SECONDS * (attempt + 1))
    return Outcome(None, latest, busy=True)


def _save_once(user, assessment: Assessment, base: Version, mine: Document, note: str) -> Outcome:
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        latest = locked.versions.select_related("author").latest("number")
        if latest.number == base.number:
            try:
                return Outcome(actions.save_version(assessment, mine, base.number, note, user=user), latest)
            except actions.NoChangeError:
                return Outcome(None, latest, unchanged=True)
        result = merge(base.document(), latest.document(), mine)
        if not result.clean or same_content(latest.document(), result.document):
            return Outcome(None, latest, result)
        audit: dict[str, object] = {
            "merged": {"base": base.number, "with": latest.number, "taken": len(result.taken_from("theirs"))}
        }
        version = actions.save_version(assessment, result.document, latest.number, note, details=audit, user=user)
        return Outcome(version, latest, result)


def resolve(base: Version, shown: Version, mine: Document, choices: Mapping[str, Side]) -> MergeResult:
    """The merge the conflict page showed, with the user's choices applied."""
    return merge(base.document(), shown.document(), mine, resolutions=choices)


def is_contention(exc: OperationalError) -> bool:
    """True for a lock or serialization failure (worth retrying), not for a broken database."""
    if getattr(exc.__cause__, "sqlstate", None) in CONTENTION_SQLSTATES:
        return True
    return any(message in str(exc) for message in LOCK_MESSAGES)


def versions_between(assessment: Assessment, base: Version, latest: Version) -> list[Version]:
    """The saves made after ``base`` up to ``latest`` (whose changes a merge took)."""
    return list(
        assessment.versions.filter(number__gt=base.number, number__lte=latest.number)
        .select_related("author")
        .order_by("number")
    )


# ---------------------------------------------------------------------- the conflict page's token


@dataclass(frozen=True)
class Pending:
    """The save a conflict page carries: its base and the top-level values that differ from it."""

    base: int
    body_type: str
    changed: dict[str, Any]
    dropped: list[str]

    def document(self, base: Document) -> Document:
        values = {k: v for k, v in copy.deepcopy(base.values).items() if k not in self.dropped}
        values.update(copy.deepcopy(self.changed))
        return Document(base.form, base.edition, self.body_type, values)


def pending_token(user, assessment: Assessment, base: Version, mine: Document) -> str:
    """``mine`` as the difference from ``base`` (only what the page changed), signed for this
    user and this 評価書."""
    before = base.document().values
    payload = {
        "user": user.pk,
        "assessment": assessment.pk,
        "base": base.number,
        "body_type": mine.body_type,
        "changed": {k: v for k, v in mine.values.items() if before.get(k, _MISSING) != v},
        "dropped": [k for k in before if k not in mine.values],
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def read_pending(token: str, user, assessment: Assessment) -> Pending:
    """What a conflict page carries; PendingError when it is not this user's for this 評価書."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise PendingError("token") from None
    if not isinstance(payload, dict) or payload.get("user") != user.pk or payload.get("assessment") != assessment.pk:
        raise PendingError("owner")
    try:
        return Pending(
            int(payload["base"]), str(payload["body_type"]), dict(payload["changed"]), list(payload["dropped"])
        )
    except (KeyError, TypeError, ValueError):
        raise PendingError("content") from None


_MISSING = object()


__all__ = [
    "MergeError",
    "Outcome",
    "Pending",
    "PendingError",
    "is_contention",
    "pending_token",
    "read_pending",
    "resolve",
    "save_merging",
    "versions_between",
]

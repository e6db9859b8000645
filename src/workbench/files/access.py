"""Who may read a stored file: the members of its organisation who hold a role other than
第三者点検委員 (a member who is only that sees just the 評価書 of their rounds, ADR 0010; the
attachments of the register and of controls are not theirs). Anyone else gets a 404."""

from __future__ import annotations

from django.http import Http404

from workbench.files.models import StoredFile
from workbench.organizations.models import Membership, Role


def file_organizations(user):
    if not user.is_authenticated:
        return Membership.objects.none().values("organization_id")
    return Membership.objects.filter(user=user).exclude(role=Role.REVIEWER).values("organization_id")


def access_file(user, key: str) -> StoredFile:
    try:
        return StoredFile.objects.get(key=key, organization__in=file_organizations(user))
    except StoredFile.DoesNotExist:
        raise Http404("ファイルが見つかりません") from None

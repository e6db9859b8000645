"""The revisions and saves of a 評価書, and the side-by-side comparison of two saves (by default
the latest save against the 公表版 its revision revises, ADR 0005)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from workbench.assessments.access import access_assessment, access_version
from workbench.assessments.comparison import compare_versions
from workbench.assessments.downloads import available_downloads
from workbench.assessments.models import Version
from workbench.assessments.revisions import baseline, span_name


@login_required
def history(request, pk: int):
    assessment = access_assessment(request.user, pk)
    versions = list(assessment.versions.select_related("author", "revision", "parent").order_by("-number"))
    revisions = list(assessment.revisions.order_by("-number"))
    groups = [{"revision": r, "saves": [v for v in versions if v.revision_id == r.pk]} for r in revisions]
    latest = versions[0] if versions else None
    published = baseline(latest) if latest is not None else None
    default_old = published.number if published is not None else (versions[1].number if len(versions) > 1 else None)
    context = {"assessment": assessment, "groups": groups, "default_old": default_old, "latest": latest}
    return render(request, "assessments/history.html", context)


@login_required
def compare(request, pk: int):
    assessment = access_assessment(request.user, pk)
    numbers = sorted(assessment.versions.values_list("number", flat=True))
    new = access_version(request.user, pk, _number(request.GET.get("new"), numbers[-1]))
    old = _old(request, pk, new)
    return render(
        request,
        "assessments/compare.html",
        {
            "assessment": assessment,
            "numbers": numbers,
            "cmp": compare_versions(old, new),
            "span": span_name(old, new),
            "against_published": old == baseline(new),
            "downloads": [d for d in available_downloads() if d.uses_previous],
        },
    )


def _old(request, pk: int, new: Version) -> Version:
    """The save chosen as 比較元, else the 公表版 of ``new``'s revision, else the previous save."""
    raw = request.GET.get("old")
    if raw:
        return access_version(request.user, pk, _number(raw, new.number))
    published = baseline(new)
    if published is not None:
        return published
    return access_version(request.user, pk, max(1, new.number - 1))


def _number(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw else default
    except ValueError:
        return default

"""Version history and the side-by-side comparison of two versions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from workbench.assessments.access import access_assessment, access_version
from workbench.assessments.comparison import compare_versions
from workbench.assessments.downloads import available_downloads


@login_required
def history(request, pk: int):
    assessment = access_assessment(request.user, pk)
    versions = list(assessment.versions.select_related("author").order_by("-number"))
    return render(request, "assessments/history.html", {"assessment": assessment, "versions": versions})


@login_required
def compare(request, pk: int):
    assessment = access_assessment(request.user, pk)
    numbers = sorted(assessment.versions.values_list("number", flat=True))
    new_number = _number(request.GET.get("new"), numbers[-1])
    old_number = _number(request.GET.get("old"), max(1, new_number - 1))
    old = access_version(request.user, pk, old_number)
    new = access_version(request.user, pk, new_number)
    return render(
        request,
        "assessments/compare.html",
        {
            "assessment": assessment,
            "numbers": numbers,
            "cmp": compare_versions(old, new),
            "downloads": [d for d in available_downloads() if d.uses_previous],
        },
    )


def _number(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw else default
    except ValueError:
        return default

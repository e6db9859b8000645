"""The page of 「他団体の記載例」 for one item of a 評価書 the user sees (``/kensaku/rei/<pk>/?path=…``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from pia.forms import get_form
from workbench.assessments.access import access_assessment
from workbench.search.models import Entry
from workbench.search.peers import item_of, peer_examples


@login_required
def peer_page(request, pk: int):
    assessment = access_assessment(request.user, pk)
    path = request.GET.get("path", "")[:500]
    item_id = item_of(path)
    template = get_form(assessment.form, assessment.edition)
    known = item_id is not None and template.has_item(item_id)
    context = {"assessment": assessment, "path": path, "known": known, "examples": [], "label": ""}
    if known and item_id is not None:
        own = Entry.objects.filter(assessment=assessment, path=path).first()
        context["label"] = own.label if own else template.item(item_id).label
        context["examples"] = peer_examples(assessment, item_id)
    return render(request, "search/peers.html", context, status=200 if known else 404)

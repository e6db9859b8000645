"""The public search (``/kensaku/kohyo/``, no login): the public editions of the 公表中の版 of every
organisation, 非公表 items withheld (``public_document``, ADR 0007); nothing unpublished, no
comment, remark or register row. Each hit links to the public PDF it comes from."""

from __future__ import annotations

from django import forms
from django.db.models import F
from django.shortcuts import render

from pia.forms import FORM_KIND_LABELS
from workbench.organizations.models import Organization
from workbench.search.engine import matching_public
from workbench.search.models import Entry, Source
from workbench.search.service import PAGE, Hit, Results
from workbench.search.snippet import snippet
from workbench.search.text import Query, QueryError, parse_query

ANY = [("", "すべて")]


class PublicSearchForm(forms.Form):
    q = forms.CharField(label="検索語", required=False, strip=True)
    organization = forms.TypedChoiceField(label="団体", required=False, coerce=int, empty_value=None)
    form = forms.ChoiceField(label="様式", required=False, choices=ANY + list(FORM_KIND_LABELS.items()))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        published = Entry.objects.filter(source=Source.PUBLIC).values("organization")
        organizations = Organization.objects.filter(pk__in=published).order_by("name")
        field = self.fields["organization"]
        field.choices = ANY + [(o.pk, o.name) for o in organizations]  # type: ignore[attr-defined]
        for name in ("organization", "form"):
            self.fields[name].error_messages["invalid_choice"] = (
                f"{self.fields[name].label}の選択肢から選んでください。"
            )

    def clean_q(self) -> Query:
        try:
            return parse_query(self.cleaned_data["q"])
        except QueryError as error:
            raise forms.ValidationError(f"検索語:{error}") from None


def public_results(query: Query, organization_id: int | None = None, form: str = "") -> Results:
    entries = Entry.objects.filter(source=Source.PUBLIC)
    if organization_id is not None:
        entries = entries.filter(organization_id=organization_id)
    if form:
        entries = entries.filter(form=form)
    found = matching_public(entries, query)
    ordered = found.select_related("assessment", "organization").order_by(
        F("organization__name"), "assessment__title", "assessment_id", "id"
    )
    return Results(found.count(), [Hit(entry, snippet(entry.text, query)) for entry in ordered[:PAGE]])


def public_search(request):
    form = PublicSearchForm(request.GET or None)
    results = None
    if form.is_valid():
        data = form.cleaned_data
        results = public_results(data["q"], data["organization"], data["form"])
    return render(request, "search/public.html", {"form": form, "results": results, "page": PAGE})

"""Messages shown at the top of the next page (Django's messages framework)."""

from __future__ import annotations

from django import forms
from django.contrib import messages


def flash_errors(request, form: forms.Form) -> None:
    """Every error of a form posted from a page that is not re-rendered (a small inline form);
    each message already names its field in Japanese."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))

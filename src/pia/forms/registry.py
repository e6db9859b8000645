"""Find form editions: every ``editions/*.yaml`` file is one (様式, edition)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pia.errors import PiaError
from pia.forms.loader import load_form
from pia.forms.model import FORM_KIND_LABELS, FormTemplate

EDITIONS_DIR = Path(__file__).parent / "editions"


class UnknownFormError(PiaError, LookupError):
    """The document names a form or edition this installation does not know."""


@cache
def all_forms() -> tuple[FormTemplate, ...]:
    """Every edition, by form; the latest edition of each form first, then the older ones from the
    newest (by the date each came into use)."""
    forms = [load_form(path) for path in sorted(EDITIONS_DIR.glob("*.yaml"))]
    return tuple(sorted(forms, key=_order))


def _order(form: FormTemplate) -> tuple[int, bool, int]:
    started = form.effective.date.toordinal() if form.effective else 0
    return list(FORM_KIND_LABELS).index(form.form), not form.latest, -started


def get_form(form: str, edition: str | None = None) -> FormTemplate:
    """The named edition of a form, or its latest edition when ``edition`` is None."""
    if form not in FORM_KIND_LABELS:
        raise UnknownFormError(f"様式 '{form}' は不明です(basic, focused, full のいずれかを指定してください)")
    candidates = [f for f in all_forms() if f.form == form]
    for template in candidates:
        if (edition is None and template.latest) or template.edition == edition:
            return template
    known = "、".join(f.edition for f in candidates)
    raise UnknownFormError(f"{FORM_KIND_LABELS[form]}の版 '{edition}' は登録されていません(登録済みの版: {known})")

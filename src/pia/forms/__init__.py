"""Official 評価書 forms (様式2/3/4) as data: models, loader, registry."""

from pia.forms.loader import FormDataError, FormProblem, load_form
from pia.forms.model import FORM_KIND_LABELS, FORM_KINDS, ROLES, FormTemplate, Item, Kind, Option, Role
from pia.forms.registry import UnknownFormError, all_forms, get_form

__all__ = [
    "FORM_KINDS",
    "FORM_KIND_LABELS",
    "ROLES",
    "FormDataError",
    "FormProblem",
    "FormTemplate",
    "Item",
    "Kind",
    "Option",
    "Role",
    "UnknownFormError",
    "all_forms",
    "get_form",
    "load_form",
]

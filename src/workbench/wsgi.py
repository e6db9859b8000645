"""WSGI entry point for gunicorn: ``gunicorn workbench.wsgi``.

The form editions and the rules data are loaded once here, so a fresh worker answers its first
request as fast as the others (they are read-only and cached by the core)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    from pia.forms import all_forms
    from pia.rules import load_rules

    all_forms()
    load_rules()


_warm_up()

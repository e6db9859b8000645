"""The guard that every other workbench test runs under (``conftest.py``): a view that writes to
the database outside an action fails the test; the same write inside an action passes."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.urls import path

from workbench.acting import action, in_action
from workbench.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _create(request):
    Organization.objects.create(name="書き込みの確認", body_type="local")
    return HttpResponse("ok")


@action
def _create_in_action(request):
    return _create(request)


urlpatterns = [path("direct/", _create), path("through-action/", _create_in_action)]


@pytest.fixture
def routed(settings):
    settings.ROOT_URLCONF = __name__


def test_a_view_that_writes_outside_an_action_fails(client, routed):
    with pytest.raises(AssertionError, match="wrote outside an action"):
        client.get("/direct/")  # the guard stops the INSERT before it runs


def test_the_same_write_inside_an_action_passes(client, routed):
    assert client.get("/through-action/").status_code == 200
    assert Organization.objects.filter(name="書き込みの確認").exists()


def test_in_action_is_true_only_while_an_action_runs():
    seen = []
    action(lambda: seen.append(in_action()))()
    assert seen == [True]
    assert not in_action()

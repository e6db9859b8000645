"""Notices the editor shows about the save being edited, contributed by the apps above this one.

``assessments`` cannot import the apps that build on it (ADR 0013), yet the editor must say, for
example, that citizens are commenting on an earlier save. Those apps register a provider when
they start (their ``AppConfig.ready``); a provider returns Japanese sentences about a save."""

from __future__ import annotations

from collections.abc import Callable

from workbench.assessments.models import Version

Provider = Callable[[Version], list[str]]

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add a provider once (``ready`` may run more than once in tests)."""
    if provider not in _providers:
        _providers.append(provider)


def notices_for(version: Version) -> list[str]:
    """Every registered provider's notices about ``version``, in registration order."""
    return [text for provider in _providers for text in provider(version)]

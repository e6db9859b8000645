"""Which code may write to the database while a request is served: the actions.

Every write of the workbench goes through an action (a function of an app's ``actions`` module:
the permission check, one transaction, one audit event). ``@action`` marks one; ``in_action()``
tells whether one is running. The test suite uses it to fail any view that writes outside an
action (``tests/workbench/conftest.py``); it costs one context variable at run time."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_depth: ContextVar[int] = ContextVar("pia_action_depth", default=0)


def action(func: Callable[P, R]) -> Callable[P, R]:
    """Mark ``func`` as an action (it may write)."""

    @wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _depth.set(_depth.get() + 1)
        try:
            return func(*args, **kwargs)
        finally:
            _depth.reset(token)

    return run


def in_action() -> bool:
    return _depth.get() > 0

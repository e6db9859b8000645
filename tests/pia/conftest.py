"""Shared by the core's tests: the exception types of ``pia``, found by walking its modules so
that a new one is checked without being listed (``core_exception`` parametrizes a test)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import pia


def core_exceptions() -> dict[str, type[BaseException]]:
    """The public exception classes defined in a ``pia`` module, by qualified name (private
    helpers such as the YAML loader's internal signal are left out: they never leave their module)."""
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(pia.__path__, "pia."):
        if info.name.endswith(".__main__"):  # importing it runs the command
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found[f"{module.__name__}.{name}"] = value
    return found


@pytest.fixture(scope="session", name="core_exceptions")
def core_exceptions_fixture() -> dict[str, type[BaseException]]:
    return core_exceptions()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "core_exception" in metafunc.fixturenames:
        found = core_exceptions()
        metafunc.parametrize("core_exception", [found[name] for name in sorted(found)], ids=sorted(found))

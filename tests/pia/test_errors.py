"""Every exception type of the core derives from ``pia.errors.PiaError`` (the types are found by
walking the ``pia`` modules, ``conftest.py``), and the old ones keep their built-in base."""

from __future__ import annotations

import pytest

from pia.errors import PiaError

# The types that were ValueError (or LookupError) subclasses before the common base, by name.
BUILT_IN_BASES = {
    "ChangeTableError": ValueError,
    "ClassificationDataError": ValueError,
    "DeadlineError": ValueError,
    "DiffError": ValueError,
    "DocumentError": ValueError,
    "EditionError": ValueError,
    "InputError": ValueError,
    "MergeError": ValueError,
    "PackageError": ValueError,
    "ImageError": ValueError,
    "PathError": ValueError,
    "PlanError": ValueError,
    "RegisterEntryError": ValueError,
    "ProcedureError": ValueError,
    "RecordsError": ValueError,
    "RuleDataError": ValueError,
    "SummaryInputError": ValueError,
    "ThresholdError": ValueError,
    "UnknownFormError": LookupError,
    "WarekiError": ValueError,
}
OTHERS = {
    "PiaError",
    "RenderError",
    "FormDataError",
    "CliError",
    "ImportRefused",
    "CorporateNumberError",
    "ControlDataError",
    "PlanDataError",
    "ChecklistError",
}


def test_the_walk_finds_every_core_exception(core_exceptions: dict[str, type[BaseException]]) -> None:
    assert {cls.__name__ for cls in core_exceptions.values()} == set(BUILT_IN_BASES) | OTHERS


def test_every_core_exception_is_a_pia_error(core_exception: type[BaseException]) -> None:
    assert issubclass(core_exception, PiaError)


@pytest.mark.parametrize(("name", "base"), sorted(BUILT_IN_BASES.items()))
def test_a_former_value_error_is_still_one(
    name: str, base: type[Exception], core_exceptions: dict[str, type[BaseException]]
) -> None:
    (cls,) = [c for c in core_exceptions.values() if c.__name__ == name]
    assert issubclass(cls, base)

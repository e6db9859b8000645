"""Findings: what every check returns instead of raising.

A finding is ``(code, severity, path, message)``; ``label`` is the printed label path of
the element it concerns, so people can find it on the form.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Level(StrEnum):
    """How strict a check is: draft (format only), submit, publish."""

    DRAFT = "draft"
    SUBMIT = "submit"
    PUBLISH = "publish"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.DRAFT: 0, Level.SUBMIT: 1, Level.PUBLISH: 2}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    path: str
    message: str
    label: str = ""

    @property
    def blocks(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocks]

"""The legal basis of a rules data row: citations of the law (番号法, 規則, 指針, 記載要領 …,
each with its article and the version cited), or an explicit 運用上の設定 with no legal basis,
and the municipal or commentary pages kept only as secondary references (参考).

The instruments themselves (full title, number, the versions that may be cited) are a table
of the rules data file (``instruments``); ``ruledata`` reads it and checks every citation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pia.wareki import format_wareki

EFFECTS = ("施行", "適用")  # how a version's first day is named: a 法律/規則 is 施行, the 指針 適用


@dataclass(frozen=True)
class InstrumentVersion:
    """A version of an instrument that the data may cite, named by its first day."""

    in_force: date
    status: str  # V / P / R: how sure the date itself is
    note: str = ""


@dataclass(frozen=True)
class Instrument:
    id: str  # the short name used in the data: 番号法, 規則, 指針 …
    title: str  # 特定個人情報保護評価に関する規則
    number: str  # 平成26年特定個人情報保護委員会規則第1号
    effect: str  # 施行 | 適用
    versions: tuple[InstrumentVersion, ...]

    def version(self, day: date) -> InstrumentVersion | None:
        return next((v for v in self.versions if v.in_force == day), None)


@dataclass(frozen=True)
class Citation:
    """One article (or paragraph, item, 欄) of one version of an instrument."""

    instrument: Instrument
    article: str  # 第4条第1号, 第5の2, 「評価書名」欄 …
    version: date  # first day of the version cited
    status: str  # V / P / R: how sure it is that this article says what the row relies on

    @property
    def text(self) -> str:
        """「特定個人情報保護評価に関する規則 第4条第1号(平成26年4月20日施行)」."""
        when = format_wareki(self.version)
        return f"{self.instrument.title} {self.article}（{when}{self.instrument.effect}）"

    def as_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument.id,
            "title": self.instrument.title,
            "number": self.instrument.number,
            "article": self.article,
            "version": self.version.isoformat(),
            "effect": self.instrument.effect,
            "status": self.status,
            "text": self.text,
        }


@dataclass(frozen=True)
class Basis:
    """Why a row holds: the law first, or the tool's own setting, then pages for reference."""

    law: tuple[Citation, ...] = ()
    secondary: tuple[str, ...] = ()
    operational: str = ""  # 「本ツールの運用上の設定(法令の定めなし)」: a setting with no legal basis

    def legal_lines(self) -> tuple[str, ...]:
        """The legal basis, one line each: citations with their confidence, or the setting."""
        if self.operational:
            return (self.operational,)
        return tuple(f"{c.text}[{c.status}]" for c in self.law)

    def reference_lines(self) -> tuple[str, ...]:
        return tuple(f"参考: {page}" for page in self.secondary)

    @property
    def text(self) -> str:
        """The whole basis on one line, the law first and the references after it."""
        return "。".join(("、".join(self.legal_lines()), *self.reference_lines()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "law": [c.as_dict() for c in self.law],
            "operational": self.operational,
            "secondary": list(self.secondary),
        }

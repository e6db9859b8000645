"""Which edition of its form a 評価書 is written in, and whether it can move to the latest."""

from __future__ import annotations

from dataclasses import dataclass

from pia.changes.upgrade import default_upgrades
from pia.forms import get_form
from workbench.assessments.models import Version


@dataclass(frozen=True)
class EditionOffer:
    """The edition of the latest save, the latest edition of the form, and whether the edition's
    mappings lead there (``movable``)."""

    label: str
    latest_label: str
    movable: bool

    @property
    def outdated(self) -> bool:
        return self.label != self.latest_label


def edition_offer(version: Version) -> EditionOffer:
    form, edition = str(version.content.get("form")), str(version.content.get("edition"))
    current, latest = get_form(form, edition), get_form(form)
    chain = default_upgrades().chain(form, edition, latest.edition) if current is not latest else []
    return EditionOffer(current.edition_label, latest.edition_label, chain is not None and current is not latest)

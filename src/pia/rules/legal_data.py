"""Reading the legal basis of the rules data: the ``instruments`` table (the laws, rules and
guidelines that rows may cite, with the versions that may be cited) and each row's ``law``
citations, checked against it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pia.rules.legal import EFFECTS, Citation, Instrument, InstrumentVersion
from pia.rules.ruleconv import Conv, fail, iso_date, one_of, status, text

_INSTRUMENT_KEYS = ("id", "title", "number", "effect", "versions")
_VERSION_KEYS = ("in_force", "status", "note")
_CITATION_KEYS = ("instrument", "article", "version", "status")


def _mapping(raw: Any, where: str, keys: Sequence[str], optional: Sequence[str] = ()) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise fail(where, "マッピングにしてください。")
    unknown = sorted(str(k) for k in raw if k not in keys)
    if unknown:
        raise fail(where, f"不明なキー {', '.join(unknown)} があります。")
    missing = [k for k in keys if k not in raw and k not in optional]
    if missing:
        raise fail(where, f"「{missing[0]}」がありません。")
    return raw


def _version(raw: Any, where: str) -> InstrumentVersion:
    raw = _mapping(raw, where, _VERSION_KEYS, optional=("note",))
    note = text(raw["note"], f"{where}.note") if "note" in raw else ""
    return InstrumentVersion(
        iso_date(raw["in_force"], f"{where}.in_force"), status(raw["status"], f"{where}.status"), note
    )


def _instrument(raw: Any, where: str) -> Instrument:
    raw = _mapping(raw, where, _INSTRUMENT_KEYS)
    versions = raw["versions"]
    if not isinstance(versions, list) or not versions:
        raise fail(f"{where}.versions", "引用できる版(in_force・status)のリストを書いてください。")
    return Instrument(
        id=text(raw["id"], f"{where}.id"),
        title=text(raw["title"], f"{where}.title"),
        number=text(raw["number"], f"{where}.number"),
        effect=one_of(EFFECTS)(raw["effect"], f"{where}.effect"),
        versions=tuple(_version(v, f"{where}.versions[{i}]") for i, v in enumerate(versions)),
    )


def parse_instruments(raw: Any) -> dict[str, Instrument]:
    """The ``instruments`` table: the laws, rules and guidelines that rows may cite, by id."""
    if not isinstance(raw, list) or not raw:
        raise fail("instruments", "法令(番号法・規則・指針など)のリストがありません。")
    found: dict[str, Instrument] = {}
    for i, item in enumerate(raw):
        instrument = _instrument(item, f"instruments[{i}]")
        if instrument.id in found:
            raise fail(f"instruments[{i}].id", f"「{instrument.id}」が重複しています。")
        found[instrument.id] = instrument
    return found


def citations(instruments: Mapping[str, Instrument]) -> Conv:
    """The converter of a row's ``law``: a non-empty list of citations of ``instruments``."""

    def convert(value: Any, where: str) -> tuple[Citation, ...]:
        if not isinstance(value, list) or not value:
            raise fail(where, "法令の引用(instrument・article・version・status)のリストにしてください。")
        return tuple(_citation(raw, f"{where}[{i}]", instruments) for i, raw in enumerate(value))

    return convert


def _citation(raw: Any, where: str, instruments: Mapping[str, Instrument]) -> Citation:
    raw = _mapping(raw, where, _CITATION_KEYS)
    name = text(raw["instrument"], f"{where}.instrument")
    instrument = instruments.get(name)
    if instrument is None:
        raise fail(
            f"{where}.instrument", f"「{name}」は instruments にありません(あるもの: {'、'.join(instruments)})。"
        )
    first = iso_date(raw["version"], f"{where}.version")
    if instrument.version(first) is None:
        known = "、".join(v.in_force.isoformat() for v in instrument.versions)
        raise fail(f"{where}.version", f"{name}に{first.isoformat()}の版は登録されていません(登録済み: {known})。")
    return Citation(
        instrument, text(raw["article"], f"{where}.article"), first, status(raw["status"], f"{where}.status")
    )

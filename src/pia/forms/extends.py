"""An edition file that ``extends:`` another: the base edition's data with the listed differences.

Editions of one 様式 share almost every item, so an older edition names the edition it differs
from and lists only what differs (see docs/domain/form-schema.md, *Editions that extend another*)::

    extends: full-h28-01            # the base file's name, without .yaml, in the same directory
    changed_items:                  # id: the keys replaced in that item (null drops a key)
      cover.ppc_approval_date: {label: 特定個人情報保護委員会 承認日 【行政機関等のみ】}
    removed_items: [IV]             # ids removed with everything inside
    added_items:                    # new items, placed after a sibling or first inside a parent
      - {after: II.3, item: {id: II.4, label: …, kind: text}}
      - {first_in: I.2, item: {…}}

The result is plain edition data (as if the file had been written out in full); the loader then
builds and checks it like any other edition. The edition's own header (``edition``,
``edition_label``, ``latest``, ``status``, ``effective``, ``source``) is never inherited; ``sources`` and
``option_lists`` are the base's with the file's own added.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

EXTENSION_KEYS = ("extends", "changed_items", "removed_items", "added_items")
OWN_KEYS = ("edition", "edition_label", "latest", "status", "effective", "source")  # never inherited
MERGED_KEYS = ("sources", "option_lists")  # the base's, with the file's own added
MAX_DEPTH = 5  # an edition extends at most this many others in a chain


class _Problem(Exception):  # an internal signal, turned into (location, message) by resolve
    """A problem of an ``extends`` file, at ``location`` (a key or an item id)."""

    def __init__(self, message: str, location: str = "extends") -> None:
        self.location = location
        super().__init__(message)


def read_yaml(path: Path) -> Any:
    """The parsed file (OSError / yaml.YAMLError pass through)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def resolve(raw: Mapping[str, Any], directory: Path) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """The full edition data of ``raw`` (itself when it extends nothing, else its base's data,
    resolved the same way, with its differences applied), or None and the problem as
    (location, message)."""
    try:
        return _resolve(raw, directory, ()), []
    except _Problem as problem:
        return None, [(problem.location, str(problem))]


def _resolve(raw: Mapping[str, Any], directory: Path, chain: tuple[str, ...]) -> dict[str, Any]:
    base_name = raw.get("extends")
    if base_name is None:
        return dict(raw)
    if not isinstance(base_name, str) or not base_name or "/" in base_name or "\\" in base_name:
        raise _Problem("extends には同じフォルダにある様式データのファイル名(.yaml を除く)を書きます", "extends")
    if base_name in chain or len(chain) >= MAX_DEPTH:
        raise _Problem(f"extends が循環しているか深すぎます({' → '.join((*chain, base_name))})", "extends")
    path = directory / f"{base_name}.yaml"
    try:
        base_raw = read_yaml(path)
    except (OSError, yaml.YAMLError) as exc:
        raise _Problem(f"元の版 {base_name}.yaml を読めません: {exc}", "extends") from exc
    if not isinstance(base_raw, Mapping):
        raise _Problem(f"元の版 {base_name}.yaml のトップレベルがマッピングではありません", "extends")
    base = _resolve(base_raw, directory, (*chain, base_name))
    return apply_differences(base, raw, base_name)


def apply_differences(base: Mapping[str, Any], raw: Mapping[str, Any], base_name: str) -> dict[str, Any]:
    """``base`` (full edition data) with the header, additions and changes of ``raw``."""
    if "form" in raw and raw["form"] != base.get("form"):
        raise _Problem(f"form は元の版 {base_name} と同じでなければなりません({base.get('form')})", "form")
    if "items" in raw:
        raise _Problem("extends を使うファイルには items を書かず、差分だけを書きます", "items")
    data = {k: copy.deepcopy(v) for k, v in base.items() if k not in OWN_KEYS}
    for key, value in raw.items():
        if key in EXTENSION_KEYS:
            continue
        if key in MERGED_KEYS:
            data[key] = {**(data.get(key) or {}), **_mapping(value, key)}
        else:
            data[key] = copy.deepcopy(value)
    data["extends"] = base_name
    items = data.get("items") or []
    for item_id in _id_list(raw.get("removed_items"), "removed_items"):
        siblings, index = _find(items, item_id, "removed_items")
        del siblings[index]
    for n, entry in enumerate(_entries(raw.get("added_items"))):
        _add(items, entry, f"added_items[{n}]")
    for item_id, changes in _mapping(raw.get("changed_items"), "changed_items").items():
        siblings, index = _find(items, str(item_id), "changed_items")
        _change(siblings[index], _mapping(changes, f"changed_items.{item_id}"))
    data["items"] = items
    return data


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _Problem(f"{where} はマッピングにしてください", where)
    return dict(value)


def _id_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Problem(f"{where} は項目 id のリストにしてください", where)
    return value


def _entries(value: Any) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise _Problem("added_items は {after: id, item: …} のリストにしてください", "added_items")
    return value


def _find(items: list[Any], item_id: str, where: str) -> tuple[list[Any], int]:
    """The list holding the raw item ``item_id`` and its position there."""
    for index, raw in enumerate(items):
        if not isinstance(raw, Mapping):
            continue
        if raw.get("id") == item_id:
            return items, index
        children = raw.get("children")
        if isinstance(children, list):
            try:
                return _find(children, item_id, where)
            except _Problem:
                pass
    raise _Problem(f"{where} の項目 {item_id} は元の版にありません", where)


def _add(items: list[Any], entry: Mapping[str, Any], where: str) -> None:
    item = entry.get("item")
    if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
        raise _Problem(f"{where}: item には id を持つ項目を書きます", where)
    places = [k for k in ("after", "first_in") if k in entry]
    if len(places) != 1:
        raise _Problem(f"{where}: after(この項目の後)か first_in(この項目の先頭)のどちらか一つを書きます", where)
    if places[0] == "after":
        siblings, index = _find(items, str(entry["after"]), where)
        siblings.insert(index + 1, copy.deepcopy(dict(item)))
        return
    siblings, index = _find(items, str(entry["first_in"]), where)
    parent = siblings[index]
    parent["children"] = [copy.deepcopy(dict(item)), *(parent.get("children") or [])]


def _change(item: dict[str, Any], changes: Mapping[str, Any]) -> None:
    if "id" in changes:
        raise _Problem(f"changed_items では id を変えられません({item.get('id')})", "changed_items")
    for key, value in changes.items():
        if value is None:
            item.pop(key, None)
        else:
            item[key] = copy.deepcopy(value)

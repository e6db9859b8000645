"""YAML and JSON codecs for documents. YAML is for people, JSON for machines.

The YAML loader keeps dates as the text the person wrote (``2025-12-01`` or
``令和7年12月1日``), so nothing is reinterpreted on the way through.
"""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import yaml

from pia.document.model import Document, DocumentError
from pia.document.walk import walk
from pia.forms.registry import UnknownFormError, get_form
from pia.inputs import InputError, parse_json, parse_yaml, read_text

MAX_OCCURRENCES = 60_000  # items and elements of a document file (the full example: ~1,000)

# libyaml's C implementation when present (5-10x faster), the pure-Python one otherwise. Reading
# goes through pia.inputs (aliases, depth, size and number limits; dates kept as written).
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    def ignore_aliases(self, data: object) -> bool:
        """A value met twice is written twice: the loader refuses aliases (pia.inputs)."""
        return True


_Dumper.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"] for k, v in _Dumper.yaml_implicit_resolvers.items()
}


_UNSAFE_BREAKS = frozenset("\r\x85\u2028\u2029")


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    """Multi-line text as a literal block; odd line breaks double-quoted so they survive."""
    style: str | None = None
    if any(ch in _UNSAFE_BREAKS or not (ch.isprintable() or ch == "\n") for ch in data):
        style = '"'
    elif "\n" in data:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)


def loads_yaml(text: str, source: str = "文書") -> Document:
    try:
        data = parse_yaml(text)
    except InputError as exc:
        raise DocumentError(f"{source}: {exc}") from None
    return Document.from_data(data, source)


def loads_json(text: str, source: str = "文書") -> Document:
    try:
        data = parse_json(text)
    except InputError as exc:
        raise DocumentError(f"{source}: {exc}") from None
    return Document.from_data(data, source)


def dumps_yaml(document: Document) -> str:
    return yaml.dump(document.to_data(), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def dumps_json(document: Document) -> str:
    return json.dumps(document.to_data(), ensure_ascii=False, indent=2) + "\n"


def load_document(path: str | Path) -> Document:
    """Read a YAML (.yaml/.yml) or JSON (.json) document; DocumentError in Japanese otherwise."""
    path = Path(path)
    try:
        text = read_text(path)
    except InputError as exc:
        raise DocumentError(f"ファイル '{path}': {exc}") from None
    document = loads_json(text, str(path)) if path.suffix.lower() == ".json" else loads_yaml(text, str(path))
    _check_extent(document, str(path))
    return document


def _check_extent(document: Document, source: str) -> None:
    """At most ``MAX_OCCURRENCES`` items and elements along the form: a few bytes of repeat
    elements (``- id: e1``) stand for hundreds of printed rows each, so the size of the file
    alone does not bound the work."""
    try:
        template = get_form(document.form, document.edition)
    except UnknownFormError:
        return  # reported by whoever reads the document (validation: form.unknown)
    count = sum(1 for _ in islice(walk(document, template), MAX_OCCURRENCES + 1))
    if count > MAX_OCCURRENCES:
        raise DocumentError(
            f"{source}: 評価書が大きすぎます(項目と繰り返しの要素が {MAX_OCCURRENCES:,} を超えています)。"
            "繰り返しの要素の数を確認してください"
        )


def save_document(document: Document, path: str | Path) -> None:
    path = Path(path)
    text = dumps_json(document) if path.suffix.lower() == ".json" else dumps_yaml(document)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DocumentError(f"ファイル '{path}' に書き込めません: {exc.strerror}") from None

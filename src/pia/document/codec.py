"""YAML and JSON codecs for documents. YAML is for people, JSON for machines.

The YAML loader keeps dates as the text the person wrote (``2025-12-01`` or
``令和7年12月1日``), so nothing is reinterpreted on the way through.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from pia.document.model import Document, DocumentError

# libyaml's C implementation when present (5-10x faster), the pure-Python one otherwise.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    pass


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    pass


def _without_timestamps(cls: type[yaml.SafeLoader] | type[yaml.SafeDumper]) -> None:
    resolvers = {
        k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"] for k, v in cls.yaml_implicit_resolvers.items()
    }
    cls.yaml_implicit_resolvers = resolvers


_without_timestamps(_Loader)
_without_timestamps(_Dumper)


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
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise DocumentError(f"{source}: YAML として読めません({_yaml_where(exc)})") from exc
    return Document.from_data(data, source)


def loads_json(text: str, source: str = "文書") -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"{source}: JSON として読めません({exc.lineno}行目 {exc.colno}列目: {exc.msg})") from exc
    return Document.from_data(data, source)


def dumps_yaml(document: Document) -> str:
    return yaml.dump(document.to_data(), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def dumps_json(document: Document) -> str:
    return json.dumps(document.to_data(), ensure_ascii=False, indent=2) + "\n"


def load_document(path: str | Path) -> Document:
    """Read a YAML (.yaml/.yml) or JSON (.json) document; DocumentError in Japanese otherwise."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocumentError(f"ファイル '{path}' が見つかりません") from None
    except UnicodeDecodeError:
        raise DocumentError(f"ファイル '{path}' は UTF-8 のテキストではありません") from None
    except OSError as exc:
        raise DocumentError(f"ファイル '{path}' を読めません: {exc.strerror}") from None
    if path.suffix.lower() == ".json":
        return loads_json(text, str(path))
    return loads_yaml(text, str(path))


def save_document(document: Document, path: str | Path) -> None:
    path = Path(path)
    text = dumps_json(document) if path.suffix.lower() == ".json" else dumps_yaml(document)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DocumentError(f"ファイル '{path}' に書き込めません: {exc.strerror}") from None


def _yaml_where(exc: yaml.YAMLError) -> str:
    mark: Any = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", "") or ""
    if mark is None:
        return str(problem) or "構文エラー"
    return f"{mark.line + 1}行目 {mark.column + 1}列目: {problem}"

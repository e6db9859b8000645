"""Reading what people hand to the core: YAML and JSON files with limits.

Every file the core reads on a user's behalf (a 評価書, a 概要版 input, a 日程表) goes through
:func:`read_text` and :func:`parse_yaml` / :func:`parse_json`, so every such input meets the
same limits, each refused with a Japanese message that names it (:class:`InputError`):

* **size**: at most ``MAX_BYTES`` (16 MiB, ~170 times the largest example 評価書);
* **nesting**: lists and mappings at most ``MAX_DEPTH`` (40) deep (a 評価書 needs about 8);
* **YAML aliases** (``*name``, also ``<<: *name``) are refused: a few lines of aliases can
  stand for billions of values (the "alias bomb"); write the content out instead;
* **numbers**: integers of at most ``MAX_INT_DIGITS`` (50) digits; no ``.nan`` / ``.inf``
  (JSON ``NaN``/``Infinity``) — neither can be a value of a 評価書;
* **plain data only**: mapping keys are text (a YAML key is the text as written, ``1:`` is
  ``"1"``; a list or mapping as key is refused), a key may not appear twice in one mapping,
  and the YAML tags ``!!binary``, ``!!set``, ``!!omap``, ``!!pairs`` and ``!!timestamp`` are
  not read (dates stay the text written: ``2025-12-01``, ``令和7年12月1日``);
* **text**: UTF-8, without lone surrogates (``"\\ud800"``), which no file can store.

libyaml's C parser is used when present (5–10x faster), the pure-Python one otherwise; both
construct through the same checks.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from pia.errors import PiaError

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 40
MAX_INT_DIGITS = 50
SURROGATE = re.compile("[\ud800-\udfff]")
TOO_MANY_DIGITS = f"数値の桁数が多すぎます(上限 {MAX_INT_DIGITS} 桁。文字列なら引用符で囲んでください)"


class InputError(PiaError, ValueError):
    """An input file the user must fix (message in Japanese, without the file name)."""


def read_text(path: str | Path) -> str:
    """The text of a UTF-8 file of at most ``MAX_BYTES`` (InputError otherwise)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError("ファイルが見つかりません") from None
    except IsADirectoryError:
        raise InputError("フォルダです(ファイルを指定してください)") from None
    except OSError as exc:
        raise InputError(f"ファイルを読めません({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"ファイルが大きすぎます(上限 {MAX_BYTES // (1024 * 1024)} MiB)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"UTF-8 のテキストではありません({exc.start + 1}バイト目)") from None


# --- YAML ---------------------------------------------------------------------------------------

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_REFUSED_TAGS = ("binary", "set", "omap", "pairs", "timestamp")


def _where(node: Node) -> str:
    mark = node.start_mark
    return f"{mark.line + 1}行目 {mark.column + 1}列目"


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader with the limits above (every node is constructed once: an alias is a
    node met a second time)."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            _refuse(
                f"YAML の別名(*名前)は使えません({_where(node)}に &名前 で付けた内容を参照しています)。"
                "同じ内容はそのまま書いてください"
            )
        return super().construct_object(node, deep)

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            _refuse(f"{_where(node)}: マッピングではありません")
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                _refuse(f"{_where(key_node)}: YAML の結合キー(<<)は使えません。内容をそのまま書いてください")
            if not isinstance(key_node, ScalarNode):
                _refuse(f"{_where(key_node)}: マッピングのキーは文字列にしてください(リストやマッピングは使えません)")
            key = str(key_node.value)
            if key in mapping:
                _refuse(f"{_where(key_node)}: キー「{key[:40]}」が同じマッピングに2回書かれています")
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: ScalarNode) -> int:
        digits = sum(c.isdigit() for c in str(node.value))
        if digits > MAX_INT_DIGITS:
            _refuse(f"{_where(node)}: {TOO_MANY_DIGITS}")
        value: int = super().construct_yaml_int(node)
        return value

    def construct_yaml_float(self, node: ScalarNode) -> float:
        value: float = super().construct_yaml_float(node)
        if not math.isfinite(value):
            _refuse(f"{_where(node)}: 数値「{str(node.value)[:20]}」は使えません(有限の数で書いてください)")
        return value

    def construct_undefined(self, node: Node) -> NoReturn:
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        _refuse(f"{_where(node)}: YAML のタグ「{tag}」は使えません(文字列・数値・リスト・マッピングで書いてください)")


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
for _tag in _REFUSED_TAGS:
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Loader.construct_undefined)
_Loader.add_constructor(None, _Loader.construct_undefined)
_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


class _Refused(yaml.YAMLError):
    """A limit of this module, raised inside the YAML constructor."""


def _refuse(message: str) -> NoReturn:
    raise _Refused(message)


def parse_yaml(text: str) -> Any:
    """Plain data (str, int, float, bool, None, list, dict) from YAML text; InputError otherwise."""
    _check_size(text)
    try:
        data = yaml.load(text, Loader=_Loader)
    except _Refused as exc:
        raise InputError(str(exc)) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML として読めません({yaml_problem(exc)})") from None
    except RecursionError:  # the pure-Python parser on very deep nesting (libyaml stops by itself)
        raise InputError(f"入れ子が深すぎます(上限 {MAX_DEPTH} 段)") from None
    check_data(data)
    return data


def yaml_problem(exc: yaml.YAMLError) -> str:
    """Where and what, from a PyYAML error (the common problems in Japanese)."""
    mark: Any = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", "") or "構文エラー")
    text = next((ja for en, ja in _PROBLEMS if en in problem), problem)
    return f"{mark.line + 1}行目 {mark.column + 1}列目: {text}" if mark is not None else text


_PROBLEMS = (
    ("exceeded maximum nesting depth", f"入れ子が深すぎます(上限 {MAX_DEPTH} 段)"),
    ("found character '\\t'", "タブ文字は字下げに使えません(空白で字下げしてください)"),
    ("mapping values are not allowed here", "ここに「キー: 値」は書けません(字下げか、値の「: 」を確認してください)"),
    ("could not find expected ':'", "「キー: 値」の「:」が見つかりません"),
    ("found undefined alias", "YAML の別名(*名前)は使えません"),
    ("found unacceptable character", "使えない制御文字があります"),
    ("special characters are not allowed", "使えない制御文字があります"),
    ("expected <block end>", "字下げがそろっていません"),
    ("did not find expected key", "字下げがそろっていないか、キーがありません"),
    ("did not find expected node content", "値がありません"),
    ("found unexpected end of stream", "ファイルが途中で終わっています(引用符や括弧が閉じていません)"),
    ("found a tab character", "タブ文字は字下げに使えません(空白で字下げしてください)"),
    ("cannot start any token", "ここには書けない文字があります(タブ文字での字下げや、行頭の @ ` % を確認してください)"),
    ("invalid Unicode character escape", "「\\u」「\\x」の書き方が正しくありません"),
    ("found unknown escape character", "「\\」の後ろの文字が正しくありません(「\\」そのものは「\\\\」と書きます)"),
    ("while scanning a quoted scalar", "引用符が閉じていません"),
)


# --- JSON ---------------------------------------------------------------------------------------


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise InputError(TOO_MANY_DIGITS)
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InputError(f"数値「{text[:20]}」は大きすぎます(有限の数で書いてください)")
    return value


def _json_constant(name: str) -> NoReturn:
    raise InputError(f"{name} は JSON の値ではありません(有限の数で書いてください)")


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise InputError(f"キー「{key[:40]}」が同じオブジェクトに2回書かれています")
        mapping[key] = value
    return mapping


def parse_json(text: str) -> Any:
    """Plain data from JSON text; InputError otherwise."""
    _check_size(text)
    try:
        data = json.loads(
            text,
            parse_int=_json_int,
            parse_float=_json_float,
            parse_constant=_json_constant,
            object_pairs_hook=_json_object,
        )
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON として読めません({exc.lineno}行目 {exc.colno}列目: {exc.msg})") from None
    except RecursionError:
        raise InputError(f"入れ子が深すぎます(上限 {MAX_DEPTH} 段)") from None
    check_data(data)
    return data


# --- the shape of the data ----------------------------------------------------------------------


def _check_size(text: str) -> None:
    if len(text) > MAX_BYTES:  # characters: at least as many bytes
        raise InputError(f"入力が大きすぎます(上限 {MAX_BYTES // (1024 * 1024)} MiB)")


def check_data(data: Any) -> None:
    """Nesting at most ``MAX_DEPTH`` deep, no lone surrogate in any text (iterative: a deep
    input cannot exhaust the stack here)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, (list, dict)):
            if depth > MAX_DEPTH:
                raise InputError(f"入れ子が深すぎます(上限 {MAX_DEPTH} 段)")
            if isinstance(value, dict):
                for key, item in value.items():
                    _check_text(str(key))
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)


def _check_text(text: str) -> None:
    found = SURROGATE.search(text)
    if found:
        raise InputError(f"文字コード U+{ord(found.group()):04X}(対になっていないサロゲート)は使えません")

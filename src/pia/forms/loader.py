"""Build a FormTemplate from an edition file and check the file itself.

Every problem is collected (not just the first) and reported with its location, so a
maintainer correcting the form data sees everything that is wrong in one run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from pia.errors import PiaError
from pia.forms.confidence import STATUSES
from pia.forms.extends import read_yaml, resolve
from pia.forms.model import FORM_KINDS, Effective, FormTemplate, Item, Kind, Option
from pia.forms.selfcheck import check_template

ITEM_KEYS = frozenset(
    [
        "id",
        "label",
        "kind",
        "children",
        "options",
        "star",
        "required",
        "when",
        "hint",
        "status",
        "source",
        "notes",
        "group",
        "heading",
        "title_item",
        "layout",
        "checks",
        "non_public",
        "records",
        "filled_from",
        "role",
        "max_elements",
        "max_length",
        "max_bytes",
    ]
)


@dataclass(frozen=True)
class FormProblem:
    file: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.location}: {self.message}"


class FormDataError(PiaError):
    def __init__(self, problems: list[FormProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Builder:
    def __init__(self, file: str, option_lists: Mapping[str, Any]) -> None:
        self.file = file
        self.option_lists = option_lists
        self.problems: list[FormProblem] = []

    def problem(self, location: str, message: str) -> None:
        self.problems.append(FormProblem(self.file, location, message))

    def item(self, raw: Any, where: str) -> Item | None:
        if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
            self.problem(where, "項目は id を持つマッピングでなければなりません")
            return None
        item_id = raw["id"]
        for key in sorted(set(raw) - ITEM_KEYS):
            self.problem(item_id, f"未知のキー '{key}'")
        kind = self._kind(raw, item_id)
        if kind is None:
            return None
        built = [self.item(c, f"{item_id}.children[{i}]") for i, c in enumerate(raw.get("children") or [])]
        children = tuple(c for c in built if c is not None)
        return Item(
            id=item_id,
            label=str(raw.get("label", "")),
            kind=kind,
            children=children,
            options=self._options(raw.get("options"), item_id),
            star=raw.get("star"),
            required=_required(raw.get("required")),
            when=raw.get("when"),
            hint=str(raw.get("hint", "")),
            status=str(raw.get("status", "")),
            source=_as_tuple(raw.get("source")),
            notes=str(raw.get("notes", "")),
            group=str(raw.get("group", "")),
            heading=str(raw.get("heading", "")),
            title_item=str(raw.get("title_item", "")),
            layout=str(raw.get("layout", "")),
            checks=tuple(raw.get("checks") or ()),
            non_public=bool(raw.get("non_public", False)),
            records=str(raw.get("records", "")),
            filled_from=str(raw.get("filled_from", "")),
            role=str(raw.get("role", "")),
            max_elements=self._limit(raw, "max_elements", item_id),
            max_length=self._limit(raw, "max_length", item_id),
            max_bytes=self._limit(raw, "max_bytes", item_id),
        )

    def _limit(self, raw: Mapping[str, Any], key: str, item_id: str) -> int | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.problem(item_id, f"{key} は1以上の整数です({value!r})")
            return None
        return value

    def _kind(self, raw: Mapping[str, Any], item_id: str) -> Kind | None:
        try:
            return Kind(str(raw.get("kind")))
        except ValueError:
            self.problem(item_id, f"kind '{raw.get('kind')}' は使えません({', '.join(k.value for k in Kind)})")
            return None

    def _options(self, raw: Any, item_id: str) -> tuple[Option, ...]:
        if isinstance(raw, str):
            if raw not in self.option_lists:
                self.problem(item_id, f"選択肢リスト '{raw}' が option_lists にありません")
                return ()
            raw = self.option_lists[raw]
        options = []
        for pos, opt in enumerate(raw or [], start=1):
            if not isinstance(opt, Mapping) or not opt.get("label"):
                self.problem(item_id, f"選択肢 {pos} に label がありません")
                continue
            options.append(
                Option(
                    no=int(opt.get("no", opt.get(False, pos))),  # bare `no:` is YAML 1.1 false
                    label=str(opt["label"]),
                    text_slot=bool(opt.get("text_slot", False)),
                    exclusive=bool(opt.get("exclusive", False)),
                    group=str(opt.get("group", "")),
                )
            )
        return tuple(options)


def _required(raw: Any) -> str | None:
    if raw is True:
        return "submit"
    if raw in ("submit", "publish"):
        return str(raw)
    return None


def _as_tuple(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, list):
        return tuple(str(x) for x in raw)
    return (str(raw),)


def load_form(path: Path) -> FormTemplate:
    """Load and check one edition file (an ``extends`` file with its base edition's data);
    raise FormDataError listing every problem."""
    file = path.name
    try:
        raw = read_yaml(path)
    except (OSError, yaml.YAMLError) as exc:
        raise FormDataError([FormProblem(file, "(file)", f"読み込めません: {exc}")]) from exc
    if not isinstance(raw, Mapping):
        raise FormDataError([FormProblem(file, "(file)", "トップレベルがマッピングではありません")])
    resolved, extension_problems = resolve(raw, path.parent)
    if resolved is None:
        raise FormDataError([FormProblem(file, loc, msg) for loc, msg in extension_problems])
    raw = resolved
    builder = _Builder(file, raw.get("option_lists") or {})
    header_problems = _check_header(raw, file)
    effective, effective_problems = _effective(raw.get("effective"), file)
    built = [builder.item(r, f"items[{n}]") for n, r in enumerate(raw.get("items") or [])]
    items = tuple(i for i in built if i is not None)
    template = FormTemplate(
        form=str(raw.get("form")),
        yoshiki=str(raw.get("yoshiki", "")),
        edition=str(raw.get("edition")),
        edition_label=str(raw.get("edition_label", "")),
        title=str(raw.get("title", "")),
        latest=bool(raw.get("latest", False)),
        status=str(raw.get("status", "")),
        items=items,
        sources={str(k): str(v) for k, v in (raw.get("sources") or {}).items()},
        effective=effective,
        source=_as_tuple(raw.get("source")),
        extends=str(raw.get("extends", "")),
    )
    problems = header_problems + effective_problems + builder.problems
    problems += [FormProblem(file, loc, msg) for loc, msg in check_template(template)]
    problems += [FormProblem(file, loc, msg) for loc, msg in _source_problems(template)]
    if problems:
        raise FormDataError(problems)
    return template


def _check_header(raw: Mapping[str, Any], file: str) -> list[FormProblem]:
    problems = []
    if raw.get("form") not in FORM_KINDS:
        problems.append(FormProblem(file, "form", f"form は {', '.join(FORM_KINDS)} のいずれかです"))
    for key in ("edition", "edition_label", "title", "items"):
        if not raw.get(key):
            problems.append(FormProblem(file, key, f"{key} がありません"))
    if raw.get("status") not in STATUSES:
        problems.append(FormProblem(file, "status", "status(版全体の確かさ)は V・P・R のいずれかです"))
    if not raw.get("source"):
        problems.append(FormProblem(file, "source", "source(この版の表示が見える資料の出典キー)がありません"))
    return problems


def _effective(raw: Any, file: str) -> tuple[Effective | None, list[FormProblem]]:
    """``effective: {date: 2016-01-01, status: R, source: [K2], notes: …}``: when the edition
    came into use. Required: an edition without a known start says so with status R."""
    if raw is None:
        return None, [FormProblem(file, "effective", "effective(版の適用開始日・確かさ・出典)がありません")]
    if not isinstance(raw, Mapping):
        return None, [FormProblem(file, "effective", "effective は date・status・source を持つマッピングです")]
    problems = []
    when = raw.get("date")
    if not isinstance(when, date) or isinstance(when, datetime):
        problems.append(FormProblem(file, "effective.date", f"effective.date は日付(YYYY-MM-DD)です({when!r})"))
    if raw.get("status") not in STATUSES:
        problems.append(FormProblem(file, "effective.status", "effective.status は V・P・R のいずれかです"))
    for key in sorted(set(raw) - {"date", "status", "source", "notes"}):
        problems.append(FormProblem(file, "effective", f"未知のキー '{key}'"))
    if problems or not isinstance(when, date):
        return None, problems
    return Effective(when, str(raw["status"]), _as_tuple(raw.get("source")), str(raw.get("notes", ""))), []


def _source_problems(template: FormTemplate) -> list[tuple[str, str]]:
    """Every source key an item or the edition's start names must be listed in ``sources``
    (``seed`` names the shared seed notes, not a web page)."""
    known = set(template.sources) | {"seed"}
    named = [(i.id, key) for i in template.walk() for key in i.source]
    named += [("source", key) for key in template.source]
    if template.effective is not None:
        named += [("effective", key) for key in template.effective.source]
    return [(where, f"出典 '{key}' が sources にありません") for where, key in named if key not in known]

"""``check(document, level)``: every finding about a document, never an exception.

Levels: ``draft`` checks formats only (a half-written draft is fine); ``submit`` adds
required items, conditional items in both directions and cross-field consistency;
``publish`` adds what publication needs (公表日).

``pending``: procedure steps that have not happened yet (rules data ids such as
``consultation``). Items that record such a step's outcome (``records`` in the form data:
Ⅵ2 意見の聴取, Ⅵ3 第三者点検, the cover's 公表日 …) are not required yet, and their own
cross-field checks are not made: a draft put out for comments cannot say what the comments were,
and the 公表日 it carries over is the previous edition's until it is published.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from pia.document.access import element_heading, label_path, labels_with
from pia.document.images import Attachments, figure_problem, image_refs
from pia.document.model import Document
from pia.document.paths import ElementPath
from pia.document.values import is_filled
from pia.document.walk import Occurrence, walk
from pia.findings import Finding, Level, Severity
from pia.forms.model import FormTemplate, Kind
from pia.forms.registry import UnknownFormError, get_form
from pia.rules.conditions import applies, describe
from pia.rules.consistency import check_checkbox_rules, check_declared
from pia.rules.formats import check_format
from pia.rules.threshold_checks import threshold_findings

Problem = tuple[str, str]
LABEL_HEADING_CHARS = 80  # a finding names an element by its title, cut here (titles are typed by people)


@dataclass(frozen=True)
class _Context:
    document: Document
    template: FormTemplate
    level: Level
    pending: frozenset[str] = frozenset()
    attachments: Attachments | None = None  # the figures' bytes, when the caller has them
    # printed headings of the elements walked so far, by their selectors: a finding's label
    # path is read from here (looking each element up in its list made validation quadratic)
    headings: dict[tuple[tuple[str, str], ...], str] = field(default_factory=dict)

    def finding(self, occ: Occurrence, code: str, message: str, severity: Severity = Severity.ERROR) -> Finding:
        label = self.label(occ.path)
        return Finding(code, severity, str(occ.path), f"「{label}」: {message}", label)

    def label(self, path: ElementPath) -> str:
        selectors = path.selectors
        known = {rid: self.headings.get(selectors[: n + 1]) for n, (rid, _) in enumerate(selectors)}
        if any(heading is None for heading in known.values()):
            return label_path(self.document, self.template, path, LABEL_HEADING_CHARS)
        return labels_with(self.template, path, cast(dict[str, str], known), LABEL_HEADING_CHARS)

    def remember(self, occ: Occurrence) -> None:
        if occ.is_element and isinstance(occ.value, Mapping):
            self.headings[occ.path.selectors] = element_heading(occ.item, occ.value, occ.index or 0)


def check(
    document: Document,
    level: Level | str = Level.SUBMIT,
    pending: Collection[str] = (),
    attachments: Attachments | None = None,
) -> list[Finding]:
    """The findings of ``document`` at ``level``. ``pending``: procedure steps not yet done (their
    records are not required); ``attachments``: the bytes of the figures, when the caller has
    them, so a missing or replaced figure file is a finding (``image.missing``)."""
    level = Level(level)
    try:
        template = get_form(document.form, document.edition)
    except UnknownFormError as exc:
        return [Finding("form.unknown", Severity.ERROR, "", str(exc), "様式")]
    ctx = _Context(document, template, level, frozenset(pending), attachments)
    findings = list(_unknown_keys(ctx))
    for occ in walk(document, template, bounded=True):
        ctx.remember(occ)
        findings.extend(_check_occurrence(ctx, occ))
    if level is not Level.DRAFT:
        findings.extend(_labelled(ctx, threshold_findings(document, template)))
    return findings


def _labelled(ctx: _Context, findings: list[Finding]) -> list[Finding]:
    """Findings from other rule modules, given the printed label path like every other finding."""
    out = []
    for finding in findings:
        label = label_path(ctx.document, ctx.template, ElementPath.parse(finding.path), LABEL_HEADING_CHARS)
        out.append(Finding(finding.code, finding.severity, finding.path, f"「{label}」: {finding.message}", label))
    return out


def _check_occurrence(ctx: _Context, occ: Occurrence) -> Iterator[Finding]:
    if occ.is_element:
        return
    for code, message in check_format(occ.item, occ.value):
        yield ctx.finding(occ, code, message)
    if occ.item.kind is Kind.IMAGE and ctx.attachments is not None:
        for ref in image_refs(occ.value):
            problem = figure_problem(ref, occ.item, ctx.attachments)
            if problem:
                yield ctx.finding(occ, "image.missing", problem)
    if ctx.level is Level.DRAFT or not occ.item.kind.holds_value:
        return
    applicable = applies(ctx.template, occ.item.id, occ.scopes, ctx.document.body_type)
    yield from _conditional(ctx, occ, applicable)
    if not applicable or _awaited(ctx, occ.item.id):
        return  # an item recording a step still pending holds the earlier round's value: not cross-checked
    problems: list[Problem] = list(check_declared(ctx.template, occ, ctx.document.body_type))
    if occ.item.kind is Kind.CHECKBOX and is_filled(occ.value):
        problems += check_checkbox_rules(occ.item, occ.value)
    for code, message in problems:
        yield ctx.finding(occ, code, message)


def _conditional(ctx: _Context, occ: Occurrence, applicable: bool) -> Iterator[Finding]:
    item, filled = occ.item, is_filled(occ.value)
    when = _nearest_condition(ctx.template, item.id)
    if applicable and not filled and _required_at(item.required, ctx.level) and not _awaited(ctx, item.id):
        reason = f"{describe(when, ctx.template)}は" if when else ""
        what = "1件以上記入してください" if item.kind is Kind.REPEAT else "記入してください"
        yield ctx.finding(occ, "required.missing", f"未記入です。{reason}必ず{what}。")
    if not applicable and filled and when is not None and _own_parent_applies(ctx, occ):
        yield ctx.finding(
            occ,
            "condition.not-applicable",
            f"{describe(when, ctx.template)}にだけ記入する項目ですが、記入されています。",
        )


def _awaited(ctx: _Context, item_id: str) -> bool:
    """The item records a procedure step that has not happened yet."""
    return bool(ctx.pending) and ctx.template.recorded_step(item_id) in ctx.pending


def _own_parent_applies(ctx: _Context, occ: Occurrence) -> bool:
    """Report a not-applicable value once: at the enclosing repeat when that is what fails."""
    repeats = [a for a in ctx.template.ancestors(occ.item.id) if a.kind is Kind.REPEAT]
    if not repeats:
        return True
    return applies(ctx.template, repeats[-1].id, occ.scopes, ctx.document.body_type)


def _nearest_condition(template: FormTemplate, item_id: str) -> Any:
    for node in [template.item(item_id), *reversed(template.ancestors(item_id))]:
        if node.when is not None:
            return node.when
    return None


def _required_at(required: str | None, level: Level) -> bool:
    if required == "submit":
        return level.rank >= Level.SUBMIT.rank
    if required == "publish":
        return level is Level.PUBLISH
    return False


def _unknown_keys(ctx: _Context) -> Iterator[Finding]:
    allowed = _allowed_keys(ctx.template)
    scopes: list[tuple[str, str, dict[str, Any]]] = [("", "", ctx.document.values)]
    for occ in walk(ctx.document, ctx.template, bounded=True):
        if occ.is_element and isinstance(occ.value, dict):
            scopes.append((occ.item.storage_key, str(occ.path), occ.value))
    for group, where, scope in scopes:
        for key in scope:
            if key not in allowed[group] and key != "id":
                path = f"{where}.{key}" if where else str(key)
                yield Finding(
                    "value.unknown-item",
                    Severity.ERROR,
                    path,
                    f"「{key}」はこの様式にない項目です。項目 id を確認してください。",
                    str(key),
                )


@cache
def _allowed_keys(template: FormTemplate) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {"": set()}
    for item in template.walk():
        if not item.kind.holds_value:
            continue
        chain = [a for a in template.ancestors(item.id) if a.kind is Kind.REPEAT]
        group = chain[-1].storage_key if chain else ""
        groups.setdefault(group, set()).add(item.storage_key)
        if item.kind is Kind.REPEAT:
            groups.setdefault(item.storage_key, set())
    return {k: frozenset(v) for k, v in groups.items()}

"""The consultation's documents, rendered by the core on first request and cached in ``var/``:
the draft (public edition, changes against the 公表版 in red), the 概要版 (from the
consultation's 目的, 見出しの表示 and 欄外の注記, the schedule planned from its period, and the parts
the staff reworded: 主な修正箇所, the schedule's rows or 内容, 問合せ先) as PDF, and the 概要版 as
the HTML section of the public page. The 概要版's cache names carry a hash of those inputs, so an
edit is rendered anew on the next request (building the content from the two documents takes
some 15–50 ms on the demo, the cached section about 2 ms)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pia.render import pdf_bytes
from pia.render.summary import summary_pdf_bytes
from pia.render.summary_docx import summary_docx_bytes
from pia.render.summary_html import summary_html_fragment
from pia.rules.schedule import COMMENT
from pia.summary import SummaryContent, build_summary
from workbench.assessments.attachments import print_model_for
from workbench.assessments.revisions import baseline
from workbench.assessments.workflow import procedure_steps
from workbench.consultation.models import Consultation
from workbench.consultation.summary_texts import Row, rows_data, rows_of, steps_for_planner, with_texts
from workbench.runtime import private_dir, write_private

KINDS = {"draft": "評価書(案)", "summary": "概要版"}


def _documents(consultation: Consultation):
    """The save consulted on and the 公表版 it revises (None for a first edition)."""
    version = consultation.version
    published = baseline(version)
    return version.document(), published.document() if published is not None else None


def _draft(consultation: Consultation) -> bytes:
    document, previous = _documents(consultation)
    return pdf_bytes(print_model_for(consultation.version.assessment, document, previous=previous, public=True))


def _plan(consultation: Consultation) -> dict[str, Any]:
    plan: dict[str, Any] = {"start": consultation.opens_on.isoformat()}
    version = consultation.version
    if COMMENT in procedure_steps(version.assessment.form, consultation.organization.body_type):
        # the consultation is the 意見聴取: plan from it, whatever the diff's verdict would suggest
        occasion = "important_change" if version.revision.base_id else "new"
        plan.update({"from": COMMENT, "occasion": occasion, "comment_end": consultation.closes_on.isoformat()})
        if consultation.short_reason:
            plan["reason"] = consultation.short_reason
    return plan


def generated_contact(consultation: Consultation) -> str:
    """5. 問合せ先 as generated: the consultation's 問合せ先・提出方法."""
    return consultation.contact.strip()


def summary_input(consultation: Consultation, *, generated: bool = False) -> dict[str, Any]:
    """The core's 概要版 input (docs/domain/changes.md) from the consultation: its 目的, badge and
    note, the schedule planned from its period (its own first and last day, shortening reason) and
    5. 問合せ先; with the staff's wording of 主な修正箇所, the schedule and 問合せ先 unless ``generated``."""
    spec: dict[str, Any] = {
        "purpose": consultation.purpose,
        "badge": consultation.badge,
        "header_note": consultation.header_note,
        "contact": generated_contact(consultation),
    }
    if generated:
        return {**spec, "plan": _plan(consultation)}
    if consultation.schedule_rows:
        spec["schedule"] = rows_data(rows_of(consultation.schedule_rows))
    else:
        spec["plan"] = _plan(consultation)
        if consultation.schedule_texts:
            spec["plan"]["steps"] = steps_for_planner(consultation.schedule_texts)
    if consultation.changes_intro:
        spec["changes_intro"] = consultation.changes_intro
    if consultation.summary_contact:
        spec["contact"] = consultation.summary_contact
    return spec


def summary_content(consultation: Consultation, *, generated: bool = False) -> SummaryContent:
    document, previous = _documents(consultation)
    spec = summary_input(consultation, generated=generated)
    return build_summary(previous or document, document, spec, public=True)


@dataclass(frozen=True)
class SummaryTexts:
    """The 概要版's editable parts: as generated today, and as printed (the staff's or generated)."""

    generated_intro: str
    planned: tuple[Row, ...]  # the planner's rows with the default 内容
    generated_contact: str
    changes_intro: str
    schedule: tuple[Row, ...]
    contact: str


def summary_texts(consultation: Consultation) -> SummaryTexts:
    """One build of the generated 概要版 (PiaError when it cannot be built)."""
    content = summary_content(consultation, generated=True)
    planned = rows_of(content.schedule)
    if consultation.schedule_rows:
        schedule = rows_of(consultation.schedule_rows)
    else:
        schedule = with_texts(planned, consultation.schedule_texts or {})
    return SummaryTexts(
        generated_intro=content.changes_intro,
        planned=planned,
        generated_contact=generated_contact(consultation),
        changes_intro=consultation.changes_intro or content.changes_intro,
        schedule=schedule,
        contact=consultation.summary_contact or generated_contact(consultation),
    )


def _summary(consultation: Consultation) -> bytes:
    return summary_pdf_bytes(summary_content(consultation))


def summary_docx(consultation: Consultation) -> bytes:
    """The 概要版 as Word, for staff to edit before printing (not cached: staff only)."""
    return summary_docx_bytes(summary_content(consultation))


BUILDERS: dict[str, Callable[[Consultation], bytes]] = {"draft": _draft, "summary": _summary}


def _inputs_hash(consultation: Consultation) -> str:
    text = json.dumps(summary_input(consultation), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _prefix(consultation: Consultation, kind: str) -> str:
    return f"{consultation.pk}-v{consultation.version.number}-{kind}"


def cache_path(consultation: Consultation, kind: str, suffix: str = ".pdf") -> Path:
    directory = private_dir("consultations")  # 0700; the files 0600 (write_private)
    if kind == "summary":
        return directory / f"{_prefix(consultation, kind)}-{_inputs_hash(consultation)}{suffix}"
    return directory / f"{_prefix(consultation, kind)}{suffix}"


def _drop_stale(path: Path, consultation: Consultation, kind: str) -> None:
    """Remove the 概要版 files (of the same format) of earlier inputs of this consultation."""
    for old in path.parent.glob(f"{_prefix(consultation, kind)}-*{path.suffix}"):
        if old != path:
            old.unlink(missing_ok=True)


def _cached(path: Path, consultation: Consultation, kind: str, build: Callable[[Consultation], bytes]) -> bytes:
    """The file at ``path``, built the first time (written atomically)."""
    if path.exists():
        return path.read_bytes()
    data = build(consultation)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    write_private(partial, data)
    partial.replace(path)
    if kind == "summary":
        _drop_stale(path, consultation, kind)
    return data


def pdf_for(consultation: Consultation, kind: str) -> bytes:
    """The cached PDF, built through ``pia.render`` the first time."""
    return _cached(cache_path(consultation, kind), consultation, kind, BUILDERS[kind])


SUMMARY_HEADING_LEVEL = 2  # the public page's <h1> is the consultation's title


def _summary_fragment(consultation: Consultation) -> bytes:
    return summary_html_fragment(summary_content(consultation), SUMMARY_HEADING_LEVEL).encode("utf-8")


def summary_html_for(consultation: Consultation) -> str:
    """The 概要版 as the HTML section of the public page (public edition: no 非公表 value),
    cached like the PDF. PiaError when the core refuses the consultation's 概要版 input."""
    path = cache_path(consultation, "summary", ".html")
    return _cached(path, consultation, "summary", _summary_fragment).decode("utf-8")

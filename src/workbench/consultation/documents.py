"""The consultation's downloads, rendered by the core on first request and cached in ``var/``:
the draft (public edition, changes since the previous version in red) and the 概要版."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pia.changes.summary import build_summary
from pia.render import pdf_bytes, print_model
from pia.render.summary import summary_pdf_bytes
from workbench.consultation.models import Consultation
from workbench.runtime import var_path

KINDS = {"draft": "評価書(案)", "summary": "概要版"}


def _documents(consultation: Consultation):
    version = consultation.version
    previous = version.parent.document() if version.parent_id else None
    return version.document(), previous


def _draft(consultation: Consultation) -> bytes:
    document, previous = _documents(consultation)
    return pdf_bytes(print_model(document, previous=previous, public=True))


def _summary(consultation: Consultation) -> bytes:
    document, previous = _documents(consultation)
    plan = {"plan": {"start": consultation.opens_on.isoformat()}}
    return summary_pdf_bytes(build_summary(previous or document, document, plan))


BUILDERS: dict[str, Callable[[Consultation], bytes]] = {"draft": _draft, "summary": _summary}


def cache_path(consultation: Consultation, kind: str) -> Path:
    directory = var_path("consultations")
    directory.mkdir(exist_ok=True)
    return directory / f"{consultation.pk}-v{consultation.version.number}-{kind}.pdf"


def pdf_for(consultation: Consultation, kind: str) -> bytes:
    """The cached PDF, built through ``pia.render`` the first time (written atomically)."""
    path = cache_path(consultation, kind)
    if path.exists():
        return path.read_bytes()
    data = BUILDERS[kind](consultation)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)
    return data

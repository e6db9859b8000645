"""取り込み and figures: the bytes of every figure the imported document references are kept with
the upload (from ``ImportResult.attachments`` when the importer gives them; without that
attribute the upload works as before) and become the 評価書's figures at registration."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from conftest import example
from intake_sources import text_with_stray_note

from pia.document.images import image_reference
from pia.imports.api import import_bytes
from pia.render.model import Figure
from pia.render.sample import sample_figure
from workbench.assessments.attachments import attachments_for, print_model_for
from workbench.assessments.models import Attachment
from workbench.intake import actions
from workbench.intake.models import IntakeFigure

pytestmark = pytest.mark.django_db

FIGURE = image_reference("bessoe1-figure-1.png", sample_figure(2), "事務の流れ(取り込み)")
MISSING = image_reference("bessoe1-figure-2.png", sample_figure(3), "バイトのない図")


@dataclass
class _Result:
    """What the importer returns once it reads figures (branch figimport): the document, the
    report, and ``attachments`` (SHA-256 → bytes)."""

    document: object
    report: object
    attachments: dict[str, bytes] = field(default_factory=dict)


def _importer(with_attachments: bool):
    """``import_bytes`` giving a 全項目評価書 with two figures, the bytes of one of them (and of a
    figure nothing references) in ``attachments``, or (before branch figimport) no such attribute."""
    real = import_bytes(text_with_stray_note(), "住基.txt")
    document = example("jumin-kihon-daicho-v2.yaml")
    document.values["bessoe1.figure"] = [FIGURE.to_data(), MISSING.to_data()]
    found = {FIGURE.sha256: sample_figure(2), "f" * 64: b"not referenced"}

    def fake(data, name, **options):
        if with_attachments:
            return _Result(document, real.report, found)
        return _Before(document, real.report)

    return fake


@dataclass
class _Before:
    document: object
    report: object


def _register(intake, people):
    actions.discard(intake, user=people["admin"])
    return actions.register(intake, user=people["admin"], published_on=date(2021, 3, 31), jimu_name="住基の事務")


def test_imported_figures_are_kept_and_become_the_assessments_at_registration(org, people, monkeypatch):
    monkeypatch.setattr(actions, "import_bytes", _importer(with_attachments=True))
    intake = actions.upload(org, "住基.txt", b"text", user=people["author"])
    assert list(IntakeFigure.objects.values_list("sha256", "file")) == [(FIGURE.sha256, FIGURE.file)]
    assert intake.figure_bytes() == {FIGURE.sha256: sample_figure(2)}  # bytes nothing references are not kept
    registered = _register(intake, people)
    assessment = registered.assessment
    (row,) = Attachment.objects.filter(assessment=assessment)
    assert row.sha256 == FIGURE.sha256
    assert bytes(row.data) == sample_figure(2)
    assert attachments_for(assessment)[FIGURE.sha256] == sample_figure(2)
    # the figure without bytes reads as missing; the one kept prints
    document = registered.version.document()
    document.values["bessoe1.figure"] = [FIGURE.to_data()]
    (figure,) = [b for p in print_model_for(assessment, document).parts for b in p.blocks if isinstance(b, Figure)]
    assert figure.caption == "事務の流れ(取り込み)"


def test_an_importer_without_attachments_still_uploads_and_registers(org, people, monkeypatch):
    monkeypatch.setattr(actions, "import_bytes", _importer(with_attachments=False))
    intake = actions.upload(org, "住基.txt", b"text", user=people["author"])
    assert not IntakeFigure.objects.exists()
    registered = _register(intake, people)
    assert registered.assessment is not None
    assert not Attachment.objects.exists()

"""The demo 全項目評価書 carries one (別添1) figure: kept once, referenced by both saves (so the
改訂案 changes nothing there), printed by the public PDF's model."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia.document.images import image_info
from pia.render.model import Figure
from pia.render.sample import sample_figure
from workbench.assessments.attachments import print_model_for
from workbench.assessments.models import Assessment, Attachment
from workbench.procedure.demo import load_demo
from workbench.procedure.demo.figure import FONT, demo_figure

pytestmark = pytest.mark.django_db


def test_the_demo_full_assessment_has_one_figure_in_every_save(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    load_demo()
    assessment = Assessment.objects.get(form="full", jimu__organization__name="熊本市")
    (row,) = Attachment.objects.all()
    assert row.assessment == assessment
    figures = [v.content["values"]["bessoe1.figure"] for v in assessment.versions.order_by("number")]
    assert len(figures) == 2
    assert figures[0] == figures[1]
    assert [ref["sha256"] for ref in figures[0]] == [row.sha256]
    published = assessment.current_publication().published_version
    model = print_model_for(assessment, published.document(), public=True)
    (figure,) = [b for p in model.parts for b in p.blocks if isinstance(b, Figure)]
    assert figure.data == bytes(row.data)
    assert "住民" in figure.caption
    load_demo()  # idempotent
    assert Attachment.objects.count() == 1


def test_the_demo_figure_is_drawn_with_the_japanese_font_or_falls_back():
    info = image_info(demo_figure())
    assert info.media_type == "image/png"
    if FONT.is_file():
        assert (info.width, info.height) == (1600, 620)
    assert demo_figure(Path("/nonexistent/font.ttf")) == sample_figure(1)

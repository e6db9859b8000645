"""熊本市's demo: the センター委託 has one 再委託申請 pending (受付) with a made-up 申請書 PDF; idempotent."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from workbench.contractors.models import Resubcontract, ResubcontractStatus
from workbench.files import store
from workbench.procedure.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    return load_demo()


def test_the_center_entrustment_has_one_pending_application_with_its_pdf(demo):
    resub = Resubcontract.objects.get()
    assert resub.status == ResubcontractStatus.RECEIVED
    assert resub.contract.links.filter(element_path="II.file[#honnin].4.itaku[#card-center]").exists()
    assert resub.link is not None
    attachment = resub.attachments.get()
    assert (attachment.kind, attachment.file.media_type) == ("application", "application/pdf")
    data = store.read(attachment.file.key)
    text = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "再委託申請書" in text
    assert resub.subcontractor_name in text
    assert any("再委託申請" in line for line in demo.created)


def test_loading_twice_adds_no_application(demo):
    again = load_demo()
    assert Resubcontract.objects.count() == 1
    assert again.created == []

"""The 概要版 inputs of a consultation (目的, 見出しの表示, 欄外の注記): given when opening, edited by
editors with an audit event, rendered into the PDF and Word 概要版 and into the 評価書 page's 概要版."""

from __future__ import annotations

import io
import re
from datetime import date

import docx
import pypdfium2 as pdfium
import pytest
from conftest import example, open_for_comment
from django.urls import reverse

from workbench.assessments import actions as assessment_actions
from workbench.assessments.models import Status
from workbench.audit.models import AuditEvent
from workbench.consultation import actions, documents
from workbench.procedure import actions as procedure_actions
from workbench.procedure import consultations as procedure_consultations

pytestmark = pytest.mark.django_db

PURPOSE = "本市では、新しい業務委託を実施いたします。\n\n広く市民の皆様の意見を求めます。"
EDITED = "評価書の再実施について、皆様の意見を募集します。"


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf)))


@pytest.fixture
def consultation(assessment, people, freeze_clock):
    freeze_clock("2026-11-30T10:00:00+09:00")
    v1 = procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)  # the 公表版
    v2 = assessment_actions.save_version(
        assessment, example("jumin-kihon-daicho-v1.yaml"), v1.number, user=people["author"]
    )
    consultation = open_for_comment(
        v2, people, opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 30), contact="窓口", purpose=PURPOSE
    )
    freeze_clock("2026-12-02T10:00:00+09:00")
    return consultation


def test_the_handout_prints_the_consultation_s_own_period(consultation):
    """The period ends on 12月30日 (年末年始): the 概要版 prints it as it is, not moved to the
    next business day as a merely planned period would be."""
    from pia.summary import build_summary

    version = consultation.version
    content = build_summary(version.parent.document(), version.document(), documents.summary_input(consultation))
    first = content.schedule[0]
    assert "R8年12月30日" in first.when
    assert "R9年" not in first.when


def test_opening_stores_the_inputs_with_the_defaults(consultation):
    assert consultation.purpose == PURPOSE
    assert (consultation.badge, consultation.header_note) == ("【素案】概要版", "お持ち帰り用")
    spec = documents.summary_input(consultation)
    assert spec["plan"] == {
        "start": "2026-12-01",
        "from": "consultation",
        "occasion": "important_change",
        "comment_end": "2026-12-30",
    }
    assert spec["purpose"] == PURPOSE
    assert spec["badge"] == "【素案】概要版"


def test_the_summary_pdf_carries_the_purpose_badge_and_note(client, consultation):
    response = client.get(reverse("iken_download", args=[consultation.pk, "summary"]))
    text = _text(response.content)
    assert response.status_code == 200
    for part in ("1.目的", "本市では、新しい業務委託を実施いたします。", "広く市民の皆様の意見を求めます。"):
        assert part in text
    assert "【素案】概要版" in text
    assert "お持ち帰り用" in text
    assert "R8年12月1日～" in text
    assert "パブリックコメントの実施" in text


def test_editing_updates_the_next_download_and_is_audited(client, consultation, people):
    first = _text(client.get(reverse("iken_download", args=[consultation.pk, "summary"])).content)
    old_path = documents.cache_path(consultation, "summary")
    assert old_path.exists()
    assert "新しい業務委託" in first
    client.force_login(people["author"])
    response = client.post(
        reverse("consultation_summary", args=[consultation.pk]),
        {"purpose": EDITED + "\r\n\r\n二段落目。", "badge": "【案】概要版", "header_note": ""},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.purpose == EDITED + "\n\n二段落目。"
    assert consultation.header_note == ""
    text = _text(client.get(reverse("iken_download", args=[consultation.pk, "summary"])).content)
    assert EDITED in text
    assert "二段落目。" in text
    assert "新しい業務委託" not in text
    assert "【案】概要版" in text
    assert "お持ち帰り用" not in text
    assert not old_path.exists()
    assert documents.cache_path(consultation, "summary").exists()
    staff = client.get(reverse("consultation_summary_download", args=[consultation.pk, "pdf"]))
    assert EDITED in _text(staff.content)
    event = AuditEvent.objects.get(action="consultation.summary")
    assert event.actor == people["author"]
    assert event.details["changed"] == ["badge", "header_note", "purpose"]
    assert event.details["before"] == {"purpose": PURPOSE, "badge": "【素案】概要版", "header_note": "お持ち帰り用"}
    assert event.details["after"] == {"purpose": EDITED + "\n\n二段落目。", "badge": "【案】概要版", "header_note": ""}


def test_the_word_summary_for_staff(client, consultation, people):
    client.force_login(people["viewer"])
    response = client.get(reverse("consultation_summary_download", args=[consultation.pk, "docx"]))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "本市では、新しい業務委託を実施いたします。" in text
    assert "【素案】概要版" in text
    assert client.get(reverse("consultation_summary_download", args=[consultation.pk, "exe"])).status_code == 404
    html = client.get(reverse("consultation_staff", args=[consultation.pk])).content.decode()
    assert "概要版(Word、印刷前の編集用)" in html
    assert reverse("consultation_summary", args=[consultation.pk]) not in html


def test_validation_messages_name_the_field(client, consultation, people):
    client.force_login(people["author"])
    url = reverse("consultation_summary", args=[consultation.pk])
    response = client.post(url, {"purpose": "  ", "badge": "長" * 61, "header_note": "注記"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'role="alert"' in html
    assert "「目的」を入力してください。" in html
    assert "「見出しの表示」は60文字以内で入力してください。" in html
    consultation.refresh_from_db()
    assert consultation.purpose == PURPOSE
    assert not AuditEvent.objects.filter(action="consultation.summary").exists()
    assert "長" * 61 in html  # the input is kept
    with pytest.raises(actions.ConsultationError, match="「目的」を入力してください"):
        actions.update_summary(consultation, purpose="", badge="", header_note="", user=people["author"])


def test_opening_needs_a_purpose(client, assessment, people, freeze_clock):
    freeze_clock("2026-11-20T10:00:00+09:00")
    procedure_actions.transition(assessment.versions.get(), Status.INTERNAL_REVIEW, user=people["author"])
    client.force_login(people["approver"])
    url = reverse("consultation_open", args=[assessment.pk, 1])
    form = client.get(url).content.decode()
    assert "【素案】概要版" in form
    assert "お持ち帰り用" in form
    data = {"opens_on": "2026-12-01", "closes_on": "2026-12-30", "contact": "窓口", "purpose": ""}
    response = client.post(url, data)
    assert response.status_code == 422
    assert "「目的」を入力してください。" in response.content.decode()
    assert not assessment.versions.get().consultations.exists()
    with pytest.raises(actions.ConsultationError, match="「目的」"):
        procedure_consultations.open_consultation(
            assessment.versions.get(),
            opens_on=date(2026, 12, 1),
            closes_on=date(2026, 12, 30),
            contact="窓口",
            purpose=" ",
            user=people["approver"],
        )


@pytest.mark.parametrize("role", ["approver", "viewer", "reviewer"])
def test_only_editors_edit_the_summary(client, consultation, people, role, reviewing):
    client.force_login(people[role])
    url = reverse("consultation_summary", args=[consultation.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "概要版を編集できるのは管理者・作成者です。" in page.content.decode()
    response = client.post(url, {"purpose": "勝手な目的", "badge": "", "header_note": ""})
    assert response.status_code == 403
    consultation.refresh_from_db()
    assert consultation.purpose == PURPOSE
    with pytest.raises(Exception, match="権限がありません"):
        actions.update_summary(consultation, purpose="x", badge="", header_note="", user=people[role])


def test_admin_edits_and_others_see_nothing(client, consultation, people, outsider):
    client.force_login(people["admin"])
    url = reverse("consultation_summary", args=[consultation.pk])
    assert client.post(url, {"purpose": EDITED, "badge": "", "header_note": ""}).status_code == 302
    client.logout()
    downloads = [reverse("consultation_summary_download", args=[consultation.pk, e]) for e in ("pdf", "docx")]
    for target in [url, *downloads]:
        assert client.get(target).status_code == 302  # to the login page
    client.force_login(outsider)
    for target in [url, *downloads]:
        assert client.get(target).status_code == 404
    assert client.post(url, {"purpose": "x"}).status_code == 404


def test_the_assessment_page_summary_uses_the_latest_consultation(client, consultation, assessment, people):
    client.force_login(people["author"])
    actions.update_summary(consultation, purpose=EDITED, badge="【案】概要版", header_note="", user=people["author"])
    response = client.get(reverse("download", args=[assessment.pk, 2, "summary-pdf"]))
    text = _text(response.content)
    assert response.status_code == 200
    assert EDITED in text
    assert "【案】概要版" in text
    v3 = assessment_actions.save_version(assessment, example("jumin-kihon-daicho-v2.yaml"), 2, user=people["author"])
    later = _text(client.get(reverse("download", args=[assessment.pk, v3.number, "summary-pdf"])).content)
    assert EDITED in later  # a consultation on an earlier version counts
    before = _text(client.get(reverse("download", args=[assessment.pk, 1, "summary-pdf"])).content)
    assert EDITED not in before  # version 1 had no consultation: no 目的

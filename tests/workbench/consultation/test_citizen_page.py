"""The citizen's view of a 意見募集: the 概要版 as an HTML section of the public page (目的, the
changed items with their values marked in words, the schedule), from the same content as the PDF,
cached per consultation, version and inputs, never carrying a 非公表 value; the PDFs still offered."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import example, open_for_comment
from django.urls import reverse

from pia.document.public import WITHHELD, public_document
from pia.summary.inputs import SummaryInputError
from workbench.assessments import actions as assessment_actions
from workbench.assessments.actions import create_assessment
from workbench.assessments.models import Status
from workbench.consultation import actions, documents
from workbench.procedure import actions as procedure_actions

pytestmark = pytest.mark.django_db

PURPOSE = "本市では、新しい業務委託を実施いたします。\n\n広く市民の皆様の意見を求めます。"
SECRET = "QZX非公表の保管場所QZX"


@pytest.fixture(autouse=True)
def _empty_cache():
    """The test var/ is shared by the session and SQLite reuses primary keys: start uncached."""
    from workbench.runtime import private_dir

    for path in private_dir("consultations").iterdir():
        path.unlink()


@pytest.fixture
def consultation(jimu, people, freeze_clock):
    """The seed revision (v1 → v2: 委託事項2 added) out for comments from 2026-12-01."""
    freeze_clock("2026-11-30T10:00:00+09:00")
    assessment = create_assessment(
        jimu, "full", "住基 全項目評価書", example("jumin-kihon-daicho-v1.yaml"), user=people["author"]
    )
    v1 = procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)
    v2 = assessment_actions.save_version(
        assessment, example("jumin-kihon-daicho-v2.yaml"), v1.number, user=people["author"]
    )
    consultation = open_for_comment(
        v2, people, opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 30), contact="窓口", purpose=PURPOSE
    )
    freeze_clock("2026-12-02T10:00:00+09:00")
    return consultation


def _page(client, consultation) -> str:
    response = client.get(reverse("iken_detail", args=[consultation.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str) -> str:
    return html.split('<section class="summary-html"', 1)[1].split("</section>", 1)[0]


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_page_carries_the_summary_purpose_changes_and_schedule(client, consultation):
    html = _page(client, consultation)
    text = _plain(_section(html))
    for part in (
        "1. 目的",
        "本市では、新しい業務委託を実施いたします。",
        "2. 評価の対象となる文書とその構成",
        "【変更】4.特定個人情報ファイルの取扱いの委託",
        "3. 主な修正箇所について",
        "【追加】委託事項2",
        "熊本市マイナンバーカードセンター等運営業務委託",
        "[再委託する]",
        "4. 特定個人情報保護評価のスケジュール",
        "R8年12月1日～R8年12月30日",
        "パブリックコメントの実施",
    ):
        assert part in text, part
    assert '<h2 class="summary-title">' in html  # under the page's <h1>
    assert '<th scope="row"' in html
    for kind in ("draft", "summary"):  # the PDFs are still offered
        assert reverse("iken_download", args=[consultation.pk, kind]) in html


def test_the_contact_is_shown_once(client, consultation, people):
    html = _page(client, consultation)
    assert '<h3>5. 問合せ先</h3>\n<p class="contact">窓口</p>' in _section(html)
    assert "問合せ先・提出方法</h2>" not in html
    actions.update_summary_part(consultation, "contact", "区役所の窓口", user=people["author"])
    html = _page(client, consultation)
    assert "区役所の窓口" in _section(html)
    assert "問合せ先・提出方法</h2>" in html  # the consultation's own, now different, text too


def test_the_fragment_is_built_once_then_served_from_the_cache(client, consultation, people, monkeypatch):
    calls = []
    real = documents.summary_content
    monkeypatch.setattr(documents, "summary_content", lambda c: calls.append(c.pk) or real(c))
    first, second = _page(client, consultation), _page(client, consultation)
    assert calls == [consultation.pk]
    assert _section(first) == _section(second)
    assert documents.cache_path(consultation, "summary", ".html").exists()
    actions.update_summary(
        consultation, purpose="目的を書き直しました。", badge="", header_note="", user=people["author"]
    )
    old = list(documents.cache_path(consultation, "summary", ".html").parent.glob("*.html"))
    edited = _page(client, consultation)
    assert calls == [consultation.pk, consultation.pk]  # the inputs changed: built anew
    assert "目的を書き直しました。" in edited
    assert "新しい業務委託" not in _section(edited)
    assert len(list(old[0].parent.glob(f"{consultation.pk}-v*-summary-*.html"))) == 1  # the stale one removed


def test_a_summary_the_core_refuses_leaves_the_page_and_the_form_working(client, consultation, monkeypatch):
    def refuse(c):
        raise SummaryInputError("概要版の入力が正しくありません")

    monkeypatch.setattr(documents, "summary_content", refuse)
    html = _page(client, consultation)
    assert "概要版をこのページに表示できませんでした" in html
    assert 'name="body"' in html  # the comment form is still there


def _withheld_texts(document) -> list[str]:
    """Every stored text that the public edition withholds."""
    found: list[str] = []

    def walk(stored, public):
        if isinstance(stored, dict):
            for key, value in stored.items():
                walk(value, public.get(key) if isinstance(public, dict) else None)
        elif isinstance(stored, list):
            for n, value in enumerate(stored):
                walk(value, public[n] if isinstance(public, list) and n < len(public) else None)
        elif isinstance(stored, str) and public == WITHHELD:
            found.append(stored)

    walk(document.values, public_document(document).values)
    return found


def test_no_withheld_value_of_the_demo_reaches_the_page(client, monkeypatch):
    """The demo's 改訂案 with one more save in which a 非公表 item (Ⅱ 6.① 保管場所) changed: the
    概要版 shows the change as 「(非公表)」, never the text, nor any other withheld text of the demo."""
    from workbench.consultation.models import Consultation
    from workbench.procedure.demo import load_demo
    from workbench.procedure.demo.consultations import OPEN_TITLE

    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    load_demo()
    consultation = Consultation.objects.get(title=OPEN_TITLE)
    assessment = consultation.version.assessment
    document = consultation.version.document()
    withheld = _withheld_texts(document)
    assert len(withheld) >= 4  # the demo has 非公表 values to leak
    document.values["files"][0]["II.file.6.1"] = SECRET
    author = consultation.created_by
    saved = assessment_actions.save_version(assessment, document, consultation.version.number, user=author)
    Consultation.objects.filter(pk=consultation.pk).update(version=saved)
    html = _page(client, Consultation.objects.get(pk=consultation.pk))
    section = _plain(_section(html))
    assert WITHHELD in section  # the change is shown, without its text
    assert "QZX" not in html
    for text in withheld:
        for line in filter(None, (line.strip("・ ") for line in text.splitlines())):
            assert line not in html

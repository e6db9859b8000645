"""「意見の概要と市の考え方」 PDF (public and staff), the staff XLSX export of comments and the
点検結果 PDF of a 第三者点検 round: masking, publication, roles and organisation scoping."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pypdfium2 as pdfium
import pytest
from conftest import open_for_comment
from django.urls import reverse
from django.utils import timezone

from pia.render.errors import RenderError
from workbench.consultation import actions, result_views
from workbench.consultation.models import Comment
from workbench.reviews import actions as review_actions
from workbench.reviews import views as review_views
from workbench.reviews.models import Kind, Remark
from workbench.reviews.report import review_pdf

pytestmark = pytest.mark.django_db

NAME, ADDRESS, PHONE, EMAIL = "熊本 花子", "熊本市中央区手取本町1-1", "080-5555-6666", "hanako@example.jp"
SECRETS = (NAME, ADDRESS, PHONE, EMAIL, "090-1111-2222", "山田一郎")


def _text(pdf: bytes) -> str:
    pages = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf))
    return re.sub(r"\s+", "", pages)


@pytest.fixture
def closed(assessment, people, freeze_clock):
    """A consultation after its period with two answered, masked comments (results not yet published)."""
    freeze_clock("2026-11-20T12:00:00+09:00")
    consultation = open_for_comment(
        assessment.versions.get(),
        people,
        opens_on=date(2026, 12, 1),
        closes_on=date(2026, 12, 30),
        contact="熊本市 情報政策課",
        purpose="評価書(案)に対する意見を求めます。",
    )
    common = {"consultation": consultation, "name": NAME, "address": ADDRESS, "phone": PHONE, "email": EMAIL}
    Comment.objects.create(
        **common,
        receipt="2026-0001",
        item="I",
        tag="IV",
        body="委託先の監督について、090-1111-2222 の件も含めて説明を充実してください。",
        answer="監督の方法を追記しました。",
        draft_changed=True,
        masks=["090-1111-2222"],
    )
    Comment.objects.create(
        **common,
        receipt="2026-0002",
        body="全般について、担当の山田一郎さんの説明は分かりやすかった。",
        answer="ご意見ありがとうございます。",
        masks=["山田一郎"],
    )
    freeze_clock("2026-12-31T09:00:00+09:00")
    return consultation


@pytest.fixture
def published(closed, people):
    return actions.publish_results(closed, user=people["author"])


def _pdf(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    return _text(response.content)


def test_public_results_pdf_is_grouped_masked_and_anonymous(client, published):
    text = _pdf(client.get(reverse("iken_results_pdf", args=[published.pk])))
    for secret in SECRETS:
        assert re.sub(r"\s+", "", secret) not in text
    assert "＊＊＊の件も含めて" in text
    assert "担当の＊＊＊さん" in text
    assert "監督の方法を追記しました。" in text
    assert "ご意見ありがとうございます。" in text
    assert text.index("全般") < text.index("Ⅳその他のリスク対策")  # the form's order
    assert "令和8年12月1日から令和8年12月30日まで" in text
    assert "(2026-" not in text  # printed dates in 和暦 only
    assert "1人(団体を含む)・2件" in text
    assert "住基全項目評価書第1回保存" in text
    assert "熊本市" in text
    assert "未公表" not in text
    assert text.endswith("1/1")


def test_public_results_pdf_is_404_before_publication(client, closed):
    assert client.get(reverse("iken_results_pdf", args=[closed.pk])).status_code == 404


def test_results_page_links_the_pdf(client, published):
    html = client.get(reverse("iken_results", args=[published.pk])).content.decode()
    assert "意見の概要と市の考え方(PDF)" in html
    assert reverse("iken_results_pdf", args=[published.pk]) in html


def test_public_rendering_failure_is_a_japanese_page(client, published, monkeypatch):
    def broken(*args, **kwargs):
        raise RenderError("PDF を作成できませんでした(typst: テスト)")

    monkeypatch.setattr(result_views, "results_pdf", broken)
    response = client.get(reverse("iken_results_pdf", args=[published.pk]))
    assert response.status_code == 503
    assert "資料を作成できませんでした" in response.content.decode()


def test_staff_preview_before_publication_is_marked(client, closed, people, outsider):
    url = reverse("consultation_results_pdf", args=[closed.pk])
    assert client.get(url).status_code == 302  # login first
    client.force_login(people["viewer"])
    text = _pdf(client.get(url))
    assert "未公表" in text
    assert "＊＊＊" in text
    assert NAME.replace(" ", "") not in text
    html = client.get(reverse("consultation_staff", args=[closed.pk])).content.decode()
    assert url in html
    assert reverse("consultation_export_xlsx", args=[closed.pk]) in html
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize(
    ("role", "personal"),
    [("admin", True), ("author", True), ("approver", True), ("viewer", False), ("reviewer", False)],
)
def test_xlsx_export_has_personal_columns_only_for_those_who_see_them(
    client, closed, people, role, personal, reviewing
):
    client.force_login(people[role])
    sheet = _sheet(client.get(reverse("consultation_export_xlsx", args=[closed.pk])))
    csv_text = client.get(reverse("consultation_export", args=[closed.pk])).content.decode("utf-8-sig")
    head = [c.value for c in sheet[1]]
    assert ",".join(head) == csv_text.splitlines()[0]  # the CSV's columns
    assert head[:6] == ["受付番号", "受付日時", "該当箇所", "意見(伏字後)", "市の考え方", "案の修正"]
    assert ("氏名/団体名" in head) is personal
    assert ("メールアドレス" in head) is personal
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["D"].width > 30
    assert sheet["D2"].alignment.wrap_text
    values = [str(c.value) for row in sheet.iter_rows(min_row=2) for c in row if c.value]
    cells = "\n".join(values)
    assert "2026-0001" in cells
    assert "＊＊＊ の件も含めて" in cells
    assert "監督の方法を追記しました。" in cells
    assert "090-1111-2222" not in cells
    assert "山田一郎" not in cells
    assert (NAME in cells) is personal
    assert (EMAIL in cells) is personal
    assert (PHONE in cells) is personal


@pytest.mark.parametrize(("role", "personal"), [("author", True), ("viewer", False)])
def test_every_staff_download_of_a_consultation_is_audited(client, closed, people, role, personal):
    """The comment lists may carry submitters' data: who took which list, and whether it held
    personal data, is in the audit log."""
    from workbench.audit.models import AuditEvent

    client.force_login(people[role])
    for name in ("consultation_export", "consultation_export_xlsx", "consultation_results_pdf"):
        assert client.get(reverse(name, args=[closed.pk])).status_code == 200
    events = AuditEvent.objects.filter(action="download", actor=people[role]).order_by("id")
    kinds = {e.details["kind"]: e.details["personal_data"] for e in events}
    assert kinds == {"comments-csv": personal, "comments-xlsx": personal, "results-pdf": False}
    assert all(e.object_id == str(closed.pk) for e in events)


def test_xlsx_export_of_another_organisation_is_404(client, closed, outsider):
    client.force_login(outsider)
    assert client.get(reverse("consultation_export_xlsx", args=[closed.pk])).status_code == 404


# --- 点検結果 ----------------------------------------------------------------------------


@pytest.fixture
def round_(assessment, people):
    round_ = review_actions.start_round(assessment.versions.get(), user=people["author"])
    review_actions.add_remark(round_, "III", "委託先の監督方法を具体的に。", user=people["reviewer"])
    return round_


def test_open_round_pdf_is_marked_in_progress(client, round_, people):
    client.force_login(people["reviewer"])
    html = client.get(reverse("review_round", args=[round_.pk])).content.decode()
    assert reverse("review_pdf", args=[round_.pk]) in html
    text = _pdf(client.get(reverse("review_pdf", args=[round_.pk])))
    assert "第三者点検の結果" in text
    assert "点検中" in text
    assert "熊本市" in text
    assert "住基全項目評価書第1回保存" in text
    assert "Ⅲ特定個人情報ファイルの取扱いプロセスにおけるリスク対策" in text
    assert "委託先の監督方法を具体的に。" in text
    assert "(回答なし)" in text
    assert "未対応" in text


def test_closed_round_pdf_has_result_dates_and_answers(client, round_, people):
    remark = Remark.objects.get()
    review_actions.answer_remark(remark, "追記しました。", True, user=people["author"])
    review_actions.close_round(round_, result="指摘事項に対応済みであり、適切と認める。", user=people["admin"])
    client.force_login(people["viewer"])
    text = _pdf(client.get(reverse("review_pdf", args=[round_.pk])))
    assert "点検中" not in text
    assert "指摘事項に対応済みであり、適切と認める。" in text
    assert "追記しました。" in text
    assert "対応済み" in text
    assert "指摘と回答(1件)" in text
    assert text.count("令和") >= 2  # 開始日 and 終了日 in 和暦


def test_review_pdf_of_another_organisation_is_404(client, round_, outsider):
    url = reverse("review_pdf", args=[round_.pk])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_review_pdf_failure_returns_to_the_round(client, round_, people, monkeypatch):
    def broken(*args, **kwargs):
        raise RenderError("PDF を作成できませんでした(typst: テスト)")

    monkeypatch.setattr(review_views, "review_pdf", broken)
    client.force_login(people["author"])
    response = client.get(reverse("review_pdf", args=[round_.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("review_round", args=[round_.pk])
    assert "第三者点検の結果を作成できませんでした" in response.content.decode()


def test_approval_round_pdf_has_the_dates_in_wareki(round_, people):
    round_.kind = Kind.APPROVAL
    round_.applied_on, round_.approved_on = date(2026, 1, 5), date(2026, 2, 10)
    round_.closed_at, round_.closed_by = timezone.now(), people["admin"]
    round_.save()
    text = _text(review_pdf(round_))
    assert "委員会の承認の結果" in text
    assert "点検中" not in text
    assert "承認の申請日令和8年1月5日" in text
    assert "承認日令和8年2月10日" in text
    assert "(2026-" not in text  # printed dates in 和暦 only

"""The project's own case, end to end through the pages (issue 12, "Must show"): 熊本市 re-assesses
住民基本台帳に関する事務 because it outsources its My Number card centre.

公表版 v1 (令和3年3月31日) → 改訂案 with five saves by two colleagues (the 委託事項2 and its Ⅲ risks
among them) → 内部確認 → 意見募集 → a save while citizens comment → a comment and the body's answer →
第三者点検 with a remark → 承認申請 → the gate's one-click fixes → 提出 → 公表. Every change output
describes 公表版 → 改訂案, Ⅵ tells this round's procedure, and the 公表日 and the deadlines move.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import pypdfium2 as pdfium
import pytest
from conftest import example, make_user
from django.urls import reverse
from django.utils import timezone
from editor_support import _form_fields

from pia.changes import diff
from pia.changes.rows import existing_rows
from workbench.assessments import actions
from workbench.assessments.models import Assessment, Revision, Status
from workbench.consultation import documents
from workbench.consultation.models import Comment, Consultation
from workbench.procedure import actions as procedure_actions
from workbench.reviews.models import ReviewRound

pytestmark = pytest.mark.django_db

CARD_CENTER = "熊本市マイナンバーカードセンター等運営業務委託"
RISKS = "熊本市マイナンバーカードセンター等運営業務委託特有のリスク及びそのリスクに対する措置"
HONNIN = "II.file[#honnin]"
PURPOSE = "マイナンバーカード交付関係事務に関する新しい業務委託を実施するため、特定個人情報保護評価を再実施します。"


class Case:
    """The browser of one officer at a time, and the calendar (Django's clock, JST)."""

    def __init__(self, client, people, monkeypatch, assessment):
        self.client, self.people, self.monkeypatch, self.assessment = client, people, monkeypatch, assessment

    def on(self, iso: str) -> None:
        moment = datetime.fromisoformat(iso)
        self.monkeypatch.setattr(timezone, "now", lambda: moment)

    def as_(self, role: str):
        self.client.force_login(self.people[role])  # a new login after every jump of the calendar
        return self.client

    def page(self, name: str, *args, **query) -> str:
        response = self.client.get(reverse(name, args=args), query)
        assert response.status_code == 200, response.status_code
        return response.content.decode()

    def latest(self):
        return self.assessment.latest_version()

    def edit(self, role: str, section: str, changes: dict[str, str], note: str = "") -> str:
        """Open the chapter in the editor, change fields, press 保存 (the page's own form data)."""
        self.as_(role)
        data = _form_fields(self.page("editor", self.assessment.pk, section=section))
        assert set(changes) <= set(data), set(changes) - set(data)
        data.update(changes)
        data.update({"op": "save", "note": note})
        response = self.client.post(reverse("editor", args=[self.assessment.pk]), data, follow=True)
        assert response.status_code == 200
        return response.content.decode()

    def step(self, role: str, target: str, on: str = "") -> str:
        self.as_(role)
        url = reverse("transition", args=[self.assessment.pk, self.latest().number])
        response = self.client.post(url, {"target": target, "on": on}, follow=True)
        return response.content.decode()

    def fix(self, role: str, kind: str) -> str:
        self.as_(role)
        url = reverse("assessment_fix", args=[self.assessment.pk, self.latest().number, kind])
        return self.client.post(url, follow=True).content.decode()


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf)))


@pytest.fixture
def case(client, org, people, jimu, monkeypatch):
    people["author2"] = make_user("author2", org, "author")
    assessment = actions.create_assessment(
        jimu,
        "full",
        "住民基本台帳に関する事務 全項目評価書",
        example("jumin-kihon-daicho-v1.yaml"),
        user=people["author"],
    )
    procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)  # published before the workbench
    return Case(client, people, monkeypatch, Assessment.objects.get(pk=assessment.pk))


def test_the_re_assessment_of_the_juki_assessment(case):
    people = case.people
    case.on("2026-10-01T09:00:00+09:00")

    # --- the 改訂案: five saves by two colleagues ----------------------------------------------
    # 1. the outsourcing of the card centre (委託事項2, its Ⅲ risks), brought in from the draft file
    revised = example("jumin-kihon-daicho-v2.yaml")
    revised.values["bessoe3"] = []  # the 変更箇所 table is filled at the end, from the 公表版
    first = actions.save_version(case.assessment, revised, 1, "業務委託(委託事項2)を追加", user=people["author"])
    assert first.revision.kind_label == "改訂案"
    assert first.revision.base.published_version.number == 1
    # 2.–5. chapter edits in the editor, by the two colleagues in turn
    itaku2 = f"{HONNIN}.4.itaku[#card-center]"
    case.edit("author2", "II", {f"{itaku2}.6": "未定(令和8年3月頃に契約を締結する予定)"}, "委託先名の予定")
    case.edit("author", "cover", {"cover.tokki": "マイナンバーカードの交付関係事務を委託するため、再評価する。"})
    case.edit("author2", "II", {f"{itaku2}.5": "熊本市ホームページで確認できる予定"}, "確認方法")
    html = case.edit("author", "I", {"I.7.2": "市民局 区政課"}, "担当部署")
    assert "改訂案を保存しました(第6回保存)" in html
    revision = Revision.objects.get(pk=first.revision_id)
    assert revision.saves.count() == 5
    assert {v.author.username for v in revision.saves.all()} == {"author", "author2"}
    # the compare page and the verdict: 公表版 → 改訂案, not the last save against the one before
    case.as_("viewer")
    compare = case.page("compare", case.assessment.pk)
    assert "比較:公表中の版(令和3年3月31日)から改訂案" in compare
    assert "判定:重要な変更(再実施)" in compare
    assert "委託事項2" in compare
    assert RISKS in compare

    # --- 内部確認 and the 意見募集 ---------------------------------------------------------------
    assert "改訂案を「内部確認」にしました(第6回保存)。" in case.step("author", Status.INTERNAL_REVIEW)
    case.as_("approver")
    url = reverse("consultation_open", args=[case.assessment.pk, case.latest().number])
    data = {"opens_on": "2026-11-01", "closes_on": "2026-11-30", "contact": "区政課 096-328-2111", "purpose": PURPOSE}
    assert case.client.post(url, data).status_code == 302
    consultation = Consultation.objects.get()
    consulted = consultation.version
    assert Revision.objects.get(pk=revision.pk).status == Status.CONSULTATION
    summary = documents.summary_content(consultation)
    blocks = " ".join(f"{b.section} {b.heading} {' '.join(r.label + r.value for r in b.rows)}" for b in summary.blocks)
    assert CARD_CENTER in blocks
    assert RISKS in blocks
    assert "委託事項" in summary.changes_intro
    assert "追加" in summary.changes_intro

    # --- a save while citizens comment: the consultation stays on its save ------------------------
    case.on("2026-11-10T10:00:00+09:00")
    case.edit("author2", "II", {f"{itaku2}.6": "未定(令和8年3月頃契約締結予定)"}, "表記の統一")
    assert Revision.objects.get(pk=revision.pk).status == Status.CONSULTATION
    case.as_("viewer")
    detail = case.page("assessment_detail", case.assessment.pk)
    assert f"市民が意見を述べているのは{consulted.label}の内容です。" in detail
    assert Consultation.objects.get().version == consulted
    public = case.client.get(reverse("iken_download", args=[consultation.pk, "draft"]))
    assert public.status_code == 200
    assert "未定(令和8年3月頃に契約を締結する予定)" in _text(public.content)

    # --- a citizen comments; the body answers -----------------------------------------------------
    case.client.logout()
    comment = {"name": "熊本 花子", "address": "熊本市中央区", "phone": "096-000-0000", "email": "", "item": "II"}
    comment |= {"body": "委託先での本人確認書類の扱いを説明してください。", "website": "", "step": "send"}
    assert case.client.post(reverse("iken_detail", args=[consultation.pk]), comment).status_code == 200
    stored = Comment.objects.get()
    case.on("2026-12-01T09:00:00+09:00")
    case.as_("author")
    form = _form_fields(case.page("consultation_comment", consultation.pk, stored.pk))
    form["answer"] = "委託先では本人確認書類を複写せず、市の職員が確認します。"
    assert case.client.post(reverse("consultation_comment", args=[consultation.pk, stored.pk]), form).status_code == 302
    published = _messages(
        case.client.post(reverse("consultation_publish", args=[consultation.pk]), follow=True).content.decode()
    )
    assert "「意見の概要と市の考え方」を公表しました。" in published

    # --- 第三者点検 ----------------------------------------------------------------------------
    html = case.step("approver", Status.THIRD_PARTY_REVIEW)
    assert "改訂案を「第三者点検」にしました(第7回保存)。" in _messages(html)
    case.as_("author")
    start = reverse("review_start", args=[case.assessment.pk, case.latest().number])
    case.client.post(start, {"reviewers": [people["reviewer"].pk]})
    round_ = ReviewRound.objects.get()
    case.as_("reviewer")
    remark = {"path": "II", "text": "再委託の許諾の手順を具体的に記載すること。"}
    case.client.post(reverse("review_remark", args=[round_.pk]), remark)
    case.as_("author")
    the_remark = round_.remarks.get()
    answer = {"answer": "⑧に手順を記載しました。", "resolved": "1"}
    case.client.post(reverse("review_answer", args=[round_.pk, the_remark.pk]), answer)
    case.on("2026-12-15T15:00:00+09:00")
    case.as_("author")
    result = "特定個人情報保護評価指針に定める実施手続等に適合し、妥当である旨の答申を受けた。"
    case.client.post(reverse("review_close", args=[round_.pk]), {"result": result})
    assert ReviewRound.objects.get().closed
    assert "改訂案を「承認申請」にしました(第7回保存)。" in _messages(case.step("reviewer", Status.APPROVAL_REQUEST))

    # --- the gate before submission: Ⅵ of the previous round, rows of 別添3 ------------------------
    case.on("2026-12-16T10:00:00+09:00")
    case.as_("approver")
    detail = case.page("assessment_detail", case.assessment.pk)
    assert "記載(令和3年2月15日)が、今回の手続の記録(令和8年12月15日)と異なります" in detail
    assert "委託事項2」の(別添3)変更箇所の行がありません" in detail
    assert "「意見の提出はなかった。」" in detail  # ④主な意見の内容 carried over: a warning
    held = case.step("approver", Status.SUBMITTED, on="2026-12-16")
    assert "「承認して提出済にする」を行えません" in held
    assert "手続の記録(意見募集・第三者点検・承認)の値に更新しました" in case.fix("author", "records")
    case.edit(
        "author",
        "VI",
        {
            "VI.2.4": "委託先での本人確認書類の取扱いについて、説明を求める意見が1件提出された。",
            "VI.2.5": "意見を踏まえ、評価書の記載を確認した(評価書の修正はない)。",
        },
        "意見募集の結果",
    )
    assert "変更箇所を" in case.fix("author", "change-rows")
    case.as_("viewer")
    package = case.client.get(reverse("submission_package", args=[case.assessment.pk, case.latest().number]))
    names = zipfile.ZipFile(io.BytesIO(package.content)).namelist()
    assert "03_変更箇所_公表中の版(令和3年3月31日)から改訂案.xlsx" in names
    assert "04_評価書_赤字_公表中の版(令和3年3月31日)から改訂案.pdf" in names
    assert any("意見の概要と市の考え方" in n for n in names)
    assert any("第三者点検の結果" in n for n in names)
    submitted = _messages(case.step("approver", Status.SUBMITTED, on="2026-12-16"))
    assert any(m.startswith("改訂案を「提出済」にしました") for m in submitted), submitted

    # --- publication ----------------------------------------------------------------------------
    case.on("2027-01-08T09:00:00+09:00")
    case.as_("admin")
    detail = case.page("assessment_detail", case.assessment.pk)
    assert "「(表紙) › 公表日」を令和3年3月31日から令和9年1月8日にして公表します。" in detail
    done = _messages(case.step("admin", Status.PUBLISHED, on="2027-01-08"))
    assert any("を「公表」にしました" in m for m in done), done
    published = Revision.objects.get(pk=revision.pk)
    assert published.is_current
    assert published.published_on.isoformat() == "2027-01-08"
    values = published.published_version.content["values"]
    assert values["cover.publication_date"] == "2027-01-08"
    assert values["VI.2.2"] == {"start": "2026-11-01", "end": "2026-11-30"}
    assert values["VI.3.1"] == "2026-12-15"
    assert values["VI.3.3"] == result
    rows = [r.item for r in existing_rows(published.published_version.document())]
    assert any(r.endswith("委託事項2") for r in rows)
    assert "Ⅲ (2) 4. 特定個人情報ファイルの取扱いの委託におけるその他のリスク及びそのリスクに対する措置" in rows
    before = published.base.published_version.document()
    assert diff(before, published.published_version.document()).verdict == "reassessment"
    assert published.base.superseded_at is not None  # the 令和3年 edition is now a 過去の公表版

    # the 赤字 of the published edition is measured against the former 公表版
    red = case.client.get(
        reverse("download", args=[case.assessment.pk, published.published_version.number, "pdf-changes"])
    )
    assert "過去の公表版(令和3年3月31日)から公表中の版(令和9年1月8日)" in _disposition(red)
    # the dashboard: the deadlines count from the new 公表日, nothing is overdue
    case.as_("viewer")
    dashboard = case.page("dashboard")
    row = dashboard.split(case.assessment.title)[1].split("</tr>")[0]
    assert "公表中の版(令和9年1月8日公表)" in row
    assert "期限超過" not in row
    assert "令和9年1月8日" in row


def _disposition(response) -> str:
    from urllib.parse import unquote

    return unquote(response["Content-Disposition"])


def _messages(html: str) -> list[str]:
    return re.findall(r'<li class="(?:error|warning|success|info)[^"]*">(.*?)</li>', html, re.S)

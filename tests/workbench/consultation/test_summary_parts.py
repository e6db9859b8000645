"""The 概要版's reworded parts per consultation: 主な修正箇所, each schedule row (時期 and 内容) and
問合せ先, pre-filled with the generated text, stored on the Consultation (blank = generated),
reset on request, audited, printed in the PDF and Word 概要版, and carried over to the next
consultation of the same 評価書 where they still fit."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape
from typing import Any

import docx
import pypdfium2 as pdfium
import pytest
from conftest import example, open_for_comment
from django.urls import reverse

from workbench.assessments import actions as assessment_actions
from workbench.assessments.actions import create_assessment
from workbench.assessments.models import Status
from workbench.audit.models import AuditEvent
from workbench.consultation import actions, documents
from workbench.consultation.models import Consultation
from workbench.consultation.summary_texts import Row
from workbench.procedure import actions as procedure_actions

pytestmark = pytest.mark.django_db

PURPOSE = "本市では、新しい業務委託を実施いたします。"
# The seed's own wording (熊本市 素案概要版; see tests/pia/render/seed-summary-excerpt.txt).
SEED_INTRO = (
    "既存の住民基本台帳に関する事務の特定個人情報保護評価書における「II 特定個人情報ファイルの概要 (2) "
    "(本人確認情報ファイル) → 4. 特定個人情報ファイルの取扱いの委託」に今回の業務委託を「委託事項 2」として追加し、"
    "「III リスク対策 (プロセス) (2) (本人確認情報ファイル) → 4. 特定個人情報ファイルの取扱いの委託」に"
    "「特定個人情報ファイルの取扱い委託における他のリスク及びそのリスクに対する措置」を追加しました。"
)
THIRD_PARTY = "第三者点検（熊本市情報公開・個人情報保護審議会内の特定個人情報保護評価専門部会）の実施"
SEED_ROWS = [
    ("R7年12月1日～R8年1月5日", "パブリックコメントの実施"),
    ("R8年1月～R8年2月(予定)", THIRD_PARTY),
    ("R8年3月（予定）", "特定個人情報保護委員会に特定個人情報保護評価書を提出\n熊本市のホームページ上で公開"),
]
CONTACT = "熊本市 政策局 情報政策課\n電話 096-328-2111"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    return squeeze("".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(data)))


@pytest.fixture
def consultation(jimu, people, freeze_clock):
    """The seed's revision (v1 公表版 → v2 with 委託事項2) open for comment in December 2026."""
    freeze_clock("2026-11-30T10:00:00+09:00")
    assessment = create_assessment(
        jimu, "full", "住基 全項目評価書", example("jumin-kihon-daicho-v1.yaml"), user=people["author"]
    )
    v1 = procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)
    v2 = assessment_actions.save_version(
        assessment, example("jumin-kihon-daicho-v2.yaml"), v1.number, user=people["author"]
    )
    consultation = open_for_comment(
        v2, people, opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 30), contact=CONTACT, purpose=PURPOSE
    )
    freeze_clock("2026-12-02T10:00:00+09:00")
    client_login = people["author"]
    return consultation, client_login


def extend_url(consultation: Consultation) -> str:
    return reverse("consultation_extend", args=[consultation.pk])


def part_url(consultation: Consultation, part: str) -> str:
    return reverse("consultation_summary_part", args=[consultation.pk, part])


def schedule_post(rows: list[tuple[str, str]], **extra: str) -> dict[str, str]:
    data = {"rows": str(len(rows))}
    for i, (when, content) in enumerate(rows):
        data[f"when_{i}"], data[f"content_{i}"] = when, content
    return {**data, **extra}


def summary_pdf(client, consultation: Consultation) -> str:
    return pdf_text(client.get(reverse("iken_download", args=[consultation.pk, "summary"])).content)


def test_the_page_starts_from_the_generated_texts(client, consultation):
    c, author = consultation
    client.force_login(author)
    html = unescape(client.get(reverse("consultation_summary", args=[c.pk])).content.decode())
    texts = documents.summary_texts(c)
    assert texts.changes_intro.startswith("既存の住民基本台帳に関する事務の特定個人情報保護評価書における「Ⅱ")
    assert texts.changes_intro in html
    assert texts.schedule[0] == Row("R8年12月1日～R8年12月30日", ("パブリックコメントの実施",))
    assert 'name="when_0" value="R8年12月1日～R8年12月30日"' in html
    assert "第三者点検の実施" in html
    assert CONTACT in html
    assert html.count('name="reset" value="1" class="secondary">自動作成の文に戻す</button>') == 3
    assert "編集済み" not in html


def test_the_seed_s_own_wording_in_the_pdf_and_word(client, consultation):
    """The project's own 概要版, reworded on the page: 3.'s paragraph and the schedule rows as the
    seed prints them (compared with whitespace removed: the PDF breaks lines inside cells)."""
    c, author = consultation
    client.force_login(author)
    assert client.post(part_url(c, "changes"), {"changes_intro": SEED_INTRO}).status_code == 302
    assert client.post(part_url(c, "schedule"), schedule_post(SEED_ROWS)).status_code == 302
    c.refresh_from_db()
    assert c.changes_intro == SEED_INTRO
    assert c.schedule_rows == [{"when": w, "content": t.split("\n")} for w, t in SEED_ROWS]
    text = summary_pdf(client, c)
    assert squeeze("3. 主な修正箇所について" + SEED_INTRO) in text
    schedule = text.split(squeeze("4. 特定個人情報保護評価のスケジュール"), 1)[1]
    seed_cells = [w + ("・" + t.replace("\n", "・") if "\n" in t else t) for w, t in SEED_ROWS]
    assert schedule.startswith(squeeze("時期内容" + "".join(seed_cells) + "5. 問合せ先" + CONTACT))
    word = client.get(reverse("consultation_summary_download", args=[c.pk, "docx"])).content
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word)).paragraphs]
    assert SEED_INTRO in paragraphs
    assert paragraphs[-2:] == CONTACT.split("\n")


def test_rewording_only_the_contents_keeps_the_dates_following_the_period(client, consultation, people):
    c, author = consultation
    client.force_login(author)
    rows = [(r.when, "\n".join(r.content)) for r in documents.summary_texts(c).schedule]
    rows[1] = (rows[1][0], rows[1][1].replace("第三者点検の実施", THIRD_PARTY))
    assert client.post(part_url(c, "schedule"), schedule_post(rows)).status_code == 302
    c.refresh_from_db()
    assert (c.schedule_rows, c.schedule_texts) == ([], {"third_party_review": THIRD_PARTY})
    extended = client.post(extend_url(c), {"closes_on": "2027-01-08", "reason": "年末年始のため"}, follow=True)
    assert "概要版の日程は編集した行のまま" not in extended.content.decode()
    c.refresh_from_db()
    text = summary_pdf(client, c)
    assert squeeze("R8年12月1日～R9年1月8日パブリックコメントの実施") in text
    assert squeeze(THIRD_PARTY) in text
    assert squeeze("第三者点検の実施") not in text


def test_rows_added_removed_and_written_freely(client, consultation):
    c, author = consultation
    client.force_login(author)
    url = part_url(c, "schedule")
    page = client.post(url, schedule_post([("R8年12月", "意見募集")], add_row="1"))
    assert page.status_code == 200
    assert 'name="when_1"' in page.content.decode()  # one more blank row, nothing saved
    c.refresh_from_db()
    assert c.schedule_rows == []
    posted = schedule_post(
        [("令和8年12月中", "意見募集"), ("消す行", "x"), ("令和9年度中(予定)", "評価書の提出\n公表")]
    )
    assert client.post(url, {**posted, "delete_1": "on", "when_3": "", "content_3": "", "rows": "4"}).status_code == 302
    c.refresh_from_db()
    assert c.schedule_rows == [
        {"when": "令和8年12月中", "content": ["意見募集"]},
        {"when": "令和9年度中(予定)", "content": ["評価書の提出", "公表"]},
    ]
    text = summary_pdf(client, c)
    assert squeeze("時期内容令和8年12月中意見募集令和9年度中(予定)・評価書の提出・公表") in text
    assert "消す行" not in text
    extended = client.post(extend_url(c), {"closes_on": "2027-01-08", "reason": "年末年始のため"}, follow=True)
    assert "概要版の日程は編集した行のまま印刷されます。" in extended.content.decode()  # rows do not follow


@pytest.mark.parametrize(
    ("part", "data", "message"),
    [
        ("schedule", schedule_post([("R8年1月", "")]), "「日程1行目の内容」を入力してください。"),
        ("schedule", schedule_post([("R8年1月", "a"), ("", "内容だけ")]), "「日程2行目の時期」を入力してください。"),
        ("schedule", schedule_post([("R8年1月", "a")], delete_0="on"), "「日程」を1行以上入力してください。"),
        ("schedule", schedule_post([("長" * 101, "a")]), "「日程1行目の時期」は100文字以内で入力してください。"),
        ("changes", {"changes_intro": "  "}, "「主な修正箇所」を入力してください。"),
        ("contact", {"contact": "長" * 2001}, "「問合せ先」は2000文字以内で入力してください。"),
    ],
)
def test_bad_input_names_the_field_and_keeps_everything(client, consultation, part, data, message):
    c, author = consultation
    client.force_login(author)
    before = {n: getattr(c, n) for n in ("changes_intro", "schedule_rows", "schedule_texts", "summary_contact")}
    response = client.post(part_url(c, part), data)
    html = unescape(response.content.decode())
    assert response.status_code == 422
    assert 'role="alert"' in html
    assert message in html
    for value in data.values():
        assert value.strip() in html  # the input is kept
    c.refresh_from_db()
    assert {n: getattr(c, n) for n in before} == before
    assert not AuditEvent.objects.filter(action="consultation.summary").exists()


@pytest.mark.parametrize(
    ("part", "data", "stored"),
    [
        ("changes", {"changes_intro": SEED_INTRO}, {"changes_intro": SEED_INTRO}),
        ("contact", {"contact": "区政課\r\n電話 096-000-0000"}, {"summary_contact": "区政課\n電話 096-000-0000"}),
        (
            "schedule",
            schedule_post([("R8年12月", "意見募集")]),
            {"schedule_rows": [{"when": "R8年12月", "content": ["意見募集"]}], "schedule_texts": {}},
        ),
    ],
)
def test_each_part_is_audited_cached_anew_and_reset(client, consultation, part, data, stored):
    c, author = consultation
    client.force_login(author)
    generated = documents.summary_input(c)
    first = documents.cache_path(c, "summary")
    assert client.post(part_url(c, part), data).status_code == 302
    c.refresh_from_db()
    assert {name: getattr(c, name) for name in stored} == stored
    assert documents.cache_path(c, "summary") != first  # the PDF is rendered anew
    event = AuditEvent.objects.get(action="consultation.summary")
    assert (event.actor, event.details["part"], event.details["reset"]) == (author, part, False)
    assert event.details["after"] == {k: v for k, v in stored.items() if v}
    assert "編集済み" in client.get(reverse("consultation_summary", args=[c.pk])).content.decode()
    assert client.post(part_url(c, part), {**data, "reset": "1"}).status_code == 302
    c.refresh_from_db()
    assert documents.summary_input(c) == generated
    assert documents.cache_path(c, "summary") == first
    reset = AuditEvent.objects.filter(action="consultation.summary").latest("id")
    assert (reset.details["reset"], reset.details["before"]) == (True, {k: v for k, v in stored.items() if v})


def test_the_generated_text_posted_back_stays_generated(client, consultation):
    c, author = consultation
    client.force_login(author)
    texts = documents.summary_texts(c)
    rows = [(r.when, "\n".join(r.content)) for r in texts.schedule]
    client.post(part_url(c, "changes"), {"changes_intro": texts.changes_intro + "\r\n"})
    client.post(part_url(c, "schedule"), schedule_post(rows))
    client.post(part_url(c, "contact"), {"contact": CONTACT})
    c.refresh_from_db()
    assert (c.changes_intro, c.schedule_rows, c.schedule_texts, c.summary_contact) == ("", [], {}, "")
    assert not AuditEvent.objects.filter(action="consultation.summary").exists()


def test_a_colleague_s_save_is_not_overwritten(client, consultation, people):
    c, author = consultation
    client.force_login(author)
    html = client.get(reverse("consultation_summary", args=[c.pk])).content.decode()
    seen = re.search(
        r'action="[^"]*/summary/changes/"[^>]*>\s*<input[^>]*>\s*<input type="hidden" name="seen" value="(\w+)"', html
    )
    assert seen is not None
    actions.update_summary_part(c, "changes", "同僚の文。", user=people["admin"])
    response = client.post(part_url(c, "changes"), {"changes_intro": "私の文。", "seen": seen.group(1)})
    html = response.content.decode()
    assert response.status_code == 409
    assert "同僚の文。" in html
    assert "私の文。" in html
    c.refresh_from_db()
    assert c.changes_intro == "同僚の文。"


@pytest.mark.parametrize("role", ["approver", "viewer"])
def test_only_editors_reword(client, consultation, people, role):
    c, _ = consultation
    client.force_login(people[role])
    page = client.get(reverse("consultation_summary", args=[c.pk])).content.decode()
    assert "概要版を編集できるのは管理者・作成者です。" in page
    assert "第三者点検の実施" in page  # the schedule is shown read-only
    for part, data in (
        ("changes", {"changes_intro": "x"}),
        ("contact", {"contact": "x"}),
        ("schedule", {"reset": "1"}),
    ):
        assert client.post(part_url(c, part), data).status_code == 403
    with pytest.raises(Exception, match="権限がありません"):
        actions.update_summary_part(c, "changes", "x", user=people[role])


def test_outsiders_and_unknown_parts(client, consultation, outsider):
    c, author = consultation
    client.force_login(author)
    assert client.post(part_url(c, "title"), {"title": "x"}).status_code == 404
    assert client.get(part_url(c, "changes")).status_code == 405
    client.force_login(outsider)
    assert client.post(part_url(c, "changes"), {"changes_intro": "x"}).status_code == 404


# --- carried over to the next consultation of the same 評価書 ---------------------------------------


def later_save(c: Consultation, people, freeze_clock, *, another_itaku: bool = False):
    """The 改訂案 saved again in January 2027: ⑥委託先名 of 委託事項2 decided (the same changes
    against the 公表版 as before), or with a 委託事項3 added as well (other changes)."""
    freeze_clock("2027-01-04T10:00:00+09:00")
    document = example("jumin-kihon-daicho-v2.yaml")
    itaku = document.values["files"][1]["II.file.4.itaku"]
    itaku[1]["II.file.4.itaku.6"] = "株式会社カードサービス"
    if another_itaku:
        itaku.append({**itaku[1], "id": "call-center", "II.file.4.itaku.name": "コールセンター業務委託"})
        document.values["files"][1]["II.file.4.kensu"] = 3
    return assessment_actions.save_version(c.version.assessment, document, c.version.number, user=people["author"])


def _next_consultation(c: Consultation, people, freeze_clock, **changes: Any) -> Consultation:
    """A further consultation of the same 評価書, opened in January 2027 on a later save."""
    version = later_save(c, people, freeze_clock, another_itaku=changes.pop("another_itaku", False))
    fields = {"contact": c.contact, "purpose": c.purpose, **changes}
    return open_for_comment(version, people, opens_on=date(2027, 1, 5), closes_on=date(2027, 2, 5), **fields)


def test_the_open_form_starts_from_the_previous_consultation(client, consultation, people, freeze_clock):
    c, author = consultation
    actions.update_summary(c, purpose="前回の目的。", badge="【案】概要版", header_note="", user=author)
    version = later_save(c, people, freeze_clock)
    client.force_login(people["approver"])
    html = client.get(reverse("consultation_open", args=[version.assessment_id, version.number])).content.decode()
    assert "前回の目的。" in html
    assert "【案】概要版" in html
    assert "熊本市 政策局 情報政策課" in html
    assert f"前回の意見募集「{c.title}」" in html


def test_opening_carries_over_what_still_fits(client, consultation, people, freeze_clock):
    c, author = consultation
    rows = [(r.when, "\n".join(r.content)) for r in documents.summary_texts(c).schedule]
    rows[1] = ("R9年1月～R9年2月 (予定)", THIRD_PARTY)  # a 時期 written freely: whole rows stored
    actions.update_summary_part(c, "schedule", [Row(w, tuple(t.split("\n"))) for w, t in rows], user=author)
    actions.update_summary_part(c, "contact", "区政課(概要版用)", user=author)
    actions.update_summary_part(c, "changes", SEED_INTRO, user=author)
    c.refresh_from_db()
    assert c.schedule_rows
    new = _next_consultation(c, people, freeze_clock)
    assert new.schedule_rows == []  # the dates come from the new period …
    assert new.schedule_texts == {"third_party_review": THIRD_PARTY}  # … the 内容 from the previous one
    assert new.summary_contact == "区政課(概要版用)"
    assert new.changes_intro == SEED_INTRO  # the same changes (v1 公表版 → v2): the paragraph still fits
    texts = documents.summary_texts(new)
    assert texts.schedule[0].when == "R9年1月5日～R9年2月5日"
    assert THIRD_PARTY in texts.schedule[1].content
    event = AuditEvent.objects.filter(action="consultation.open").latest("id")
    assert event.details["carried_from"] == c.pk
    assert event.details["carried"] == ["changes_intro", "schedule_texts", "summary_contact"]


def test_what_no_longer_fits_is_not_carried_over(consultation, people, freeze_clock):
    c, author = consultation
    actions.update_summary_part(c, "contact", "区政課(概要版用)", user=author)
    actions.update_summary_part(c, "changes", SEED_INTRO, user=author)
    actions.update_summary_part(c, "schedule", [Row("令和8年度中", ("意見募集", "提出"))], user=author)
    new = _next_consultation(c, people, freeze_clock, another_itaku=True, contact="新しい窓口")
    assert "委託事項3" in documents.summary_texts(new).generated_intro  # other changes: another paragraph
    assert (new.changes_intro, new.summary_contact, new.schedule_rows, new.schedule_texts) == ("", "", [], {})
    assert AuditEvent.objects.filter(action="consultation.open").latest("id").details["carried"] == []

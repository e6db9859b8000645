"""The pages of the 再委託 workflow: every view × every role (管理者, 作成者, 承認者, 閲覧者, a member
who is only 第三者点検委員, another organisation, anonymous), uploads through the form (a disguised
file, an oversized one), refusals answered at their field with an error summary, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workbench.contractors import actions
from workbench.contractors import resubcontracts as workflow
from workbench.contractors.actions import ContractFields, ContractorFields
from workbench.contractors.models import CheckState, ContractLink, ContractStatus, Resubcontract, ResubcontractStatus
from workbench.files.models import StoredFile

pytestmark = pytest.mark.django_db

WHO = ["admin", "author", "approver", "viewer", "reviewer", "outsider", "anonymous"]
EDITORS = {"admin", "author"}
CHECKERS = {"admin", "author", "approver"}
DECIDERS = {"admin", "approver"}
HIDDEN = {"reviewer", "outsider"}
PDF_BYTES = b"%PDF-1.7\n%%EOF\n"


@dataclass
class World:
    resub: Resubcontract
    reviewing: Resubcontract
    item: object


def _signed_center(assessment, people):
    actions.import_from_assessment(assessment, user=people["author"])
    link = ContractLink.objects.get(element_path="II.file[#honnin].4.itaku[#card-center]")
    contractor = actions.create_contractor(
        link.contract.organization, ContractorFields("株式会社センター運営"), user=people["author"]
    )
    actions.edit_contract(
        link.contract, ContractFields(name=link.contract.name, contractor=contractor), user=people["author"]
    )
    actions.set_status(link.contract, ContractStatus.SIGNED, user=people["author"])
    link.refresh_from_db()
    return link


def _fields(link, name="株式会社肥後コールセンター"):
    return workflow.ResubcontractFields(
        subcontractor_name=name, work="コールセンター", personal_data="氏名", received_on=date(2026, 4, 1), link=link
    )


@pytest.fixture
def world(assessment, people, freeze_clock):
    freeze_clock("2026-04-15T10:00:00+09:00")
    link = _signed_center(assessment, people)
    upload = [workflow.Upload("application", "申請書.pdf", PDF_BYTES)]
    resub = workflow.register_resubcontract(link.contract, _fields(link), upload, user=people["author"])
    reviewing = workflow.register_resubcontract(
        link.contract, _fields(link, "株式会社二番"), upload, user=people["author"]
    )
    workflow.start_review(reviewing, user=people["author"])
    items = list(reviewing.checklist.all())
    for item in items[1:]:
        workflow.check_item(item, CheckState.CONFIRMED, user=people["author"])
    return World(resub, reviewing, items[0])


def _client(client, people, outsider, who):
    if who == "outsider":
        client.force_login(outsider)
    elif who != "anonymous":
        client.force_login(people[who])
    return client


def _expect(who: str, allowed: set[str], ok: int) -> int:
    return ok if who in allowed else 404 if who in HIDDEN else 403


GETS: list[tuple[str, Callable[[World], str], Callable[[str], int]]] = [
    ("detail", lambda w: reverse("resubcontract_detail", args=[w.resub.pk]), lambda who: 404 if who in HIDDEN else 200),
    ("new", lambda w: reverse("resubcontract_new", args=[w.resub.contract.pk]), lambda who: _expect(who, EDITORS, 200)),
    (
        "attachment",
        lambda w: w.resub.attachments.first().file.get_absolute_url(),
        lambda who: 404 if who in HIDDEN else 200,
    ),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "url", "expected"), GETS, ids=[g[0] for g in GETS])
def test_every_page_by_role(client, people, outsider, world, who, name, url, expected):
    response = _client(client, people, outsider, who).get(url(world))
    if who == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    else:
        assert response.status_code == expected(who)


def _state(world: World):
    world.resub.refresh_from_db()
    world.reviewing.refresh_from_db()
    world.item.refresh_from_db()
    return (world.resub.status, world.reviewing.status, world.item.state, world.resub.attachments.count())


POSTS: list[tuple[str, Callable[[World], str], Callable[[World], dict], set[str]]] = [
    ("review", lambda w: reverse("resubcontract_review", args=[w.resub.pk]), lambda w: {}, EDITORS),
    ("withdraw", lambda w: reverse("resubcontract_withdraw", args=[w.resub.pk]), lambda w: {"reason": "x"}, EDITORS),
    (
        "check",
        lambda w: reverse("resubcontract_check", args=[w.reviewing.pk, w.item.pk]),
        lambda w: {f"item{w.item.pk}-state": "confirmed", f"item{w.item.pk}-note": ""},
        CHECKERS,
    ),
    (
        "attach",
        lambda w: reverse("resubcontract_attach", args=[w.resub.pk]),
        lambda w: {"kind": "pledge", "file_other": SimpleUploadedFile("誓約書.pdf", PDF_BYTES)},
        EDITORS,
    ),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "url", "data", "allowed"), POSTS, ids=[p[0] for p in POSTS])
def test_every_write_by_role(client, people, outsider, world, who, name, url, data, allowed):
    before = _state(world)
    response = _client(client, people, outsider, who).post(url(world), data(world))
    if who == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    else:
        assert response.status_code == _expect(who, allowed, 302)
    assert (_state(world) != before) == (who in allowed)


@pytest.mark.parametrize("who", WHO)
def test_the_decision_by_role(client, people, outsider, world, who):
    workflow.check_item(world.item, CheckState.CONFIRMED, user=people["admin"])
    url = reverse("resubcontract_decide", args=[world.reviewing.pk])
    response = _client(client, people, outsider, who).post(
        url, {"decision": "approved", "conditions": "", "reason": ""}
    )
    if who == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    else:
        assert response.status_code == _expect(who, DECIDERS, 302)
    world.reviewing.refresh_from_db()
    assert (world.reviewing.status == ResubcontractStatus.APPROVED) == (who in DECIDERS)


@pytest.mark.parametrize("who", WHO)
def test_registering_by_role(client, people, outsider, world, who):
    data = {
        "link": "",
        "subcontractor_name": "株式会社新規",
        "subcontractor_number": "",
        "subcontractor_address": "",
        "work": "データ入力",
        "personal_data": "氏名",
        "starts_on": "",
        "ends_on": "",
        "received_on": "令和8年4月1日",
        "file_application": SimpleUploadedFile("申請書.pdf", PDF_BYTES),
    }
    response = _client(client, people, outsider, who).post(
        reverse("resubcontract_new", args=[world.resub.contract.pk]), data
    )
    if who == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == _expect(who, EDITORS, 302)
    assert Resubcontract.objects.filter(subcontractor_name="株式会社新規").exists() == (who in EDITORS)


def _post_new(client, world, **changes):
    data = {
        "link": "",
        "subcontractor_name": "株式会社新規",
        "subcontractor_number": "",
        "subcontractor_address": "大津町",
        "work": "データ入力",
        "personal_data": "氏名",
        "starts_on": "",
        "ends_on": "",
        "received_on": "令和8年4月1日",
        "file_application": SimpleUploadedFile("申請書.pdf", PDF_BYTES),
        **changes,
    }
    return client.post(reverse("resubcontract_new", args=[world.resub.contract.pk]), data)


def test_an_exe_renamed_pdf_is_answered_at_its_field_with_the_input_kept(client, people, world):
    client.force_login(people["author"])
    files_before = StoredFile.objects.count()
    response = _post_new(client, world, file_application=SimpleUploadedFile("申請書.pdf", b"MZ" + b"\x00" * 200))
    page = response.content.decode()
    assert response.status_code == 422
    assert "「再委託申請書」: 「申請書.pdf」は添付できません。実行ファイル(プログラム)です。" in page
    assert 'href="#id_file_application"' in page
    assert 'value="大津町"' in page
    assert StoredFile.objects.count() == files_before
    assert not Resubcontract.objects.filter(subcontractor_name="株式会社新規").exists()


def test_an_oversized_upload_is_refused_unread(client, people, world, settings):
    settings.PIA_FILES_MAX_BYTES = 1024
    client.force_login(people["author"])
    response = _post_new(client, world, file_application=SimpleUploadedFile("大きい.pdf", PDF_BYTES + b"0" * 2048))
    assert response.status_code == 422
    assert "「再委託申請書」: 「大きい.pdf」は" in response.content.decode()
    assert "を超えています" in response.content.decode()
    assert not Resubcontract.objects.filter(subcontractor_name="株式会社新規").exists()


def test_an_unknown_type_and_a_future_date_are_named(client, people, world):
    client.force_login(people["author"])
    page = _post_new(client, world, file_application=SimpleUploadedFile("a.txt", b"hello")).content.decode()
    assert "受け付けられない種類のファイルです" in page
    page = _post_new(client, world, received_on="令和8年4月16日").content.decode()
    assert "「申請の受付日」(令和8年4月16日)が未来の日付です" in page
    page = _post_new(client, world, received_on="").content.decode()
    assert "「申請の受付日」を入力してください。" in page


def test_a_decision_with_an_open_item_comes_back_with_the_reason(client, people, world):
    client.force_login(people["approver"])
    url = reverse("resubcontract_decide", args=[world.reviewing.pk])
    response = client.post(url, {"decision": "approved", "conditions": "", "reason": ""})
    page = response.content.decode()
    assert response.status_code == 422
    assert "審査項目のうち1件(番号 1)がまだ確認されていません" in page
    assert 'href="#id_decision"' in page


def test_a_deficient_item_without_a_note_is_answered_at_the_item(client, people, world):
    client.force_login(people["author"])
    url = reverse("resubcontract_check", args=[world.reviewing.pk, world.item.pk])
    response = client.post(url, {f"item{world.item.pk}-state": "deficient", f"item{world.item.pk}-note": ""})
    assert response.status_code == 422
    assert "「メモ」に不備の内容を入力してください" in response.content.decode()


def test_the_pages_show_the_checklist_and_the_notice(client, people, world):
    workflow.check_item(world.item, CheckState.CONFIRMED, user=people["admin"])
    workflow.decide(world.reviewing, "approved", user=people["approver"])
    client.force_login(people["viewer"])
    page = client.get(reverse("resubcontract_detail", args=[world.reviewing.pk])).content.decode()
    assert "許諾通知書(PDF、熊市第1号)をダウンロード" in page
    assert "評価書⑧" in page
    assert "標準の確認事項" in page
    assert "決定して通知書を作成する" not in page  # decided, and a viewer anyway
    world.reviewing.refresh_from_db()
    notice = client.get(world.reviewing.notice.get_absolute_url())
    assert notice.status_code == 200
    assert notice["Content-Type"] == "application/pdf"
    contract_page = client.get(reverse("contract_detail", args=[world.resub.contract.pk])).content.decode()
    assert "再委託申請を登録する" not in contract_page  # a viewer gets no button
    assert "株式会社肥後コールセンター" in contract_page


def test_an_author_sees_no_decision_form(client, people, world):
    client.force_login(people["author"])
    page = client.get(reverse("resubcontract_detail", args=[world.reviewing.pk])).content.decode()
    assert "決定して通知書を作成する" not in page
    assert "審査項目1を記録する" in page
    client.force_login(people["approver"])
    assert (
        "決定して通知書を作成する"
        in client.get(reverse("resubcontract_detail", args=[world.reviewing.pk])).content.decode()
    )


def test_a_stale_item_form_shows_both_and_keeps_the_input(client, people, world):
    client.force_login(people["author"])
    page = client.get(reverse("resubcontract_detail", args=[world.reviewing.pk]))
    item = next(i for i in page.context["items"] if i.pk == world.item.pk)
    seen = item.form.initial["seen"]
    workflow.check_item(world.item, CheckState.DEFICIENT, "誓約書の押印がない", user=people["approver"])
    prefix = f"item{world.item.pk}"
    url = reverse("resubcontract_check", args=[world.reviewing.pk, world.item.pk])
    response = client.post(url, {f"{prefix}-state": "confirmed", f"{prefix}-note": "確認した", f"{prefix}-seen": seen})
    text = response.content.decode()
    assert response.status_code == 409
    assert "誓約書の押印がない" in text  # the colleague's note
    assert "確認した</textarea>" in text  # the input kept
    world.item.refresh_from_db()
    assert (world.item.state, world.item.note) == (CheckState.DEFICIENT, "誓約書の押印がない")
    again = response.context["items"]
    fresh = next(i for i in again if i.pk == world.item.pk).form.data[f"{prefix}-seen"]
    retry = {f"{prefix}-state": "confirmed", f"{prefix}-note": "確認した", f"{prefix}-seen": fresh}
    assert client.post(url, retry).status_code == 302
    world.item.refresh_from_db()
    assert world.item.state == CheckState.CONFIRMED

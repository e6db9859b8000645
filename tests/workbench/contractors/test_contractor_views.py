"""The pages of the 委託先 register: every view × every role (editor, reader, 第三者点検委員 only,
another organisation, anonymous), what each page shows, and bad input answered at its field with
the input kept (never a 500)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from workbench.contractors import actions
from workbench.contractors.actions import ContractorFields
from workbench.contractors.models import Certification, Contract, ContractLink, Contractor, ContractStatus

pytestmark = pytest.mark.django_db

EDITORS = {"admin", "author"}
READERS = {"approver", "viewer"}
HIDDEN = {"reviewer", "outsider"}  # a member who is only 第三者点検委員, another organisation
WHO = ["admin", "author", "approver", "viewer", "reviewer", "outsider", "anonymous"]
NAME = "株式会社肥後システムサービス"


@dataclass
class World:
    contractor: Contractor
    certification: Certification
    contract: Contract
    link: ContractLink
    assessment: object


@pytest.fixture
def world(org, people, assessment) -> World:
    actions.import_from_assessment(assessment, user=people["author"])
    contractor = Contractor.objects.get(name=NAME)
    certification = actions.add_certification(contractor, "pmark", number="10000000(01)", user=people["author"])
    link = ContractLink.objects.get(element_path="II.file[#jumin].4.itaku[#kizon-hoshu]")
    return World(contractor, certification, link.contract, link, assessment)


def _client(client, people, outsider, who):
    if who == "outsider":
        client.force_login(outsider)
    elif who != "anonymous":
        client.force_login(people[who])
    return client


def _editor_page(who: str) -> int:
    return 200 if who in EDITORS else 403 if who in READERS else 404


def _read_page(who: str) -> int:
    return 404 if who in HIDDEN else 200


def _editor_post(who: str) -> int:
    return 302 if who in EDITORS else 403 if who in READERS else 404


def _new_page(who: str) -> int:
    """Editors of any organisation may register their own 委託先 (the outsider is 管理者 of theirs)."""
    return 200 if who in EDITORS | {"outsider"} else 403


GETS: list[tuple[str, Callable[[World], str], Callable[[str], int]]] = [
    ("register", lambda w: reverse("contractor_register"), lambda who: 200),
    ("contractor_detail", lambda w: reverse("contractor_detail", args=[w.contractor.pk]), _read_page),
    ("contractor_edit", lambda w: reverse("contractor_edit", args=[w.contractor.pk]), _editor_page),
    ("contractor_new", lambda w: reverse("contractor_new"), _new_page),
    ("contract_detail", lambda w: reverse("contract_detail", args=[w.contract.pk]), _read_page),
    ("contract_edit", lambda w: reverse("contract_edit", args=[w.contract.pk]), _editor_page),
    ("contract_new", lambda w: reverse("contract_new"), _new_page),
    ("contract_proposals", lambda w: reverse("contract_proposals", args=[w.contract.pk]), _read_page),
]

POSTS: list[tuple[str, Callable[[World], str], Callable[[World], dict]]] = [
    ("status", lambda w: reverse("contract_status", args=[w.contract.pk]), lambda w: {"status": "ended"}),
    ("unlink", lambda w: reverse("contract_unlink", args=[w.contract.pk, w.link.pk]), lambda w: {}),
    (
        "certification_add",
        lambda w: reverse("certification_add", args=[w.contractor.pk]),
        lambda w: {"kind": "isms", "number": "IS 1", "expires_on": "令和9年3月31日"},
    ),
    (
        "certification_remove",
        lambda w: reverse("certification_remove", args=[w.contractor.pk, w.certification.pk]),
        lambda w: {},
    ),
    ("import", lambda w: reverse("contractor_import", args=[w.assessment.pk]), lambda w: {}),
    ("proposal_accept", lambda w: reverse("contract_proposal_accept", args=[w.contract.pk]), lambda w: {}),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "url", "expected"), GETS, ids=[g[0] for g in GETS])
def test_every_page_by_role(client, people, outsider, world, who, name, url, expected):
    response = _client(client, people, outsider, who).get(url(world))
    if who == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    else:
        assert response.status_code == expected(who)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "url", "data"), POSTS, ids=[p[0] for p in POSTS])
def test_every_write_by_role(client, people, outsider, world, who, name, url, data):
    before = (
        Contract.objects.filter(status=ContractStatus.ENDED).count(),
        ContractLink.objects.count(),
        Certification.objects.count(),
    )
    response = _client(client, people, outsider, who).post(url(world), data(world))
    if who == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    else:
        assert response.status_code == _editor_post(who)
    after = (
        Contract.objects.filter(status=ContractStatus.ENDED).count(),
        ContractLink.objects.count(),
        Certification.objects.count(),
    )
    # import: already read; proposal_accept: no proposal chosen (the flow: test_contractor_proposals)
    assert (after != before) == (who in EDITORS and name not in {"import", "proposal_accept"})


def _form_post(who: str) -> int:
    """Registering in 熊本市: its editors succeed, its other members may not; the outsider (管理者 of
    デモ町) may register only in their own body, so 熊本市 is not a choice (422, nothing created)."""
    return 302 if who in EDITORS else 422 if who == "outsider" else 403


FORM_POSTS: list[tuple[str, Callable[[World], str], Callable[[World], dict], Callable[[str], int]]] = [
    (
        "contractor_new",
        lambda w: reverse("contractor_new"),
        lambda w: {"organization": w.contractor.organization.pk, "name": "株式会社新規"},
        _form_post,
    ),
    (
        "contract_new",
        lambda w: reverse("contract_new"),
        lambda w: {"organization": w.contractor.organization.pk, "name": "新しい委託契約"},
        _form_post,
    ),
    (
        "contractor_edit",
        lambda w: reverse("contractor_edit", args=[w.contractor.pk]),
        lambda w: {"organization": w.contractor.organization.pk, "name": "株式会社新規"},
        _editor_post,
    ),
    (
        "contract_edit",
        lambda w: reverse("contract_edit", args=[w.contract.pk]),
        lambda w: {"organization": w.contract.organization.pk, "name": "新しい委託契約", "contractor": w.contractor.pk},
        _editor_post,
    ),
    (
        "contract_link",
        lambda w: reverse("contract_link", args=[w.contract.pk]),
        lambda w: {"target": f"{w.assessment.pk}|II.file[#honnin].4.itaku[#cs-hoshu]"},
        _editor_post,
    ),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "url", "data", "expected"), FORM_POSTS, ids=[p[0] for p in FORM_POSTS])
def test_every_form_by_role(client, people, outsider, world, who, name, url, data, expected):
    before = (
        Contractor.objects.filter(name="株式会社新規").count(),
        Contract.objects.filter(name="新しい委託契約").count(),
        ContractLink.objects.count(),
    )
    response = _client(client, people, outsider, who).post(url(world), data(world))
    if who == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    else:
        assert response.status_code == expected(who)
    after = (
        Contractor.objects.filter(name="株式会社新規").count(),
        Contract.objects.filter(name="新しい委託契約").count(),
        ContractLink.objects.count(),
    )
    assert (after != before) == (who in EDITORS)


@pytest.mark.parametrize("who", ["reviewer", "outsider"])
def test_the_register_shows_nothing_of_another_body(client, people, outsider, world, who):
    page = _client(client, people, outsider, who).get(reverse("contractor_register")).content.decode()
    assert NAME not in page
    assert "熊本市マイナンバーカードセンター" not in page


def test_the_register_lists_contractors_contracts_and_the_assessments_they_serve(client, people, world):
    client.force_login(people["viewer"])
    page = client.get(reverse("contractor_register")).content.decode()
    assert NAME in page
    assert "既存住基システムの運用保守業務</a>(契約済)" in page
    assert "住基 全項目評価書" in page
    assert "令和8年3月頃" in page  # the センター委託, 委託先 未定
    assert "未定(令和8年3月頃契約締結予定)" in page
    assert "委託先を登録する" not in page  # a viewer gets no buttons


def test_the_contract_page_shows_links_and_the_allowed_transitions(client, people, world):
    client.force_login(people["author"])
    page = client.get(reverse("contract_detail", args=[world.contract.pk])).content.decode()
    assert "(1) 住民基本台帳ファイル › 委託事項1 既存住基システムの運用保守業務" in page
    assert "「終了」にする" in page
    assert "「予定」にする" not in page


def test_the_assessment_page_offers_the_import_to_editors_only(client, people, assessment):
    url = reverse("assessment_detail", args=[assessment.pk])
    client.force_login(people["author"])
    assert "委託事項を委託先台帳に読み込む" in client.get(url).content.decode()
    client.force_login(people["viewer"])
    assert "委託事項を委託先台帳に読み込む" not in client.get(url).content.decode()


def test_the_import_button_reports_what_it_did(client, people, assessment):
    client.force_login(people["author"])
    response = client.post(reverse("contractor_import", args=[assessment.pk]), follow=True)
    page = response.content.decode()
    assert "委託事項4件を読み込みました(第1回保存)" in page
    assert (
        "委託契約を登録しました: 「熊本市マイナンバーカードセンター等運営業務委託」"
        "(予定、委託先 未定、締結予定 令和8年3月頃)" in page
    )
    again = client.post(reverse("contractor_import", args=[assessment.pk]), follow=True).content.decode()
    assert "紐付け 新規0件・紐付け済み4件" in again


# --- bad input ----------------------------------------------------------------------------------


def _new_contractor(client, org, **fields):
    data = {
        "organization": org.pk,
        "name": "株式会社テスト",
        "corporate_number": "",
        "address": "",
        "contact_person": "",
        "phone": "",
        "email": "",
        "notes": "",
        **fields,
    }
    return client.post(reverse("contractor_new"), data)


def test_an_invalid_number_is_answered_at_its_field_with_the_input_kept(client, org, people):
    client.force_login(people["author"])
    response = _new_contractor(client, org, corporate_number="8000012050002", address="熊本市中央区手取本町")
    page = response.content.decode()
    assert response.status_code == 422
    assert "法人番号の検査用数字(先頭の1桁)が合いません" in page
    assert 'href="#id_corporate_number"' in page  # the summary links to the field
    assert 'value="8000012050002"' in page
    assert 'value="熊本市中央区手取本町"' in page
    assert not Contractor.objects.exists()


def test_a_duplicate_number_is_answered_at_its_field(client, org, people):
    actions.create_contractor(org, ContractorFields(NAME, "7000012050002"), user=people["author"])
    client.force_login(people["author"])
    response = _new_contractor(client, org, corporate_number="７０００－０１２０－５０００２")
    assert response.status_code == 422
    assert f"すでに委託先「{NAME}」の法人番号として登録されています" in response.content.decode()
    assert Contractor.objects.count() == 1


def test_a_missing_name_and_a_bad_email_are_named(client, org, people):
    client.force_login(people["author"])
    page = _new_contractor(client, org, name="", email="not-an-address").content.decode()
    assert "「委託先名」を入力してください。" in page
    assert "「メールアドレス」の形式が正しくありません" in page


def _contract_data(org, **fields):
    return {
        "organization": org.pk,
        "name": "保守業務",
        "contractor": "",
        "starts_on": "",
        "ends_on": "",
        "expected_on": "",
        "expected_precision": "",
        "expected_text": "",
        "notes": "",
        **fields,
    }


def test_a_term_ending_before_it_starts_is_answered_at_the_end_field(client, org, people):
    client.force_login(people["author"])
    response = client.post(
        reverse("contract_new"), _contract_data(org, starts_on="令和8年4月1日", ends_on="2026-03-31")
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "「契約期間の終わり」が「契約期間の始まり」より前です。" in page
    assert 'value="令和8年4月1日"' in page
    assert not Contract.objects.exists()


def test_a_date_that_never_existed_is_named(client, org, people):
    client.force_login(people["author"])
    page = client.post(reverse("contract_new"), _contract_data(org, starts_on="令和8年2月30日")).content.decode()
    assert "「契約期間の始まり」: 日付が正しくありません" in page
    assert 'value="令和8年2月30日"' in page
    assert not Contract.objects.exists()


def test_another_organisations_contractor_cannot_be_chosen(client, org, people, other_org, outsider):
    theirs = actions.create_contractor(other_org, ContractorFields("株式会社よそ"), user=outsider)
    client.force_login(people["author"])
    response = client.post(reverse("contract_new"), _contract_data(org, contractor=str(theirs.pk)))
    assert response.status_code == 422
    assert "「委託先」を選び直してください(選べる候補にありません)。" in response.content.decode()
    assert not Contract.objects.exists()


def test_another_organisation_cannot_be_chosen(client, org, people, other_org):
    client.force_login(people["author"])
    response = _new_contractor(client, other_org)
    assert response.status_code == 422
    assert "「団体」を選び直してください" in response.content.decode()
    assert not Contractor.objects.exists()


def test_a_name_too_long_is_named(client, org, people):
    client.force_login(people["author"])
    page = _new_contractor(client, org, name="株" * 201).content.decode()
    assert "「委託先名」は200文字以内で入力してください(入力は201文字です)。" in page


def test_a_forbidden_transition_is_a_message_not_an_error(client, people, world):
    client.force_login(people["author"])
    response = client.post(reverse("contract_status", args=[world.contract.pk]), {"status": "planned"}, follow=True)
    assert response.status_code == 200
    assert "「契約済」の委託契約を「予定」にはできません" in response.content.decode()


def test_signing_an_undecided_contract_says_what_to_do(client, people, world):
    center = ContractLink.objects.get(element_path="II.file[#honnin].4.itaku[#card-center]").contract
    client.force_login(people["author"])
    response = client.post(reverse("contract_status", args=[center.pk]), {"status": "signed"}, follow=True)
    assert (
        "委託先が未定のため「契約済」にできません。先に契約を編集して「委託先」を選んでください。"
        in response.content.decode()
    )
    center.refresh_from_db()
    assert center.status == ContractStatus.PLANNED


def test_an_unknown_status_is_refused(client, people, world):
    client.force_login(people["author"])
    response = client.post(reverse("contract_status", args=[world.contract.pk]), {"status": "<script>"}, follow=True)
    assert "変更先の状態が正しくありません。" in response.content.decode()


def test_linking_without_a_choice_is_answered_at_the_field(client, people, world):
    client.force_login(people["author"])
    response = client.post(reverse("contract_link", args=[world.contract.pk]), {"target": "999|II.file[#x]"})
    assert response.status_code == 422
    assert "「紐付ける委託事項」を選び直してください。" in response.content.decode()


def test_linking_an_entrustment_through_the_page(client, people, world):
    client.force_login(people["author"])
    target = f"{world.assessment.pk}|II.file[#honnin].4.itaku[#cs-hoshu]"
    response = client.post(reverse("contract_link", args=[world.contract.pk]), {"target": target})
    assert response.status_code == 302
    assert world.contract.links.count() == 2


def test_a_stale_contractor_form_shows_both_and_keeps_the_input(client, people, world):
    client.force_login(people["author"])
    form = client.get(reverse("contractor_edit", args=[world.contractor.pk]))
    seen = form.context["form"].initial["seen"]
    actions.edit_contractor(world.contractor, ContractorFields(NAME, phone="096-111-1111"), user=people["admin"])
    data = {
        "organization": world.contractor.organization.pk,
        "name": NAME,
        "corporate_number": "",
        "address": "",
        "contact_person": "",
        "phone": "096-222-2222",
        "email": "",
        "notes": "",
        "seen": seen,
    }
    response = client.post(reverse("contractor_edit", args=[world.contractor.pk]), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "096-111-1111" in page
    assert 'value="096-222-2222"' in page
    world.contractor.refresh_from_db()
    assert world.contractor.phone == "096-111-1111"


def test_editing_a_contract_through_the_page(client, people, world):
    client.force_login(people["author"])
    form = client.get(reverse("contract_edit", args=[world.contract.pk]))
    data = {k: v if v is not None else "" for k, v in form.context["form"].initial.items()}
    data.update(starts_on="令和7年4月1日", ends_on="令和8年3月31日")
    response = client.post(reverse("contract_edit", args=[world.contract.pk]), data)
    assert response.status_code == 302
    world.contract.refresh_from_db()
    assert (world.contract.starts_on.isoformat(), world.contract.ends_on.isoformat()) == ("2025-04-01", "2026-03-31")


def test_the_register_marks_a_planned_contract_past_its_date(client, people, world, freeze_clock):
    client.force_login(people["viewer"])
    freeze_clock("2026-03-01T09:00:00+09:00")
    assert "予定日を過ぎています" not in client.get(reverse("contractor_register")).content.decode()
    freeze_clock("2026-04-02T09:00:00+09:00")
    assert "予定日を過ぎています" in client.get(reverse("contractor_register")).content.decode()


def test_the_audit_log_names_the_register_events(client, people, world):
    client.force_login(people["admin"])
    page = client.get(reverse("audit_log")).content.decode()
    assert "評価書の委託事項の読み込み" in page
    assert "委託先の認証の登録" in page

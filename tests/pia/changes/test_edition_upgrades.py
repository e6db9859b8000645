"""A 評価書 of every registered older edition is read in the latest edition of its form through
the packaged mappings, validates there, and diffs against a document written in the latest
edition; the notes say what the reading did."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia.changes import diff
from pia.changes.upgrade import comparable
from pia.cli import main
from pia.document import Document, load_document, save_document
from pia.forms import FormTemplate, all_forms, get_form
from pia.rules.validation import check

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
LATEST_EXAMPLE = {
    "full": "jumin-kihon-daicho-v2.yaml",
    "focused": "jido-teate-focused.yaml",
    "basic": "jumin-kihon-daicho-basic.yaml",
}
OLDER = [t for t in all_forms() if not t.latest]


def as_edition(document: Document, template: FormTemplate) -> Document:
    """The document written in ``template``'s edition: its values for items that edition has."""
    old = document.copy()
    old.edition = template.edition
    keys = {i.storage_key for i in template.walk()}  # item ids and the groups of repeats (files)
    old.values = {k: v for k, v in old.values.items() if k in keys}
    return old


def latest_example(form: str) -> Document:
    return load_document(EXAMPLES / LATEST_EXAMPLE[form])


def errors(document: Document) -> list[str]:
    return [f.path for f in check(document, "submit") if f.severity.value == "error"]


def test_every_older_edition_is_registered() -> None:
    assert {t.key for t in OLDER} == {
        f"{form}@{edition}" for form in ("basic", "focused", "full") for edition in ("平成26年4月", "平成28年1月")
    }


@pytest.mark.parametrize("template", OLDER, ids=lambda t: t.key)
def test_an_old_edition_document_validates_in_its_own_edition(template: FormTemplate) -> None:
    assert errors(as_edition(latest_example(template.form), template)) == []


@pytest.mark.parametrize("template", OLDER, ids=lambda t: t.key)
def test_an_old_edition_document_is_read_in_the_latest_edition_and_validates(template: FormTemplate) -> None:
    new = latest_example(template.form)
    old = as_edition(new, template)
    latest, upgraded, notes = comparable(old, new)
    assert latest.latest
    assert upgraded.edition == latest.edition
    added = {i.id for i in latest.walk()} - {i.id for i in template.walk()}
    assert [path for path in errors(upgraded) if path.split("[")[0] not in added] == []
    assert notes[0].startswith(f"旧版の評価書(版「{template.edition}」)は移行表(")


@pytest.mark.parametrize("template", OLDER, ids=lambda t: t.key)
def test_an_old_edition_document_diffs_against_a_latest_edition_document(template: FormTemplate) -> None:
    new = latest_example(template.form)
    changes = diff(as_edition(new, template), new)
    added = {i.id for i in get_form(template.form).walk()} - {i.id for i in template.walk()}
    assert {c.path.split("[")[0] for c in changes.changes} <= added  # only what the newer edition adds
    assert changes.edition == get_form(template.form).edition


def test_the_notes_list_the_labels_the_newer_edition_prints_differently() -> None:
    new = latest_example("full")
    changes = diff(as_edition(new, get_form("full", "平成26年4月")), new)
    assert (
        "版「平成26年4月」→「平成28年1月」: 「特定個人情報保護委員会 承認日 【行政機関等のみ】」は版「平成28年1月」では"
        "「個人情報保護委員会 承認日 【行政機関等のみ】」と印刷されます"
    ) in changes.notes
    assert any(n.startswith("版「平成28年1月」→「平成30年5月」: 移行表の注記: ") for n in changes.notes)


def test_the_notes_list_the_items_the_newer_edition_adds() -> None:
    new = latest_example("basic")
    changes = diff(as_edition(new, get_form("basic", "平成28年1月")), new)
    line = (
        "版「平成28年1月」→「平成29年5月」: 新しい版で加わった項目は空欄のまま読み替えました"
        "(再評価で記入してください): 「Ⅳ リスク対策」"
    )
    assert line in changes.notes
    assert {c.path.split(".")[0] for c in changes.changes} == {"IV"}


def test_pia_changes_prints_the_mapped_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = latest_example("full")
    old_path = tmp_path / "old.yaml"
    save_document(as_edition(new, get_form("full", "平成26年4月")), old_path)
    assert main(["changes", str(old_path), str(EXAMPLES / LATEST_EXAMPLE["full"])]) == 0
    out = capsys.readouterr().out
    assert "注記: 旧版の評価書(版「平成26年4月」)は移行表(" in out
    assert "注記: 版「平成26年4月」→「平成28年1月」: 「特定個人情報保護委員会 承認日 【行政機関等のみ】」は" in out

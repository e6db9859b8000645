"""`pia new`, `pia validate`, `pia show`, `pia forms`: exit codes and output."""

import json
from pathlib import Path

import pytest

from pia.cli import main

ROOT = Path(__file__).resolve().parents[3]
V2 = str(ROOT / "examples" / "jumin-kihon-daicho-v2.yaml")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_forms_lists_the_three_forms_as_json(capsys):
    code, out, _ = run(capsys, "forms", "--json")
    rows = json.loads(out)
    assert code == 0
    assert {r["form"] for r in rows} == {"basic", "focused", "full"}
    assert all(r["items"] > 0 for r in rows)
    full = next(r for r in rows if r["form"] == "full")
    assert full["edition_label"] == "[平成30年5月 様式4]"
    assert full["important_items"] > 0


def test_forms_prints_a_line_per_edition_with_its_confidence(capsys):
    from pia.forms import all_forms
    from pia.forms.confidence import counts_text

    code, out, _ = run(capsys, "forms")
    assert code == 0
    lines = out.splitlines()
    for template in all_forms():
        line = next(x for x in lines if template.edition_label in x)
        assert (
            f"確かさ 推定(R): {counts_text(template)}" in line or f"確かさ 一部確認(P): {counts_text(template)}" in line
        )
        assert f"適用 {template.effective.date:%Y-%m-%d}" in line
    assert "[平成26年4月 様式4]  項目数" in out
    assert lines[-1].startswith("(確かさ:")


def test_forms_json_carries_the_counts_and_the_effective_date(capsys):
    code, out, _ = run(capsys, "forms", "--json")
    assert code == 0
    rows = json.loads(out)
    old = next(r for r in rows if r["edition_label"] == "[平成28年1月 様式2]")
    assert old["effective"] == {"date": "2016-01-01", "status": "R"}
    assert set(old["confidence"]) == {"V", "P", "R"}
    assert old["extends"] == "basic-h29-05"


def test_show_marks_the_items_whose_form_data_are_not_verified(capsys):
    code, out, _ = run(capsys, "show", str(ROOT / "examples" / "jumin-kihon-daicho-basic.yaml"))
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("(様式データの確かさ: 〔推定〕〔一部確認〕は、")
    assert "  ・1.対象人数" in lines  # verified heading: no mark
    assert "  評価対象の事務の対象人数は何人か〔一部確認〕: 30万人以上" in lines
    assert any(
        x.startswith("  過去1年以内に、評価実施機関において特定個人情報に関する重大事故が発生したか〔推定〕: ")
        for x in lines
    )
    assert "    ①事務の名称: 住民基本台帳に関する事務" in lines  # verified item: no mark


def test_a_clean_example_validates_with_exit_0(capsys):
    code, out, _ = run(capsys, "validate", V2, "--level", "submit")
    assert code == 0
    assert "問題はありません" in out


def test_a_draft_for_comments_validates_with_the_procedure_pending(capsys, tmp_path):
    """Ⅵ2 and Ⅵ3 record the comments and the review: not required while those are pending."""
    import yaml

    data = yaml.safe_load(Path(V2).read_text(encoding="utf-8"))
    for key in ("VI.2.2", "VI.2.4", "VI.2.5", "VI.3.1", "VI.3.2", "VI.3.3"):
        data["values"].pop(key)
    draft = tmp_path / "draft.yaml"
    draft.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(draft))
    assert code == 1
    assert "意見の聴取" in out
    assert "第三者点検" in out
    assert run(capsys, "validate", str(draft), "--pending", "consultation,third_party_review")[0] == 0
    code, _, err = run(capsys, "validate", str(draft), "--pending", "comments")
    assert code == 2
    assert "--pending の「comments」は手続の id ではありません" in err


def test_a_new_skeleton_is_fine_as_a_draft_but_blocked_for_submission(capsys, tmp_path):
    target = tmp_path / "new.yaml"
    assert run(capsys, "new", "--form", "full", "-o", str(target))[0] == 0
    assert run(capsys, "validate", str(target), "--level", "draft")[0] == 0
    code, out, _ = run(capsys, "validate", str(target), "--json")
    findings = json.loads(out)
    assert code == 1
    assert {"code", "severity", "path", "label", "message"} == set(findings[0])
    assert any(f["path"] == "cover.name" and f["code"] == "required.missing" for f in findings)


def test_new_refuses_to_overwrite_an_existing_file(capsys, tmp_path):
    target = tmp_path / "exists.yaml"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "new", "--form", "basic", "-o", str(target))
    assert code == 2
    assert "既に存在します" in err
    assert target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "見つかりません"),
        ("form: [", "YAML として読めません"),
        ("form: full\nedition: 令和99年\n", "登録されていません"),
    ],
)
def test_unreadable_input_exits_2_with_a_japanese_message_and_no_traceback(capsys, tmp_path, content, message):
    path = tmp_path / "doc.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "show", str(path))
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_unknown_edition_is_a_blocking_finding_when_validating(capsys, tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_text("form: full\nedition: 令和99年\n", encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert "令和99年" in out


def test_show_prints_headings_and_values_with_wareki_dates(capsys):
    code, out, _ = run(capsys, "show", V2)
    assert code == 0
    assert "熊本市マイナンバーカードセンター等運営業務委託" in out
    assert "委託事項2" in out
    assert "令和" in out


def test_a_terminal_gets_no_control_characters(tmp_path):
    """``ESC [31m`` in a value must not reach the user's terminal; a pipe gets the text as is."""
    import io

    from pia.cli import CleanTerminal, _terminal

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    stream = _terminal(tty)
    assert isinstance(stream, CleanTerminal)
    stream.write("値\x1b[31m赤\x07\x0bです\n")
    assert tty.getvalue() == "値[31m赤\nです\n"
    pipe = io.StringIO()
    assert _terminal(pipe) is pipe

"""`pia changes OLD NEW --fill -o OUT`: NEW written with the missing (別添3) rows added."""

import json
from pathlib import Path

import pytest

from pia.changes.rows import existing_rows
from pia.cli import main
from pia.document import load_document, save_document
from pia.findings import Level
from pia.rules.validation import check

ROOT = Path(__file__).resolve().parents[3]
V1 = str(ROOT / "examples" / "jumin-kihon-daicho-v1.yaml")
V2 = str(ROOT / "examples" / "jumin-kihon-daicho-v2.yaml")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_fill_writes_new_with_the_rows_added(capsys, tmp_path):
    target = tmp_path / "v2-filled.yaml"
    code, out, err = run(capsys, "changes", V1, V2, "--fill", "--date", "2026-04-01", "-o", str(target))
    assert (code, err) == (0, "")
    assert "評価書に記載済みの変更箇所: 2 行(そのまま残します)" in out
    assert "3. 令和8年4月1日 Ⅱ (2) 4. 委託の有無 ( )件" in out
    assert f"変更箇所を 5 行追加して {target} に書き出しました(判定: 重要な変更(再実施))" in out
    filled = load_document(target)
    rows = existing_rows(filled)
    assert len(rows) == 7
    assert rows[:2] == existing_rows(load_document(V2))
    assert any(r.item.endswith("委託事項2") for r in rows)
    assert {e["bessoe3.date"] for e in filled.values["bessoe3"][2:]} == {"2026-04-01"}
    assert [f for f in check(filled, Level.SUBMIT) if f.blocks] == []


def test_a_second_fill_adds_nothing(capsys, tmp_path):
    once, twice = tmp_path / "once.json", tmp_path / "twice.yaml"
    assert run(capsys, "changes", V1, V2, "--fill", "-o", str(once))[0] == 0
    code, out, _ = run(capsys, "changes", V1, str(once), "--fill", "--date", "令和8年5月1日", "-o", str(twice))
    assert code == 0
    assert "追加する変更箇所はありません(すべて記載済みです)" in out
    assert load_document(twice).values == load_document(once).values


def test_fill_json_lists_the_added_rows(capsys, tmp_path):
    target = tmp_path / "out.yaml"
    code, out, _ = run(capsys, "changes", V1, V2, "--fill", "--json", "--date", "2026-04-01", "-o", str(target))
    data = json.loads(out)
    assert code == 0
    assert data["existing"] == 2
    assert data["output"] == str(target)
    assert len(data["added"]) == 5
    assert data["added"][0]["date"] == "令和8年4月1日"
    assert {r["timing"] for r in data["added"]} == {"事前"}


def test_the_timing_options_apply_to_a_correction(capsys, tmp_path):
    new = load_document(V2)
    new.values["I.7.2"] = "区政課長(兼務)"
    changed, target = tmp_path / "v3.yaml", tmp_path / "v3-filled.yaml"
    save_document(new, changed)
    argv = ["changes", V2, str(changed), "--fill", "--timing", "事後", "--timing-note", "組織改正", "-o", str(target)]
    assert run(capsys, *argv)[0] == 0
    (row,) = existing_rows(load_document(target))[2:]
    assert (row.timing, row.timing_note, row.after) == ("事後", "組織改正", "区政課長(兼務)")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "--fill には -o で出力ファイル(.yaml または .json)を指定してください"),
        (["-o", "out.txt"], "--fill の出力ファイルは .yaml または .json にしてください"),
        (["--format", "xlsx", "-o", "out.xlsx"], "--fill と --format xlsx は同時に指定できません"),
        (["--date", "令和8年13月1日", "-o", "out.yaml"], "--date: "),
    ],
)
def test_bad_options_exit_2_in_japanese(capsys, tmp_path, monkeypatch, extra, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "changes", V1, V2, "--fill", *extra)
    assert code == 2
    assert out == ""
    assert err.startswith("エラー: ")
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_unreadable_input_and_unwritable_output_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "changes", V1, str(tmp_path / "missing.yaml"), "--fill", "-o", str(tmp_path / "o.yaml"))
    assert code == 2
    assert "が見つかりません" in err
    code, _, err = run(capsys, "changes", V1, V2, "--fill", "-o", str(tmp_path / "no" / "dir" / "o.yaml"))
    assert code == 2
    assert "に書き込めません" in err


def test_documents_of_different_forms_exit_2(capsys, tmp_path):
    basic = tmp_path / "basic.yaml"
    assert run(capsys, "new", "--form", "basic", "-o", str(basic))[0] == 0
    code, _, err = run(capsys, "changes", str(basic), V2, "--fill", "-o", str(tmp_path / "o.yaml"))
    assert code == 2
    assert err.startswith("エラー: ")
    assert "Traceback" not in err

"""`pia gate OLD NEW --records R --stage S`: the workbench's gate before 点検・提出・公表, in the CLI."""

import json
from pathlib import Path

import pytest

from pia.cli import main
from pia.document import load_document, save_document

ROOT = Path(__file__).resolve().parents[3]
V1 = str(ROOT / "examples" / "jumin-kihon-daicho-v1.yaml")
V2 = str(ROOT / "examples" / "jumin-kihon-daicho-v2.yaml")


RECORDS = """\
consultation:
  period: {start: 2025-12-01, end: 2025-12-30}
third_party_review:
  date: 令和8年2月10日
  result: 指針に定める実施手続等に適合し、妥当である旨の答申を受けた。
submission:
  date: 2026-03-02
publication:
  date: 2026-04-01
"""


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def records(tmp_path) -> Path:
    path = tmp_path / "records.yaml"
    path.write_text(RECORDS, encoding="utf-8")
    return path


def test_the_seed_revision_is_held_with_the_reasons(capsys, records):
    code, out, err = run(capsys, "gate", V1, V2, "--records", str(records), "--stage", "publish")
    assert (code, err) == (1, "")
    assert "記載(令和3年2月15日)が、今回の手続の記録(令和8年2月10日)と異なります" in out
    assert "委託事項2」の(別添3)変更箇所の行がありません" in out
    assert "「(表紙) › 公表日」を令和3年3月31日から令和8年4月1日にして公表します。" in out
    assert out.rstrip().endswith("公表の前の確認: 進められません(エラー 8 件)、その他 5 件")


def test_json_lists_every_finding(capsys, records):
    code, out, _ = run(capsys, "gate", V1, V2, "--records", str(records), "--json")
    findings = json.loads(out)
    assert code == 1
    assert {f["code"] for f in findings} >= {"gate.record_outdated", "gate.change_row_missing"}
    assert all(set(f) == {"code", "severity", "path", "message", "label"} for f in findings)


def test_a_revision_that_says_this_round_s_records_passes(capsys, records, tmp_path):
    fixed = tmp_path / "v2-fixed.yaml"
    code, _, _ = run(capsys, "changes", V1, V2, "--fill", "--date", "2026-03-01", "-o", str(fixed))
    assert code == 0
    document = load_document(fixed)
    document.values.update(
        {
            "VI.2.2": {"start": "2025-12-01", "end": "2025-12-30"},
            "VI.3.1": "2026-02-10",
            "VI.3.3": "指針に定める実施手続等に適合し、妥当である旨の答申を受けた。",
        }
    )
    save_document(document, fixed)
    code, out, err = run(capsys, "gate", V1, str(fixed), "--records", str(records), "--stage", "submit")
    assert (code, err) == (0, "")
    assert "提出の前の確認: 進められます" in out


def test_a_first_edition_has_no_published_edition(capsys):
    code, out, _ = run(capsys, "gate", "-", V1, "--stage", "review")
    assert code == 0
    assert "第三者点検・承認申請の前の確認: 進められます、その他 0 件" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- 1\n", "手続の記録は、手続ごとのマッピング"),
        ("hearing: {}\n", "不明な手続「hearing」があります"),
        ("consultation: {peroid: x}\n", "「consultation」(意見募集)の記録に不明な項目「peroid」があります"),
        ("third_party_review: {date: 令和8年13月1日}\n", "「third_party_review.date」の日付が読めません"),
        ("consultation: {period: 2025-12-01}\n", "「consultation.period」は start と end の日付で書いてください"),
        ("consultation: {consulted: missing.yaml}\n", "が見つかりません"),
        ("consultation: [\n", "YAML として読めません"),
    ],
)
def test_bad_records_are_a_japanese_message_and_exit_2(capsys, tmp_path, text, message):
    path = tmp_path / "records.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "gate", V1, V2, "--records", str(path))
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err

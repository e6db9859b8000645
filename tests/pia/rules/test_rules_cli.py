"""The three rules commands, each registered on a fresh parser (the lead adds them to
``pia.cli.COMMAND_MODULES``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pia.cli import deadlines_cmd, plan_cmd, threshold_cmd
from pia.cli.errors import CliError
from pia.document import DocumentError
from pia.errors import PiaError
from pia.forms import get_form
from pia.rules.deadlines import DeadlineError
from pia.rules.procedure import ProcedureError
from pia.rules.schedule import PlanError
from pia.rules.threshold import ThresholdError

MODULES = (threshold_cmd, plan_cmd, deadlines_cmd)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="pia")
    subparsers = parser.add_subparsers(dest="command")
    for module in MODULES:
        module.register(subparsers)
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code, capsys.readouterr().out


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
    code, out = run([*argv, "--json"], capsys)
    return code, json.loads(out)


def write_document(tmp_path: Path, form: str, **values: Any) -> str:
    path = tmp_path / f"{form}.yaml"
    data = {"form": form, "edition": get_form(form).edition, "body_type": "local", "values": values}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


# --- pia threshold ----------------------------------------------------------------------


def test_threshold_json_has_required_voluntary_and_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(["threshold", "--subjects", "150,000", "--handlers", "500", "--on", "2025-12-01"], capsys)
    assert code == 0
    assert data["required"] == ["basic", "full"]
    assert data["voluntary"] == []
    assert all({"code", "message", "source"} <= set(r) for r in data["reasons"])


def test_threshold_counts_incident_dates_against_the_reference_date(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["threshold", "--subjects", "50000", "--handlers", "10", "--on", "R7.12.1"]
    _, inside = run_json([*argv, "--incident-date", "2024-12-02"], capsys)
    _, outside = run_json([*argv, "--incident-date", "2024-11-30"], capsys)
    assert inside["level"] == "focused"
    assert outside["level"] == "basic"


def test_threshold_exemption(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(["threshold", "--exempt", "manual", "--on", "2025-12-01"], capsys)
    assert data["required"] == []
    assert data["reasons"][0]["code"] == "threshold.exempt.manual"


def test_threshold_plain_output_is_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["threshold", "--subjects", "300000", "--handlers", "1", "--on", "2025-12-01"], capsys)
    assert code == 0
    assert "必要な評価書: 基礎項目評価書、全項目評価書" in out
    assert "対象人数30万人以上のため" in out
    assert "根拠:" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["threshold", "--subjects", "10"], "--handlers"),
        (["threshold", "--subjects", "10", "--handlers", "1", "--on", "R7.2.30"], "--on の日付が読めません"),
        (["threshold", "--exempt", "party"], "--exempt「party」はありません"),
    ],
)
def test_threshold_user_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(CliError, match=message):
        run(argv, capsys)


def test_threshold_bad_number_is_an_argument_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["threshold", "--subjects", "many", "--handlers", "1"], capsys)
    assert "人数は整数で指定してください" in capsys.readouterr().err


def basic_document(tmp_path: Path, **changes: str) -> str:
    values = {
        "cover.name": "住民基本台帳に関する事務 基礎項目評価書",
        "cover.publication_date": "令和7年3月31日",
        "II.1": "10万人以上30万人未満",
        "II.1.date": "令和7年4月1日",
        "II.2": "500人以上",
        "II.3": "発生なし",
        "III.1": "基礎項目評価及び全項目評価の実施が義務付けられる",
    }
    values.update(changes)
    return write_document(tmp_path, "basic", **values)


def test_threshold_file_that_agrees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["threshold", basic_document(tmp_path)], capsys)
    assert code == 0
    assert "一致しています" in out
    assert "下限100,000人を代表値" in out


def test_threshold_file_contradiction_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = basic_document(tmp_path, **{"III.1": "基礎項目評価及び重点項目評価の実施が義務付けられる"})
    code, data = run_json(["threshold", path], capsys)
    assert code == 1
    assert [(f["code"], f["path"]) for f in data["findings"]] == [("threshold.contradiction", "III.1")]
    assert data["judgement"]["level"] == "full"


def test_threshold_file_must_be_a_basic_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ThresholdError, match="基礎項目評価書にあります"):
        run(["threshold", write_document(tmp_path, "full")], capsys)


def test_threshold_file_and_numbers_do_not_mix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(CliError, match="使えません"):
        run(["threshold", basic_document(tmp_path), "--subjects", "5"], capsys)


def test_threshold_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(DocumentError, match="見つかりません"):
        run(["threshold", "no-such-file.yaml"], capsys)


# --- pia plan ---------------------------------------------------------------------------


def test_plan_backwards_json(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", "--level", "full", "--body", "local", "--occasion", "important_change", "--effective", "2026-04-01"]
    code, data = run_json(argv, capsys)
    assert code == 0
    assert [s["step"] for s in data["steps"]][-1] == "publication"
    assert all({"step", "start", "end", "label"} <= set(s) for s in data["steps"])
    assert max(s["end"] for s in data["steps"]) < "2026-04-01"


def test_plan_forwards_plain_table_has_wareki_and_iso(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", "--level", "full", "--body", "local", "--start", "R7.12.1", "--from", "意見聴取"]
    code, out = run([*argv, "--effective", "R8.4.1"], capsys)
    assert code == 0
    assert "公示・意見聴取" in out
    assert "R7年12月1日(2025-12-01)" in out
    assert "R8年1月5日(2026-01-05)" in out


def test_plan_short_comment_needs_a_reason(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", "--level", "full", "--body", "local", "--effective", "2026-04-01", "--comment-days", "20"]
    with pytest.raises(PlanError, match="特段の理由"):
        run(argv, capsys)
    code, out = run([*argv, "--reason", "施行日が迫っているため"], capsys)
    assert code == 0
    assert "短縮理由: 施行日が迫っているため" in out


def test_plan_late_forward_plan_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", "--level", "full", "--body", "local", "--start", "2026-02-01", "--effective", "2026-04-01"]
    code, out = run(argv, capsys)
    assert code == 1
    assert "plan.too_late" in out


@pytest.mark.parametrize(
    ("argv", "message", "error"),
    [
        (["plan", "--level", "full", "--effective", "2026-04-01"], "--body", CliError),
        (["plan", "--level", "full", "--body", "local"], "--effective", CliError),
        (
            [
                "plan",
                "--level",
                "basic",
                "--body",
                "local",
                "--occasion",
                "important_change",
                "--effective",
                "2026-04-01",
            ],
            "重要な変更",
            ProcedureError,
        ),
        (["plan", "--level", "full", "--body", "local", "--start", "2025-12-01", "--from", "宴会"], "--from", CliError),
    ],
)
def test_plan_user_errors(
    argv: list[str], message: str, error: type[PiaError], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(error, match=message):
        run(argv, capsys)


SEED_PLAN = """\
- step: パブリックコメント
  start: R7年12月1日
  end: R8年1月5日
- step: 第三者点検
  start: R8年1月
  end: R8年2月
- step: 提出
  start: R8年3月
- step: 公表
  start: R8年3月
"""


def test_plan_check_accepts_the_seed_schedule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(SEED_PLAN, encoding="utf-8")
    code, out = run(["plan", "--check", str(path), "--effective", "R8年4月1日"], capsys)
    assert code == 0
    assert "手続を止める問題はありません" in out


def test_plan_check_exits_1_on_blocking_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(SEED_PLAN.replace("R8年1月5日", "R7年12月20日"), encoding="utf-8")
    code, data = run_json(["plan", "--check", str(path), "--effective", "2026-04-01"], capsys)
    assert code == 1
    assert "plan.comment_too_short" in [f["code"] for f in data["findings"]]


def test_plan_check_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("- step: [unclosed", encoding="utf-8")
    with pytest.raises(CliError, match="YAML として読めません"):
        run(["plan", "--check", str(path)], capsys)
    with pytest.raises(CliError, match=r"日程表 .*none\.yaml: ファイルが見つかりません"):
        run(["plan", "--check", str(tmp_path / "none.yaml")], capsys)


# --- pia deadlines ----------------------------------------------------------------------


def test_deadlines_overdue_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_document(tmp_path, "full", **{"cover.name": "住基 全項目評価書", "cover.publication_date": "R3.3.31"})
    code, data = run_json(["deadlines", path, "--on", "2026-06-01", "--reviewed", "2026-01-15"], capsys)
    assert code == 0
    assert [d["code"] for d in data["deadlines"]] == ["deadline.reassessment", "deadline.review"]
    assert data["deadlines"][0]["overdue"] is True
    assert data["published"] == "2021-03-31"


def test_deadlines_plain_output_with_end_of_jimu(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_document(tmp_path, "basic", **{"cover.publication_date": "2021-03-31"})
    code, out = run(["deadlines", path, "--on", "2026-05-01", "--ended", "2026-03-31"], capsys)
    assert code == 0
    assert "[公表継続]" in out
    assert "【令和8年3月31日 終了】" in out


def test_deadlines_need_a_publication_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(DeadlineError, match="公表日"):
        run(["deadlines", write_document(tmp_path, "full", **{"cover.name": "x"})], capsys)

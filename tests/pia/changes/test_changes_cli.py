"""``pia diff``, ``pia changes`` and ``pia summary``, registered on a fresh parser."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest
from test_changes_support import HERE, seed_v1, seed_v2

from pia.changes import DiffError
from pia.cli import changes_cmd
from pia.cli.errors import CliError
from pia.document import Document, DocumentError, save_document
from pia.summary.inputs import SummaryInputError


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="pia")
    changes_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code, capsys.readouterr().out


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.json"
    save_document(seed_v1(), old)
    save_document(seed_v2(), new)
    return str(old), str(new)


def test_diff_json(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["diff", *pair, "--json"], capsys)
    data: dict[str, Any] = json.loads(out)
    assert code == 0
    assert data["verdict"] == "reassessment"
    assert [c["change"] for c in data["changes"]] == ["modified", "added", "modified", "added", "added"]
    first = data["changes"][1]
    assert first["path"] == "II.file[#honnin].4.itaku[#card-center]"
    assert first["label"].endswith("委託事項2")
    assert first["important"] is True
    assert first["reason"]
    assert first["before"] is None
    assert first["after"]["id"] == "card-center"


def test_diff_text(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(["diff", *pair], capsys)
    assert (
        "[重要] 追加: Ⅱ 特定個人情報ファイルの概要 (2) 本人確認情報ファイル"
        " › 4.特定個人情報ファイルの取扱いの委託 › 委託事項2" in out
    )
    assert "[修正] 変更: " in out
    assert "判定: 重要な変更(再実施)(変更 5 件、うち重要な変更 4 件)" in out
    assert "手続(地方公共団体等・全項目評価・重要な変更による再実施)" in out


def test_diff_with_a_declaration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = seed_v1(), seed_v1()
    old.values["I.1.2"], new.values["I.1.2"] = "公付", "交付"
    save_document(old, tmp_path / "a.yaml")
    save_document(new, tmp_path / "b.yaml")
    _, out = run(
        ["diff", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--declare", "I.1.2=typo", "--json"], capsys
    )
    assert json.loads(out)["verdict"] == "correction"
    with pytest.raises(CliError, match="要素パス=申告"):
        run(["diff", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--declare", "typo"], capsys)
    with pytest.raises(DiffError, match="申告できるもの"):
        run(["diff", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--declare", "I.1.2=oops"], capsys)


def test_changes_rows(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["changes", *pair, "--date", "2026-04-01", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["existing"] == []
    assert [r["timing"] for r in data["rows"]] == ["事前"] * 5
    assert data["rows"][0]["date"] == "令和8年4月1日"
    _, text = run(["changes", *pair, "--date", "令和8年4月1日", "--max-chars", "40"], capsys)
    assert "1. 令和8年4月1日 Ⅱ (2) 4. 委託の有無 ( )件" in text
    assert "…(以下略、全文は評価書本文を参照)" in text
    assert "追加する変更箇所: 5 行(判定: 重要な変更(再実施))" in text


def test_changes_bad_options(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(CliError, match="--date"):
        run(["changes", *pair, "--date", "令和8年13月1日"], capsys)
    with pytest.raises(CliError, match="--max-chars"):
        run(["changes", *pair, "--max-chars", "5"], capsys)


def test_summary_to_stdout_and_file(pair: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summary_input = str(HERE / "summary-input.yaml")
    code, out = run(["summary", *pair, "--input", summary_input], capsys)
    assert code == 0
    assert out.startswith("お持ち帰り用\n\n# 住民基本台帳に関する事務の特定個人情報保護評価について")
    target = tmp_path / "概要版.md"
    _, out = run(["summary", *pair, "--input", summary_input, "-o", str(target)], capsys)
    assert f"概要版を {target} に書き出しました" in out
    assert "## 3. 主な修正箇所について" in target.read_text(encoding="utf-8")


def test_user_errors_are_core_errors(pair: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(DocumentError, match="見つかりません"):
        run(["diff", str(tmp_path / "none.yaml"), pair[1]], capsys)
    with pytest.raises(SummaryInputError, match=r"概要版の入力 .*none\.yaml: ファイルが見つかりません"):
        run(["summary", *pair, "--input", str(tmp_path / "none.yaml")], capsys)
    basic = tmp_path / "basic.yaml"
    save_document(Document("basic", "平成29年5月", "local", {}), basic)
    with pytest.raises(DiffError, match="様式の異なる評価書は比較できません"):
        run(["diff", str(basic), pair[1]], capsys)

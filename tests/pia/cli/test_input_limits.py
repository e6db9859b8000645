"""Every class of bad CLI input ends in exit 2 (or 1) with a specific Japanese message, never the
generic 「予期しない問題が発生しました」 nor a traceback (issue 13, finding 10): YAML aliases and
the alias bomb, nesting depth, file size, huge numbers, non-finite numbers, unhashable or
non-text keys, duplicate keys, YAML tags, lone surrogates, non-UTF-8, a folder, documents that
unfold into too many items or rows, dates beyond 2999, bad element ids — through the 評価書
loader and the other files the CLI reads (概要版 input, 日程表)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from pia.cli import main
from pia.document import load_document
from pia.document.codec import MAX_OCCURRENCES
from pia.inputs import MAX_BYTES, MAX_DEPTH, MAX_INT_DIGITS

ROOT = Path(__file__).resolve().parents[3]
V1 = ROOT / "examples" / "jumin-kihon-daicho-v1.yaml"
V2 = ROOT / "examples" / "jumin-kihon-daicho-v2.yaml"
SUMMARY = ROOT / "examples" / "jumin-kihon-daicho-summary.yaml"
HEAD = "form: full\nedition: 平成30年5月\nbody_type: local\nvalues:\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    os.environ.pop("PIA_DEBUG", None)
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, _, err = run(capsys, *argv)
    assert code == 2, err
    assert "予期しない問題" not in err
    assert "Traceback" not in err
    return err


def write(tmp_path: Path, text: str, name: str = "doc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def bomb() -> str:
    lines = ['  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        lines.append(f"  l{n}: &l{n} [" + ",".join([f"*{'a' if n == 1 else f'l{n - 1}'}"] * 9) + "]")
    return "\n".join(lines) + "\n"


YAML_CASES = [
    ("alias", "  cover.name: &x 評価書\n  cover.number: *x\n", r"YAML の別名\(\*名前\)は使えません\(5行目"),
    ("alias-bomb", bomb(), r"YAML の別名\(\*名前\)は使えません"),
    ("merge-key", "  <<: {cover.name: x}\n", r"YAML の結合キー\(<<\)は使えません"),
    ("depth", "  I.1.2: " + "[" * 900 + "]" * 900 + "\n", rf"入れ子が深すぎます\(上限 {MAX_DEPTH} 段\)"),
    ("depth-dict", "  I.1.2: " + "{a: " * 45 + "1" + "}" * 45 + "\n", rf"入れ子が深すぎます\(上限 {MAX_DEPTH} 段\)"),
    ("digits", "  I.1.3: " + "9" * 5000 + "\n", rf"数値の桁数が多すぎます\(上限 {MAX_INT_DIGITS} 桁"),
    ("nan", "  I.1.3: .nan\n", r"数値「\.nan」は使えません"),
    ("inf", "  I.1.3: -.inf\n", r"数値「-\.inf」は使えません"),
    ("list-key", "  ? [a]\n  : b\n", r"マッピングのキーは文字列にしてください"),
    ("duplicate-key", "  cover.name: a\n  cover.name: b\n", r"キー「cover.name」が同じマッピングに2回書かれています"),
    ("binary", "  cover.name: !!binary aGk=\n", r"YAML のタグ「!!binary」は使えません"),
    ("set", "  cover.name: !!set {a}\n", r"YAML のタグ「!!set」は使えません"),
    ("python", "  cover.name: !!python/object:os.system x\n", r"YAML のタグ「!!python/object:os.system」は使えません"),
    ("surrogate", '  cover.name: "\\ud800"\n', r"YAML として読めません"),
    ("tab", "  cover.name: a\n\tcover.number: b\n", r"YAML として読めません\(6行目 1列目: .*タブ"),
    ("unclosed", '  cover.name: "abc\n', r"YAML として読めません"),
]


@pytest.mark.parametrize(("case", "values", "message"), YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_yaml_document_refusals(tmp_path, capsys, case, values, message):
    path = write(tmp_path, HEAD + values)
    for command in (["validate", path], ["show", path], ["render", path, "-o", tmp_path / "x.html"]):
        err = refused(capsys, *command)
        assert f"ファイル '{path}'" in err or str(path) in err
        assert re.search(message, err), err


JSON_CASES = [
    ("digits", '{"I.1.3": ' + "9" * 5000 + "}", rf"数値の桁数が多すぎます\(上限 {MAX_INT_DIGITS} 桁"),
    ("nan", '{"I.1.3": NaN}', r"NaN は JSON の値ではありません"),
    ("huge-float", '{"I.1.3": 1e99999}', r"数値「1e99999」は大きすぎます"),
    ("depth", '{"I.1.2": ' + "[" * 900 + "]" * 900 + "}", rf"入れ子が深すぎます\(上限 {MAX_DEPTH} 段\)"),
    ("very-deep", '{"I.1.2": ' + "[" * 100000 + "]" * 100000 + "}", r"入れ子が深すぎます"),
    ("duplicate-key", '{"cover.name": "a", "cover.name": "b"}', r"キー「cover.name」が同じオブジェクトに2回"),
    ("surrogate", '{"cover.name": "\\ud800"}', r"U\+D800\(対になっていないサロゲート\)は使えません"),
    ("syntax", '{"cover.name": ', r"JSON として読めません\(1行目"),
]


@pytest.mark.parametrize(("case", "values", "message"), JSON_CASES, ids=[c[0] for c in JSON_CASES])
def test_json_document_refusals(tmp_path, capsys, case, values, message):
    path = write(tmp_path, '{"form": "full", "edition": "平成30年5月", "values": ' + values + "}", "doc.json")
    err = refused(capsys, "validate", path)
    assert re.search(message, err), err


@pytest.mark.parametrize(
    ("top", "message"),
    [
        ("body_type: [a]", r"body_type は local\(地方公共団体等\)か national\(行政機関等\)です: '\['a'\]'"),
        ("body_type: {a: 1}", r"body_type は local"),
        ("values: [1, 2]", r"'values' はマッピングでなければなりません"),
        ("form: [full]", r"'form'\(様式の種類\)が指定されていません"),
        ("other: 1", r"不明な最上位キー other"),
    ],
)
def test_wrong_shapes_at_the_top(tmp_path, capsys, top, message):
    text = "form: full\nedition: 平成30年5月\nvalues: {}\n"
    key = top.split(":")[0]
    lines = [line for line in text.splitlines() if not line.startswith(key + ":")]
    path = write(tmp_path, "\n".join([*lines, top]) + "\n")
    err = refused(capsys, "validate", path)
    assert re.search(message, err), err


def test_a_file_over_the_size_limit(tmp_path, capsys):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.write(HEAD.encode())
        handle.write(b"  cover.name: '")
        handle.truncate(MAX_BYTES + 10)  # sparse: no 16 MiB written
    err = refused(capsys, "validate", path)
    assert f"ファイルが大きすぎます(上限 {MAX_BYTES // (1024 * 1024)} MiB)" in err


def test_files_that_cannot_be_read(tmp_path, capsys):
    (tmp_path / "latin1.yaml").write_bytes(HEAD.encode() + "  cover.name: caf\xe9\n".encode("latin-1"))
    assert "UTF-8 のテキストではありません" in refused(capsys, "validate", tmp_path / "latin1.yaml")
    (tmp_path / "folder.yaml").mkdir()
    assert "フォルダです" in refused(capsys, "validate", tmp_path / "folder.yaml")
    assert "ファイルが見つかりません" in refused(capsys, "show", tmp_path / "none.yaml")


def test_a_document_that_unfolds_into_too_many_items(tmp_path, capsys):
    """2,000 empty files are 30 KB of YAML but ~370,000 items along the form."""
    elements = "".join(f"  - id: f{n}\n" for n in range(2000))
    path = write(tmp_path, HEAD + "  files:\n" + elements)
    err = refused(capsys, "validate", path)
    assert f"評価書が大きすぎます(項目と繰り返しの要素が {MAX_OCCURRENCES:,} を超えています)" in err


def test_a_document_that_prints_too_many_rows(tmp_path, capsys):
    """Under the item limit but over the printed-row limit: 700 委託事項 of about 15 rows each."""
    elements = "".join(f"      - id: e{n}\n        II.file.4.itaku.name: 委託{n}\n" for n in range(700))
    path = write(tmp_path, HEAD + "  files:\n  - id: f1\n    II.file.4.itaku:\n" + elements)
    load_document(path)  # readable
    err = refused(capsys, "render", path, "-o", tmp_path / "out.docx")
    assert "が大きすぎて出力できません(" in err
    assert "上限 10,000 行" in err


def test_dates_beyond_2999_are_refused_with_a_message(tmp_path, capsys):
    path = write(tmp_path, HEAD + "  cover.publication_date: 9999-12-31\n")
    code, out, _err = run(capsys, "validate", path, "--level", "draft")
    assert code == 1
    assert "2999年までの日付にしてください" in out
    plan = write(tmp_path, "- {step: パブリックコメント, start: 9999-12-01, end: 9999-12-31}\n", "plan.yaml")
    code, out, _ = run(capsys, "plan", "--check", plan, "--json")
    assert code == 1
    assert "2999年までの日付にしてください" in out


def test_element_ids_that_are_no_ids(tmp_path, capsys):
    text = V2.read_text(encoding="utf-8").replace("- id: honnin", "- id: '#set page() ]]'", 1)
    path = write(tmp_path, text)
    for command in (["diff", V1, path], ["changes", V1, path, "--json"], ["render", path, "--changes-from", V1]):
        extra = ["-o", tmp_path / "out.html"] if command[0] == "render" else []
        err = refused(capsys, *command, *extra)
        assert "の id「#set page() ]]」は使えません(英数字で始まり" in err
    code, out, _ = run(capsys, "validate", path, "--level", "draft")
    assert code == 1
    assert "2件目に正しい id(半角英数字・-・_ で64文字まで)がありません。 (repeat.bad-id)" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("purpose: &p x\ntitle: *p\n", r"概要版の入力 .*: YAML の別名"),
        ("purpose: " + "[" * 900 + "]" * 900 + "\n", r"概要版の入力 .*: 入れ子が深すぎます"),
        ("purpose: x\npurpose: y\n", r"概要版の入力 .*: 1行目|2行目.*2回書かれています"),
        ("title: !!binary aGk=\n", r"概要版の入力 .*: .*YAML のタグ「!!binary」は使えません"),
    ],
)
def test_the_summary_input_meets_the_same_limits(tmp_path, capsys, text, message):
    spec = write(tmp_path, text, "summary.yaml")
    err = refused(capsys, "summary", V1, V2, "--input", spec)
    assert re.search(message, err), err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- &s {step: 提出, start: R8年3月}\n- *s\n", r"日程表 .*: YAML の別名"),
        ("- " + "[" * 900 + "]" * 900 + "\n", r"日程表 .*: 入れ子が深すぎます"),
        ("- {step: 提出, start: " + "1" * 80 + "}\n", r"日程表 .*: .*数値の桁数が多すぎます"),
    ],
)
def test_the_plan_file_meets_the_same_limits(tmp_path, capsys, text, message):
    plan = write(tmp_path, text, "plan.yaml")
    err = refused(capsys, "plan", "--check", plan)
    assert re.search(message, err), err


def test_json_plan_and_summary_inputs_are_read_as_json(tmp_path, capsys):
    plan = write(tmp_path, json.dumps([{"step": "提出", "start": "R8年3月"}], ensure_ascii=False), "plan.json")
    code, _, _ = run(capsys, "plan", "--check", plan)
    assert code in (0, 1)
    spec = write(tmp_path, '{"purpose": "x", "purpose": "y"}', "summary.json")
    assert "2回書かれています" in refused(capsys, "summary", V1, V2, "--input", spec)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate"], "エラー: pia validate: 次の引数を指定してください: file"),
        (["validate", "x", "--level", "y"], "--level に 'y' は指定できません(使える値: 'draft', 'submit', 'publish')"),
        (["changes", "a", "b", "--max-chars", "x"], "--max-chars の値 'x' が正しくありません(整数を指定してください)"),
        (["validate", "a", "--bogus"], "エラー: pia: 知らない引数があります: --bogus"),
        (["render", "a", "-o"], "-o/--output には値を1つ指定してください"),
        (["nope"], "COMMAND に 'nope' は指定できません"),
    ],
)
def test_usage_errors_are_japanese(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert message in err
    assert err.startswith("使い方: pia")


def test_entries_of_repeats_that_are_no_elements(tmp_path, capsys):
    """Found by the fuzzer: a repeat holding a text or null beside its elements, an added element
    with such entries inside, a change table that is no list — findings or exit 2, no crash."""
    import yaml

    data = yaml.safe_load(V2.read_text(encoding="utf-8"))
    added = {"id": "new-file", "II.file.1": "新ファイル", "II.file.4.itaku": ["x", None, {"id": "a"}]}
    data["values"]["files"].append(added)
    data["values"]["files"][0]["II.file.4.itaku"].insert(0, "委託ではない文字列")
    path = write(tmp_path, yaml.safe_dump(data, allow_unicode=True))
    spec = write(tmp_path, SUMMARY.read_text(encoding="utf-8"), "summary.yaml")
    for argv in (
        ["validate", path],
        ["diff", V1, path],
        ["changes", V1, path, "--json"],
        ["summary", V1, path, "--input", spec, "-o", tmp_path / "s.html"],
        ["render", path, "--changes-from", V1, "--public", "-o", tmp_path / "r.html"],
    ):
        code, _, err = run(capsys, *argv)
        assert code in (0, 1), (argv, err)
        assert not err.startswith("エラー"), (argv, err)
    data["values"]["bessoe3"] = "表ではない"
    path = write(tmp_path, yaml.safe_dump(data, allow_unicode=True))
    err = refused(capsys, "changes", V1, path, "--fill", "-o", tmp_path / "filled.yaml")
    assert "の値が表(行のリスト)になっていないため、行を追加できません" in err

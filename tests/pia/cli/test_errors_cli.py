"""``pia.cli.main`` turns every error of the core (``PiaError``) into one Japanese line and exit
code 2, in one place: a command raises the core's own error and does not translate it."""

from __future__ import annotations

import argparse

import pytest

from pia.cli import document_cmd, main
from pia.errors import PiaError
from pia.forms.loader import FormDataError, FormProblem

MESSAGE = "評価書を読めません(テスト用の問題)"


def raised(cls: type[BaseException]) -> BaseException:
    if issubclass(cls, FormDataError):  # holds the list of problems; its message joins them
        return cls([FormProblem("full-h30-05.yaml", "cover", MESSAGE)])
    return cls(MESSAGE)


def test_a_core_error_is_one_japanese_line_with_exit_2(
    core_exception: type[BaseException], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    error = raised(core_exception)

    def failing(args: argparse.Namespace) -> int:
        raise error

    monkeypatch.setattr(document_cmd, "run_validate", failing)
    assert main(["validate", "any.yaml"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"エラー: {error}\n"
    assert err.count(MESSAGE) == 1


def test_a_missing_file_is_reported_once_by_main(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "no-such-file.yaml"]) == 2
    _, err = capsys.readouterr()
    assert err.startswith("エラー: ")
    assert err.count("見つかりません") == 1
    assert err.count("\n") == 1


def test_another_error_is_not_taken_for_a_core_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(args: argparse.Namespace) -> int:
        raise KeyError("x")

    monkeypatch.setattr(document_cmd, "run_validate", failing)
    assert main(["validate", "any.yaml"]) == 2
    _, err = capsys.readouterr()
    assert "予期しない問題が発生しました(KeyError" in err
    assert not issubclass(KeyError, PiaError)

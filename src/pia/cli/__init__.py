"""The ``pia`` command. Each sub-command lives in its own module of this package.

A command module exposes ``register(subparsers)``, which adds its parser and sets
``func`` to a function ``(args) -> int`` (the exit code).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Any, NoReturn, TextIO, cast

from pia.errors import PiaError
from pia.text import clean_text

# Order is the order shown by `pia --help`.
COMMAND_MODULES = (
    "pia.cli.forms_cmd",
    "pia.cli.document_cmd",
    "pia.cli.threshold_cmd",
    "pia.cli.plan_cmd",
    "pia.cli.deadlines_cmd",
    "pia.cli.changes_cmd",
    "pia.cli.gate_cmd",
    "pia.cli.render_cmd",
    "pia.cli.import_cmd",
)


# argparse's messages (English), as the user reads them: (pattern, Japanese)
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.+)", r"次の引数を指定してください: \1"),
    (r"unrecognized arguments: (.+)", r"知らない引数があります: \1"),
    (r"argument (\S+): invalid choice: (.+) \(choose from (.+)\)", r"\1 に \2 は指定できません(使える値: \3)"),
    (r"argument (\S+): invalid int value: (.+)", r"\1 の値 \2 が正しくありません(整数を指定してください)"),
    (r"argument (\S+): invalid float value: (.+)", r"\1 の値 \2 が正しくありません(数を指定してください)"),
    (r"argument (\S+): invalid (\w+) value: (.+)", r"\1 の値 \3 が正しくありません"),
    (r"argument (\S+): expected one argument", r"\1 には値を1つ指定してください"),
    (r"argument (\S+): expected at least one argument", r"\1 には値を1つ以上指定してください"),
    (r"argument (\S+): not allowed with argument (\S+)", r"\1 と \2 は同時に指定できません"),
    (r"one of the arguments (.+) is required", r"\1 のどれかを指定してください"),
    (r"ambiguous option: (\S+) could match (.+)", r"\1 は \2 のどれか決められません(省略せずに書いてください)"),
    (r"argument (\S+): ignored explicit argument (.+)", r"\1 に値 \2 は指定できません"),
)


def japanese_usage_error(message: str) -> str:
    """An argparse error message in Japanese (an unknown one is kept as it is)."""
    for pattern, japanese in _ARGPARSE_MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, japanese, message)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "使い方: ")


class _Parser(argparse.ArgumentParser):
    """Usage errors in Japanese, exit code 2 (the sub-command parsers are of this class too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        # argparse's own headings and -h help are English; the help people read is Japanese
        self._positionals.title = "引数"
        self._optionals.title = "オプション"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "このヘルプを表示して終了する"

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"エラー: {self.prog}: {japanese_usage_error(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pia",
        description="特定個人情報保護評価(マイナンバーPIA)ワークベンチのコマンドラインツール",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMAND_MODULES:
        import_module(name).register(subparsers)
    return parser


class CleanTerminal(io.TextIOBase):
    """A terminal stream that prints no control characters (``pia.text``): a value holding
    ``ESC [ … m`` must not recolour or rewrite the user's terminal. Files and pipes get the
    output unchanged."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(clean_text(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def _terminal(stream: TextIO) -> TextIO:
    isatty = getattr(stream, "isatty", None)
    return cast(TextIO, CleanTerminal(stream)) if callable(isatty) and isatty() else stream


def main(argv: Sequence[str] | None = None) -> int:
    with contextlib.redirect_stdout(_terminal(sys.stdout)), contextlib.redirect_stderr(_terminal(sys.stderr)):
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
        code: int = args.func(args)
        return code
    except PiaError as exc:  # every error of the core: its Japanese message, exit code 2
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (`pia show … | head`): nothing is wrong
        _silence_stdout()
        return 0
    except Exception as exc:  # last resort: never a traceback for the user
        if os.environ.get("PIA_DEBUG"):
            raise
        print(f"エラー: 予期しない問題が発生しました({type(exc).__name__}: {exc})", file=sys.stderr)
        return 2


def _silence_stdout() -> None:
    """Python flushes stdout at exit; into a closed pipe that would be a second BrokenPipeError."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())  # type: ignore[union-attr]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The ``pia`` command. Each sub-command lives in its own module of this package.

A command module exposes ``register(subparsers)``, which adds its parser and sets
``func`` to a function ``(args) -> int`` (the exit code).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import TextIO, cast

from pia.cli.errors import CliError
from pia.text import clean_text

# Order is the order shown by `pia --help`.
COMMAND_MODULES = (
    "pia.cli.forms_cmd",
    "pia.cli.document_cmd",
    "pia.cli.threshold_cmd",
    "pia.cli.plan_cmd",
    "pia.cli.deadlines_cmd",
    "pia.cli.changes_cmd",
    "pia.cli.render_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    except CliError as exc:
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

"""The ``pia`` command. Each sub-command lives in its own module of this package.

A command module exposes ``register(subparsers)``, which adds its parser and sets
``func`` to a function ``(args) -> int`` (the exit code).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from pia.cli.errors import CliError

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


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        code: int = args.func(args)
        return code
    except CliError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # last resort: never a traceback for the user
        if os.environ.get("PIA_DEBUG"):
            raise
        print(f"エラー: 予期しない問題が発生しました({type(exc).__name__}: {exc})", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

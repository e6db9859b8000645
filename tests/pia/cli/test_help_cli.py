"""``pia --help`` and every sub-command's help are Japanese: usage line, headings and -h itself."""

from __future__ import annotations

import pytest

from pia.cli import build_parser, main

ENGLISH = ("usage:", "positional arguments", "options:", "show this help message")


def help_text(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as done:
        main([*([command] if command else []), "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def sub_commands() -> list[str]:
    action = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(action.choices or ())


def test_every_command_has_a_japanese_help(capsys: pytest.CaptureFixture[str]) -> None:
    commands = sub_commands()
    assert len(commands) > 10
    for command in ["", *commands]:
        text = help_text(command, capsys)
        assert text.startswith("使い方: pia"), command
        assert "このヘルプを表示して終了する" in text, command
        assert [word for word in ENGLISH if word in text] == [], command

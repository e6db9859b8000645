"""The load test refuses databases that are not meant for it (it writes demo data)."""

from __future__ import annotations

from workbench.loadtest import main


def test_the_load_test_refuses_a_production_looking_database(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pia_workbench")
    assert main(["--users", "1", "--rounds", "1"]) == 2
    assert "負荷試験用の名前ではありません" in capsys.readouterr().out

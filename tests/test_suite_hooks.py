"""The suite's own hooks (the root conftest.py), run on a scratch suite in a subprocess: a browser
test without chromium is skipped and the end of the run says so with the install command, a
failure under PIA_REQUIRE_BROWSER=1; the seed of the random order is printed."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"
SCRATCH_TESTS = """
import pytest


@pytest.mark.browser
def test_in_the_browser(chromium_path):
    assert chromium_path.exists()


def test_without_a_browser():
    pass
"""
INSTALL = "apt-get install -y chromium fonts-ipaexfont-gothic fonts-ipaexfont-mincho"
NO_PLUGINS = ("-p", "no:django", "-p", "no:randomly", "-p", "no:cacheprovider")


@pytest.fixture
def scratch(pytester, monkeypatch):
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_scratch=SCRATCH_TESTS)
    monkeypatch.delenv("PIA_REQUIRE_BROWSER", raising=False)
    monkeypatch.setenv("PIA_CHROMIUM", str(pytester.path / "no-chromium-here"))
    return pytester


def test_a_missing_chromium_skips_and_the_run_ends_with_the_install_command(scratch):
    result = scratch.runpytest_subprocess(*NO_PLUGINS)
    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*1 browser tests skipped: Debian chromium is not installed*", f"*{INSTALL}"])


def test_with_chromium_nothing_is_said(scratch, monkeypatch):
    chromium = scratch.path / "chromium"
    chromium.write_text("")
    monkeypatch.setenv("PIA_CHROMIUM", str(chromium))
    result = scratch.runpytest_subprocess(*NO_PLUGINS)
    result.assert_outcomes(passed=2)
    assert INSTALL not in result.stdout.str()


def test_a_required_browser_makes_the_skip_a_failure(scratch, monkeypatch):
    monkeypatch.setenv("PIA_REQUIRE_BROWSER", "1")
    result = scratch.runpytest_subprocess(*NO_PLUGINS)
    result.assert_outcomes(passed=1, errors=1)  # failed in setup, before any fixture
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([f"*Debian chromium is not installed*PIA_REQUIRE_BROWSER=1: {INSTALL}*"])


def test_the_run_ends_with_the_seed_of_its_order(scratch):
    result = scratch.runpytest_subprocess("-p", "no:django", "-p", "no:cacheprovider", "--randomly-seed=4242")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["Random order: --randomly-seed=4242 repeats it*"])

"""Hooks for the whole suite (tests/pia never needs Django; the workbench's setup is in
tests/workbench/conftest.py).

Browser tests carry the marker ``browser``: they need Debian chromium (``PIA_CHROMIUM``, by
default /usr/bin/chromium). Without it they are skipped and the end of the run says so loudly,
with the command that installs it; with ``PIA_REQUIRE_BROWSER=1`` (set by .ci/run) a missing
chromium fails them instead. The end of the run also names the seed of the random test order
(pytest-randomly), so a failure that depends on the order can be repeated."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]  # tests/test_suite_hooks.py runs these hooks in a scratch suite

CHROMIUM_MISSING = "Debian chromium is not installed"
INSTALL_BROWSER = "apt-get install -y chromium fonts-ipaexfont-gothic fonts-ipaexfont-mincho"


def chromium() -> Path:
    return Path(os.environ.get("PIA_CHROMIUM", "/usr/bin/chromium"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: needs Debian chromium (PIA_CHROMIUM); skipped without, failed under PIA_REQUIRE_BROWSER=1"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is None or chromium().exists():
        return
    if os.environ.get("PIA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM_MISSING} ({chromium()}) and PIA_REQUIRE_BROWSER=1: {INSTALL_BROWSER}", pytrace=False)
    pytest.skip(f"{CHROMIUM_MISSING} ({chromium()})")


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """The chromium the browser tests launch (they are skipped or failed before this without it)."""
    return chromium()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "browser" in report.keywords and CHROMIUM_MISSING in str(report.longrepr)
    ]
    if skipped:
        loud = {"red": True, "bold": True}
        terminalreporter.write_sep("!", f"{len(skipped)} browser tests skipped: {CHROMIUM_MISSING}", **loud)
        terminalreporter.write_line(f"Install it (as root), then run the tests again: {INSTALL_BROWSER}", **loud)
    seed = config.getoption("randomly_seed", default=None)
    if seed is not None and config.getoption("randomly_reorganize", default=False):
        terminalreporter.write_line(f"Random order: --randomly-seed={seed} repeats it; -p no:randomly turns it off")

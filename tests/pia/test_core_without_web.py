"""The core installs without the `web` extra: every `pia` module imports, and `pia --help` runs,
in a fresh interpreter where Django and the workbench's other packages cannot be imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

# A finder first on sys.meta_path refuses the `web` extra's packages (and the workbench itself),
# as if they were not installed; the script then imports every module of `pia` and runs the CLI.
SCRIPT = """
import importlib, pkgutil, sys

WEB = {"django", "gunicorn", "psycopg", "dj_database_url", "axes", "csp", "workbench"}

class NoWeb:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in WEB:
            raise ModuleNotFoundError(f"{name} is blocked", name=name)
        return None

sys.meta_path.insert(0, NoWeb())
try:
    import django
except ModuleNotFoundError:
    pass
else:
    sys.exit("the blocker let django through")

import pia
for module in pkgutil.walk_packages(pia.__path__, "pia."):
    if not module.name.endswith(".__main__"):  # that one is `pia` itself, run below
        importlib.import_module(module.name)
print("modules:", sum(1 for name in sys.modules if name.startswith("pia.")))

import runpy
sys.argv = ["pia", "--help"]
runpy.run_module("pia.cli", run_name="__main__")
"""


def test_every_core_module_and_the_cli_work_without_the_web_packages():
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "使い方" in result.stdout
    assert int(result.stdout.split("modules: ")[1].split()[0]) > 50  # the walk found the whole package
    assert not any(name in result.stderr for name in ("django", "Traceback"))

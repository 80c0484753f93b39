"""Runs tests/plugin_app/test_plugin_*.py in their own pytest process with the plugin installed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLUGIN_SETTINGS = "tests.plugin_app.settings"


def test_the_plugin_app_plugs_into_every_registry():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": PLUGIN_SETTINGS, "PYTHONPATH": str(ROOT)}
    env.pop("GONGKAI_DATA_DIR", None)  # the inner run makes its own temporary data directory
    if env.get("DATABASE_URL", "").startswith("postgres"):
        # pytest-django would drop the outer run's test database of the same name
        env["DATABASE_URL"] = env["DATABASE_URL"].split("?")[0] + "_plugin"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--ds={PLUGIN_SETTINGS}",
            "tests/plugin_app",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout

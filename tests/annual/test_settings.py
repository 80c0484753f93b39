"""ANNUAL_REMINDERS is settable from the environment (GONGKAI_ANNUAL_REMINDERS, JSON), like the
SITECHECK_* settings; unset, the schedule's defaults apply."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = (
    "import json; from gongkai import settings; "
    "print(json.dumps(getattr(settings, 'ANNUAL_REMINDERS', None), ensure_ascii=False))"
)


def _reminders(value: str | None):
    env = {k: v for k, v in os.environ.items() if k != "GONGKAI_ANNUAL_REMINDERS"}
    if value is not None:
        env["GONGKAI_ANNUAL_REMINDERS"] = value
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_annual_reminders_from_the_environment():
    assert _reminders('[[60, "起草年度报告"], [20, "提交主动公开审核"]]') == [
        [60, "起草年度报告"],
        [20, "提交主动公开审核"],
    ]
    assert _reminders(None) is None  # unset: cards.py falls back to schedule.DEFAULT_STEPS

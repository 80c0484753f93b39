"""Issue 10, next year's calendar: from 1 October administrators are warned (console card and daily
reminder) while next year's 放假安排 is missing."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gongkai.workcalendar.provisional import next_year_missing
from gongkai.workcalendar.tasks import send_next_year_reminders


@pytest.mark.parametrize(
    ("today", "covered", "missing"),
    [
        pytest.param(date(2026, 9, 30), {2025, 2026}, None, id="september-no-warning"),
        pytest.param(date(2026, 10, 1), {2025, 2026}, 2027, id="from-1-october"),
        pytest.param(date(2026, 12, 31), {2025, 2026}, 2027, id="until-year-end"),
        pytest.param(date(2026, 11, 15), {2025, 2026, 2027}, None, id="entered-no-warning"),
        pytest.param(date(2027, 1, 5), {2026}, None, id="january-is-the-current-year-not-next"),
    ],
)
def test_next_year_missing_warning_from_october(today, covered, missing):
    assert next_year_missing(today, covered) == missing


def _at(monkeypatch, day: date) -> None:
    moment = datetime.combine(day, time(9, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "warned"), [(date(2026, 9, 30), False), (date(2026, 10, 1), True)])
def test_next_year_missing_console_card_and_daily_reminder(
    monkeypatch, admin_client, administrator, day, warned, django_capture_on_commit_callbacks
):
    administrator.email = "admin@example.gov.cn"
    administrator.save()
    _at(monkeypatch, day)
    page = admin_client.get(reverse("core:staff_home")).text
    assert ("尚未录入2027年的放假安排" in page) is warned
    with django_capture_on_commit_callbacks(execute=True):  # core.notify delivers after the commit
        assert send_next_year_reminders() == (1 if warned else 0)
    assert [message.to for message in mail.outbox] == ([["admin@example.gov.cn"]] if warned else [])

"""Reply deadlines around holidays, against the database calendar seeded from chinese_calendar, and the
3-month veto line (国办秘函〔2019〕19号)."""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from gongkai.interaction import deadlines, services
from gongkai.workcalendar.queries import get_calendar, get_provisional_calendar


def oracle(received: date, workdays: int) -> date:
    day, left = received, workdays
    while left:
        day = date.fromordinal(day.toordinal() + 1)
        if chinese_calendar.is_workday(day):
            left -= 1
    return day


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (date(2026, 9, 30), date(2026, 10, 20)),  # National Day week; Sat 10 Oct is a 调休 working day
        (date(2026, 2, 13), date(2026, 3, 5)),  # Spring Festival; Sat 14 and Sat 28 Feb are 调休 working days
        (date(2026, 10, 1), date(2026, 10, 20)),  # received on a holiday: the same as the day before it
        (date(2025, 12, 31), date(2026, 1, 15)),  # across the new year (1 Jan a holiday)
    ],
)
def test_ten_working_days_around_holidays(received, expected):
    calendar = get_calendar()
    due = deadlines.reply_deadline(calendar, received, 10)
    assert due.due == expected == oracle(received, 10)
    assert not due.provisional


@pytest.mark.django_db
def test_a_deadline_in_the_next_unentered_year_is_provisional():
    calendar = get_provisional_calendar()
    last = max(calendar.entered_years)
    due = deadlines.reply_deadline(calendar, date(last, 12, 28), 10)
    assert due.due.year == last + 1
    assert due.provisional


@pytest.mark.django_db
def test_a_year_too_far_ahead_gives_no_deadline_rather_than_a_guess():
    far = max(get_calendar().covered_years) + 3
    assert services._deadline("consultation", date(far, 3, 2)) is None


@pytest.mark.django_db
def test_working_days_taken_do_not_count_the_holiday_week():
    calendar = get_calendar()
    assert deadlines.workdays_taken(calendar, date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert deadlines.workdays_taken(calendar, date(2026, 9, 30), date(2026, 9, 30)) == 0


@pytest.mark.django_db
def test_reminder_window_counts_working_days_not_calendar_days():
    calendar = get_calendar()
    due = date(2026, 10, 8)  # the first working day after the National Day week
    assert deadlines.reminder_due(calendar, due, date(2026, 9, 30), 2)  # only 1 working day left
    assert not deadlines.reminder_due(calendar, due, date(2026, 9, 25), 2)
    assert not deadlines.reminder_due(calendar, due, date(2026, 10, 9), 2)  # past: an alert, not a reminder


def test_the_veto_line_is_three_calendar_months():
    assert deadlines.veto_line(date(2026, 1, 31)) == date(2026, 4, 30)
    assert deadlines.veto_line(date(2026, 11, 30)) == date(2027, 2, 28)
    assert not deadlines.is_veto(date(2026, 1, 31), date(2026, 4, 30))
    assert deadlines.is_veto(date(2026, 1, 31), date(2026, 5, 1))
    assert not deadlines.is_veto(date(2026, 1, 31), date(2026, 6, 1), replied=date(2026, 4, 20))

"""双公示: a 行政许可 decision is published within 7 working days of the decision (国办发〔2015〕51号);
临时报告 within 5 working days of receiving the legal document, the annual report by 15 March
(企业环境信息依法披露管理办法). Cases around the 2026 holidays and their 调休 days."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.licensing import deadlines
from gongkai.licensing.deadlines import Deadline, State
from gongkai.workcalendar.workdays import WorkdayCalendar


@pytest.mark.parametrize(
    ("decided", "due"),
    [
        (date(2026, 9, 29), date(2026, 10, 14)),  # National Day 10-01..07 off; Sat 10-10 works
        (date(2026, 9, 25), date(2026, 10, 12)),  # Friday before: 09-28..30, then 10-08, 09, 10, 12
        (date(2026, 9, 18), date(2026, 9, 29)),  # Sun 09-20 works (调休); Fri 09-25 is 中秋
        (date(2026, 10, 3), date(2026, 10, 15)),  # decided on a holiday: counting starts after it
        (date(2026, 2, 12), date(2026, 2, 28)),  # Spring Festival 02-15..23 off; Sat 02-14 and 02-28 work
        (date(2026, 2, 10), date(2026, 2, 26)),  # the 7th day falls before Sat 02-28
        (date(2026, 4, 30), date(2026, 5, 13)),  # Labour Day 05-01..05 off; Sat 05-09 works
        (date(2026, 11, 2), date(2026, 11, 11)),  # an ordinary fortnight
    ],
)
def test_publicity_due_seven_working_days_after_the_decision(calendar_2024_2026, decided, due):
    deadline = deadlines.publicity_due(decided, calendar_2024_2026)
    assert deadline == Deadline(due, provisional=False)


def test_a_deadline_in_the_year_not_yet_entered_is_provisional(calendar_2024_2026):
    # 2027's 调休 are unknown until the State Council's notice: weekends and the statutory holidays
    # (元旦 on Fri 01-01), flagged 暂定.
    deadline = deadlines.publicity_due(date(2026, 12, 28), calendar_2024_2026)
    assert deadline == Deadline(date(2027, 1, 7), provisional=True)


def test_a_year_not_covered_gives_no_date_and_names_the_year():
    deadline = deadlines.publicity_due(date(2026, 12, 28), WorkdayCalendar([2026]))
    assert deadline == Deadline(None, missing_year=2027)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 9, 30), date(2026, 10, 13)),  # National Day
        (date(2026, 2, 13), date(2026, 2, 27)),  # Spring Festival, Sat 02-14 works
        (date(2026, 3, 2), date(2026, 3, 9)),
    ],
)
def test_temporary_report_due_five_working_days_after_the_document(calendar_2024_2026, received, due):
    assert deadlines.temporary_report_due(received, calendar_2024_2026).due_on == due


def test_annual_report_due_15_march_of_the_next_year_even_on_a_sunday():
    assert deadlines.annual_report_due(2025) == date(2026, 3, 15)  # a Sunday: the date is fixed
    assert deadlines.annual_report_due(2026, (3, 31)) == date(2027, 3, 31)


DUE = Deadline(date(2026, 10, 14))


@pytest.mark.parametrize(
    ("done_on", "today", "expected"),
    [
        (date(2026, 10, 14), date(2026, 12, 1), State.ON_TIME),
        (date(2026, 10, 15), date(2026, 12, 1), State.LATE),
        (None, date(2026, 10, 15), State.OVERDUE),
        (None, date(2026, 10, 12), State.DUE_SOON),  # 10-13 and 10-14 left: 2 working days
        (None, date(2026, 10, 9), State.PENDING),  # 10-10, 12, 13, 14: 4 working days
        (None, date(2026, 10, 14), State.DUE_SOON),
    ],
)
def test_state_against_the_deadline(calendar_2024_2026, done_on, today, expected):
    assert (
        deadlines.state(deadline=DUE, done_on=done_on, today=today, calendar=calendar_2024_2026) is expected
    )


def test_a_provisional_deadline_gives_no_lateness_verdict(calendar_2024_2026):
    provisional = Deadline(date(2027, 1, 6), provisional=True)
    after = deadlines.state(
        deadline=provisional, done_on=date(2027, 1, 8), today=date(2027, 1, 8), calendar=calendar_2024_2026
    )
    assert after is State.UNKNOWN
    assert (
        deadlines.state(
            deadline=Deadline(None), done_on=None, today=date(2026, 1, 1), calendar=calendar_2024_2026
        )
        is State.UNKNOWN
    )

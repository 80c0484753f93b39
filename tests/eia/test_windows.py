"""The windows and deadlines of the EIA notices around the 2024–2026 holidays (gongkai/eia/windows.py).

A publicity window opens on the publication day (or the next working day) and that day counts; a
publication deadline "within N working days" does not count the day of the event."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.eia import windows
from gongkai.workcalendar.workdays import YearNotCovered


@pytest.mark.parametrize(
    ("start", "workdays", "first", "last"),
    [
        # A real 报告书 受理公示: "2024年3月1日至3月14日（10个工作日）", Friday 1 March counted.
        (date(2024, 3, 1), 10, date(2024, 3, 1), date(2024, 3, 14)),
        # Put up on a Saturday: the window opens on Monday.
        (date(2024, 3, 2), 10, date(2024, 3, 4), date(2024, 3, 15)),
        # National Day 2026 (1–7 October off, Saturday 10 October a working day).
        (date(2026, 9, 28), 10, date(2026, 9, 28), date(2026, 10, 15)),
        (date(2026, 9, 30), 5, date(2026, 9, 30), date(2026, 10, 12)),
        # Put up during the holiday: opens on 8 October.
        (date(2026, 10, 3), 5, date(2026, 10, 8), date(2026, 10, 13)),  # 8, 9, 10 (Sat), 12, 13
        # Spring Festival 2026 (15–23 February off; Saturdays 14 and 28 February working days).
        (date(2026, 2, 13), 10, date(2026, 2, 13), date(2026, 3, 4)),
        (date(2026, 2, 14), 5, date(2026, 2, 14), date(2026, 2, 27)),  # an adjusted Saturday opens it
        (date(2026, 2, 15), 5, date(2026, 2, 24), date(2026, 2, 28)),  # and an adjusted Saturday ends it
        # New Year 2026 (1–3 January off, Sunday 4 January a working day), across the year end.
        (date(2025, 12, 29), 5, date(2025, 12, 29), date(2026, 1, 5)),
        # Labour Day 2026 (1–5 May off, Saturday 9 May a working day).
        (date(2026, 4, 30), 5, date(2026, 4, 30), date(2026, 5, 9)),
        # A one-day window is the first day itself.
        (date(2026, 5, 6), 1, date(2026, 5, 6), date(2026, 5, 6)),
    ],
)
def test_publicity_window_counts_the_first_working_day(calendar, start, workdays, first, last):
    window = windows.publicity_window(start=start, workdays=workdays, calendar=calendar)
    assert (window.first_day, window.last_day, window.workdays) == (first, last, workdays)
    assert not window.provisional
    assert calendar.workdays_between(first, last) + 1 == workdays


@pytest.mark.parametrize(
    ("formed", "workdays", "due"),
    [
        # 审批决定公告 within 7 working days of the decision.
        (date(2026, 9, 30), 7, date(2026, 10, 15)),  # 8, 9, 10 (Sat), 12, 13, 14, 15 October
        (date(2026, 9, 25), 7, date(2026, 10, 12)),
        (date(2026, 2, 13), 7, date(2026, 3, 2)),
        (date(2026, 10, 2), 7, date(2026, 10, 15)),  # decided during the holiday
        # 标准目录: 20 working days from formation.
        (date(2026, 4, 30), 20, date(2026, 6, 1)),
        # the day of the event is not counted: 0 days is that day
        (date(2026, 5, 6), 0, date(2026, 5, 6)),
    ],
)
def test_publication_deadline_does_not_count_the_day_of_the_event(calendar, formed, workdays, due):
    deadline = windows.publication_deadline(formed=formed, workdays=workdays, calendar=calendar)
    assert deadline == windows.Deadline(due, False)


@pytest.mark.parametrize(
    ("start", "workdays", "last"),
    [
        # 2027 is not entered: counted on weekends and the statutory holidays (1 January) and marked 暂定.
        (date(2026, 12, 28), 10, date(2027, 1, 11)),
        (date(2026, 12, 31), 5, date(2027, 1, 7)),
    ],
)
def test_a_window_reaching_into_the_next_year_is_provisional(calendar, start, workdays, last):
    window = windows.publicity_window(start=start, workdays=workdays, calendar=calendar)
    assert window.last_day == last and window.provisional


def test_a_deadline_in_the_next_year_is_provisional(calendar):
    assert windows.publication_deadline(formed=date(2026, 12, 25), workdays=7, calendar=calendar) == (
        windows.Deadline(date(2027, 1, 6), True)
    )


def test_two_years_ahead_is_refused(calendar):
    with pytest.raises(YearNotCovered):
        windows.publicity_window(start=date(2028, 3, 1), workdays=5, calendar=calendar)


def test_a_window_needs_a_working_day():
    with pytest.raises(ValueError):
        windows.publicity_window(start=date(2026, 3, 2), workdays=0, calendar=None)


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (date(2026, 9, 25), 10),  # before it opens: all of it
        (date(2026, 9, 28), 10),  # the first day counts
        (date(2026, 10, 3), 7),  # during the holiday
        (date(2026, 10, 15), 1),  # the last day
        (date(2026, 10, 16), 0),  # over
    ],
)
def test_workdays_left(calendar, today, left):
    window = windows.publicity_window(start=date(2026, 9, 28), workdays=10, calendar=calendar)
    assert windows.workdays_left(today=today, window=window, calendar=calendar) == left
    assert window.is_open(today) == (date(2026, 9, 28) <= today <= date(2026, 10, 15))


DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 11, 30))


@given(start=DAYS, workdays=st.integers(min_value=1, max_value=20))
def test_window_shape(calendar, start, workdays):
    window = windows.publicity_window(start=start, workdays=workdays, calendar=calendar)
    assert window.first_day >= start
    assert calendar.is_workday(window.first_day) and calendar.is_workday(window.last_day)
    assert calendar.workdays_between(window.first_day, window.last_day) == workdays - 1
    longer = windows.publicity_window(start=start, workdays=workdays + 1, calendar=calendar)
    assert longer.last_day > window.last_day

"""The pure working-day calendar: 条例 Art. 33 counting ("within 20 working days of receipt": the
receipt day is not counted), holidays and 调休, and no guessing for years nobody entered."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workcalendar.workdays import DayKind, SpecialDay, WorkdayCalendar, YearNotCovered


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("received", "workdays", "expected"),
    [
        ("2026-09-28", 20, "2026-10-30"),  # 国庆节 10-01..10-07 off; Sat 10-10 is a working day
        ("2026-02-13", 20, "2026-03-19"),  # 春节 02-15..02-23 off; Sat 02-14 and 02-28 are working days
        ("2026-09-30", 1, "2026-10-08"),  # the next working day after National Day
        ("2026-10-01", 1, "2026-10-08"),  # received on a holiday: counting starts after it
        ("2026-10-09", 1, "2026-10-10"),  # an adjusted Saturday counts
        ("2026-10-10", 1, "2026-10-12"),  # an ordinary Sunday does not
        ("2026-03-04", 0, "2026-03-04"),
        ("2026-10-01", 0, "2026-10-01"),  # zero days: the start itself, even on a holiday
    ],
)
def test_add_workdays_does_not_count_the_start_day(calendar_2024_2026, received, workdays, expected):
    assert calendar_2024_2026.add_workdays(d(received), workdays) == d(expected)


@pytest.mark.parametrize(
    ("start", "workdays", "expected"),
    [
        ("2026-10-08", -1, "2026-09-30"),  # back across the National Day holiday
        ("2026-10-12", -1, "2026-10-10"),  # the adjusted Saturday is a working day going back too
        ("2026-03-02", -2, "2026-02-27"),  # Sat 02-28 (调休) is -1, Fri 02-27 is -2
        ("2026-02-24", -1, "2026-02-14"),  # over 春节 to the adjusted Saturday before it
    ],
)
def test_negative_count_goes_back(calendar_2024_2026, start, workdays, expected):
    assert calendar_2024_2026.add_workdays(d(start), workdays) == d(expected)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-09-28", "2026-10-30", 20),
        ("2026-02-13", "2026-03-19", 20),
        ("2026-10-30", "2026-09-28", -20),
        ("2026-05-06", "2026-05-06", 0),
        ("2026-09-30", "2026-10-07", 0),  # the whole holiday: no working day in (start, end]
        ("2026-09-30", "2026-10-08", 1),
        ("2025-12-31", "2026-01-05", 2),  # across the year: 01-01..01-03 off, Sun 01-04 worked, Mon 01-05
    ],
)
def test_workdays_between_counts_the_half_open_interval(calendar_2024_2026, start, end, expected):
    assert calendar_2024_2026.workdays_between(d(start), d(end)) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-10-01", "2026-10-08"),
        ("2026-10-10", "2026-10-10"),  # adjusted Saturday: itself
        ("2026-10-11", "2026-10-12"),  # Sunday: Monday
        ("2026-10-12", "2026-10-12"),
    ],
)
def test_next_workday_is_the_day_itself_or_the_first_working_day_after(calendar_2024_2026, day, expected):
    assert calendar_2024_2026.next_workday(d(day)) == d(expected)


def test_weekends_rest_and_weekdays_work_unless_a_special_day_says_otherwise():
    calendar = WorkdayCalendar(
        [2030],
        [
            SpecialDay(d("2030-01-01"), DayKind.HOLIDAY, "元旦"),  # a Tuesday
            SpecialDay(d("2030-01-05"), DayKind.WORKDAY, "元旦"),  # a Saturday
        ],
    )
    assert not calendar.is_workday(d("2030-01-01"))
    assert calendar.is_workday(d("2030-01-02"))
    assert calendar.is_workday(d("2030-01-05"))
    assert not calendar.is_workday(d("2030-01-06"))
    assert calendar.holiday_name(d("2030-01-01")) == "元旦"
    assert calendar.holiday_name(d("2030-01-05")) is None  # a working day has no holiday name
    assert calendar.holiday_name(d("2030-01-06")) is None


@pytest.mark.parametrize(
    "call",
    [
        lambda calendar: calendar.is_workday(d("2027-01-04")),
        lambda calendar: calendar.holiday_name(d("2027-01-01")),
        lambda calendar: calendar.add_workdays(d("2026-12-20"), 20),  # runs into 2027
        lambda calendar: calendar.add_workdays(d("2024-01-10"), -20),  # runs back into 2023
        lambda calendar: calendar.workdays_between(d("2026-12-01"), d("2027-01-15")),
        lambda calendar: calendar.next_workday(d("2027-01-01")),
    ],
)
def test_a_year_nobody_entered_raises_naming_the_year(calendar_2024_2026, call):
    with pytest.raises(YearNotCovered) as raised:
        call(calendar_2024_2026)
    assert raised.value.year in {2023, 2027}
    assert str(raised.value.year) in raised.value.message
    assert "工作日历" in raised.value.message


def test_a_gap_between_covered_years_is_not_guessed():
    calendar = WorkdayCalendar([2024, 2026])
    with pytest.raises(YearNotCovered) as raised:
        calendar.add_workdays(d("2024-12-20"), 20)
    assert raised.value.year == 2025
    assert "2025" in raised.value.message


def test_special_days_outside_the_covered_years_are_refused():
    with pytest.raises(ValueError, match="2027-01-01"):
        WorkdayCalendar([2026], [SpecialDay(d("2027-01-01"), DayKind.HOLIDAY, "元旦")])


# --- properties over the real 2024–2026 calendar ----------------------------------------------

# Timing deadlines off: a loaded CI machine must not turn slowness into a failure.
relaxed = settings(deadline=None)
starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31))
counts = st.integers(min_value=0, max_value=150)  # stays inside 2026 from any start above
positive_counts = st.integers(min_value=1, max_value=150)


@relaxed
@given(start=starts, count=positive_counts)
def test_property_the_deadline_is_a_working_day(calendar_2024_2026, start, count):
    assert calendar_2024_2026.is_workday(calendar_2024_2026.add_workdays(start, count))


@relaxed
@given(start=starts, count=counts)
def test_property_workdays_between_inverts_add_workdays(calendar_2024_2026, start, count):
    end = calendar_2024_2026.add_workdays(start, count)
    assert calendar_2024_2026.workdays_between(start, end) == count


@relaxed
@given(start=starts, count=positive_counts)
def test_property_the_deadline_is_the_first_day_reaching_the_count(calendar_2024_2026, start, count):
    end = calendar_2024_2026.add_workdays(start, count)
    assert calendar_2024_2026.workdays_between(start, end - timedelta(days=1)) == count - 1


@relaxed
@given(start=starts, count=counts)
def test_property_more_workdays_give_a_strictly_later_deadline(calendar_2024_2026, start, count):
    assert calendar_2024_2026.add_workdays(start, count) < calendar_2024_2026.add_workdays(start, count + 1)


@relaxed
@given(first=starts, second=starts, count=counts)
def test_property_a_later_receipt_never_gives_an_earlier_deadline(calendar_2024_2026, first, second, count):
    first, second = sorted((first, second))
    assert calendar_2024_2026.add_workdays(first, count) <= calendar_2024_2026.add_workdays(second, count)


@relaxed
@given(start=starts, first=st.integers(0, 75), second=st.integers(0, 75))
def test_property_adding_in_two_steps_equals_adding_at_once(calendar_2024_2026, start, first, second):
    in_two_steps = calendar_2024_2026.add_workdays(calendar_2024_2026.add_workdays(start, first), second)
    assert in_two_steps == calendar_2024_2026.add_workdays(start, first + second)


@relaxed
@given(start=st.dates(min_value=date(2024, 10, 1), max_value=date(2026, 12, 31)), count=positive_counts)
def test_property_going_back_lands_on_the_count_th_working_day_before(calendar_2024_2026, start, count):
    earlier = calendar_2024_2026.add_workdays(start, -count)
    assert earlier < start
    assert calendar_2024_2026.is_workday(earlier)
    # (earlier, start] holds the count-1 working days in between, plus `start` when it is one.
    expected = count - 1 + int(calendar_2024_2026.is_workday(start))
    assert calendar_2024_2026.workdays_between(earlier, start) == expected


@relaxed
@given(a=starts, b=starts, c=starts)
def test_property_workdays_between_is_additive_and_antisymmetric(calendar_2024_2026, a, b, c):
    between = calendar_2024_2026.workdays_between
    assert between(a, b) == -between(b, a)
    assert between(a, b) + between(b, c) == between(a, c)


# --- provisional (暂定) counting of the year after the last entered one -------------------------


def test_provisional_next_year_counts_weekends_and_statutory_holidays_and_is_flagged(calendar_2024_2026):
    """One implementation (workcalendar.provisional): the next year counts weekends and the statutory
    holidays of 《全国年节及纪念日放假办法》, labelled 暂定."""
    from gongkai.workcalendar.provisional import with_next_years

    with pytest.raises(YearNotCovered):
        calendar_2024_2026.add_workdays(d("2026-12-04"), 20)
    provisional = with_next_years(calendar_2024_2026)
    due = provisional.add_workdays(d("2026-12-04"), 20)
    # 2026-12 is entered (no holidays left in it); 2027-01-01 is 元旦 (statutory): the 20th is 01-04
    assert due == d("2027-01-04")
    assert provisional.holiday_name(d("2027-01-01")) == "元旦（暂定）"
    assert provisional.is_provisional(d("2026-12-04"), due)
    assert not provisional.is_provisional(d("2026-11-02"), d("2026-11-30"))
    assert provisional.entered_years == calendar_2024_2026.covered_years
    # entered years keep their holidays and 调休 on the provisional calendar
    assert provisional.add_workdays(d("2026-09-28"), 20) == d("2026-10-30")


def test_provisional_horizon_is_the_next_year_only_by_default(calendar_2024_2026):
    from gongkai.workcalendar.provisional import with_next_years

    provisional = with_next_years(calendar_2024_2026)
    with pytest.raises(YearNotCovered):  # two years ahead is not guessed
        provisional.add_workdays(d("2027-12-30"), 5)
    with pytest.raises(YearNotCovered):  # nor a gap in the past
        provisional.is_workday(d("2023-06-01"))
    assert not calendar_2024_2026.is_provisional(d("2027-01-04"))  # the plain calendar never counts ahead
    two = with_next_years(calendar_2024_2026, 2)
    assert two.provisional_years == {2027, 2028}
    assert not two.is_workday(d("2028-01-26"))  # 春节 2028 (正月初一 01-26, lunar)


def test_there_is_one_provisional_implementation():
    """The weekends-only `ProvisionalRule` is gone: every caller counts the statutory holidays."""
    from gongkai.workcalendar import queries, workdays

    assert not hasattr(workdays, "ProvisionalRule")
    assert not hasattr(WorkdayCalendar, "with_provisional")
    assert not hasattr(queries, "provisional_rule")


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)), st.integers(0, 60))
def test_provisional_agrees_with_the_entered_calendar_inside_entered_years(start, count):
    from gongkai.workcalendar.provisional import with_next_years

    calendar = WorkdayCalendar({2026})
    provisional = with_next_years(calendar)
    due = provisional.add_workdays(start, count)
    assert provisional.is_provisional(start, due) == (due.year == 2027)
    if due.year == 2026:
        assert due == calendar.add_workdays(start, count)
    else:
        assert due.weekday() < 5 and due != date(2027, 1, 1)

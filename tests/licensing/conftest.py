from __future__ import annotations

import pytest

from gongkai.workcalendar.provisional import with_next_years
from gongkai.workcalendar.seed import package_years
from gongkai.workcalendar.workdays import WorkdayCalendar

YEARS = (2024, 2025, 2026)


@pytest.fixture(scope="session")
def calendar_2024_2026() -> WorkdayCalendar:
    """The pure calendar of 2024–2026 as the chinese-calendar package has it, with 2027 counted
    provisionally (weekends and the statutory holidays) as the platform does for the year not yet entered."""
    years = package_years()
    calendar = WorkdayCalendar(YEARS, [day for year in YEARS for day in years[year]])
    return with_next_years(calendar, 1)

from __future__ import annotations

import pytest

from gongkai.workcalendar.seed import package_years
from gongkai.workcalendar.workdays import WorkdayCalendar

PACKAGE_YEARS = (2024, 2025, 2026)


@pytest.fixture(scope="session")
def calendar_2024_2026() -> WorkdayCalendar:
    """The pure calendar of 2024–2026 as the chinese-calendar package has it (no database)."""
    years = package_years()
    return WorkdayCalendar(PACKAGE_YEARS, [day for year in PACKAGE_YEARS for day in years[year]])

"""Fixtures of the 依申请公开 tests: real working-day calendars for 2024–2026 from the `chinese_calendar`
package (LKI/chinese-calendar) for the pure modules; a fixed "today", staff and applicants for the rest."""

import logging
from collections.abc import Iterable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from chinese_calendar.constants import Holiday

from gongkai.core.identifiers import credit_code_check_char, resident_id_check_char
from gongkai.workcalendar.workdays import DayKind, SpecialDay, WorkdayCalendar

COVERED_YEARS = (2024, 2025, 2026)


def build_calendar(extra: Iterable[SpecialDay] = (), years: Iterable[int] = COVERED_YEARS) -> WorkdayCalendar:
    """The State Council holidays and 调休 of `years`, then `extra` days overriding them."""
    years = frozenset(years)
    special = {
        day: SpecialDay(day, DayKind.HOLIDAY, Holiday(name).chinese)
        for day, name in chinese_calendar.holidays.items()
        if day.year in years
    }
    special.update(
        (day, SpecialDay(day, DayKind.WORKDAY, Holiday(name).chinese))
        for day, name in chinese_calendar.workdays.items()
        if day.year in years
    )
    special.update((extra_day.day, extra_day) for extra_day in extra)
    return WorkdayCalendar(years, special.values())


@pytest.fixture(scope="session")
def calendar() -> WorkdayCalendar:
    return build_calendar()


@pytest.fixture(scope="session")
def make_calendar():
    return build_calendar


# --- Django side: a fixed "today", staff of every role in the workflow, valid applicants --------

FIXED_TODAY = date(2026, 10, 20)  # a Tuesday after the National Day week


@pytest.fixture(autouse=True)
def _fast_query_codes(settings):
    """The query-code hash's work factor (production: 100 000) would dominate hundreds of submissions;
    it is stored in each hash, so checking works the same."""
    settings.GONGKAI_QUERY_CODE_ITERATIONS = 1000


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache (local memory in tests): each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _quiet_request_log(caplog):
    """Every refused request (403, 404, 429) logs a warning with a traceback: hundreds of them here."""
    caplog.set_level(logging.ERROR, logger="django.request")


@pytest.fixture
def set_today(monkeypatch):
    """`set_today(day)`: the application code's clock (queries.now/today) reads `day`, 10:00 Beijing time."""
    from gongkai.applications import queries

    def move(day: date) -> None:
        moment = datetime.combine(day, time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
        monkeypatch.setattr(queries, "now", lambda: moment)

    return move


@pytest.fixture
def today(set_today) -> date:
    set_today(FIXED_TODAY)
    return FIXED_TODAY


def resident_id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def credit_code(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


APPLICANT_NAME = "欧阳测试"
APPLICANT_ID = resident_id("11010519491231002")
APPLICANT_PHONE = "13912345678"
APPLICANT_EMAIL = "ouyang@example.com"
APPLICANT_ADDRESS = "示例市测试区样例路99号3单元501室"


def person(**overrides) -> dict:
    data = {
        "applicant_type": "natural_person",
        "organisation_kind": "",
        "name": APPLICANT_NAME,
        "id_type": "resident_id",
        "id_number": APPLICANT_ID,
        "contact_person": "",
        "phone": APPLICANT_PHONE,
        "email": APPLICANT_EMAIL,
        "address": APPLICANT_ADDRESS,
        "postcode": "990001",
        "description": "示例市2025年度重点排污单位名录及其自行监测数据。",
        "document_reference": "",
        "provision_form": "email",
        "delivery_method": "email",
    }
    data.update(overrides)
    return data


def organisation(kind: str = "legal_services", **overrides) -> dict:
    return person(
        applicant_type="organisation",
        organisation_kind=kind,
        name="示例测试律师事务所",
        id_type="credit_code",
        id_number=credit_code("31990000MD0000009"),
        contact_person="钱联系",
        **overrides,
    )


PERSONAL = (APPLICANT_NAME, APPLICANT_ID, APPLICANT_PHONE, APPLICANT_EMAIL, "样例路99号")


@pytest.fixture
def handler(make_staff):
    return make_staff(
        "request_handler", username="handler1", full_name="陈经办", email="handler1@example.gov.cn"
    )


@pytest.fixture
def legal(make_staff):
    return make_staff("legal_reviewer", username="legal1", full_name="赵法制")


@pytest.fixture
def leader(make_staff):
    return make_staff("leader", username="leader1", full_name="孙局长")


@pytest.fixture
def register(handler, today):
    """`register(received_on=…, data=person(), channel="in_person")`: a received application."""
    from gongkai.applications import services

    def make(received_on: date | None = None, data: dict | None = None, channel: str = "in_person", **kwargs):
        received_on = received_on or today
        return services.register_application(
            actor=handler,
            channel=channel,
            data=data or person(),
            arrived_on=received_on,
            confirmed_on=kwargs.pop(
                "confirmed_on", received_on if channel in ("fax", "email", "post_ordinary") else None
            ),
            backdate_reason=kwargs.pop("backdate_reason", "补登" if received_on < today else ""),
            **kwargs,
        ).application

    return make

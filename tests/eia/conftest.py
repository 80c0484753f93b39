"""Fixtures of the EIA notice tests: the real 2024–2026 calendar (chinese-calendar) for the pure module;
staff of the roles involved, a project and a minimal PDF for the rest."""

from __future__ import annotations

import io
import logging
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from chinese_calendar.constants import Holiday

from gongkai.core.identifiers import credit_code_check_char
from gongkai.workcalendar.provisional import with_next_years
from gongkai.workcalendar.workdays import DayKind, SpecialDay, WorkdayCalendar

COVERED_YEARS = (2024, 2025, 2026)
BUILDER_CODE = "91990100MA0TE0010"
BUILDER_CODE = BUILDER_CODE + credit_code_check_char(BUILDER_CODE)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="session")
def calendar() -> WorkdayCalendar:
    """The State Council holidays and 调休 of 2024–2026, with 2027 counted provisionally (weekends and the
    statutory holidays of 全国年节及纪念日放假办法, workcalendar.provisional)."""
    special = {
        day: SpecialDay(day, DayKind.HOLIDAY, Holiday(name).chinese)
        for day, name in chinese_calendar.holidays.items()
        if day.year in COVERED_YEARS
    }
    special.update(
        (day, SpecialDay(day, DayKind.WORKDAY, Holiday(name).chinese))
        for day, name in chinese_calendar.workdays.items()
        if day.year in COVERED_YEARS
    )
    return with_next_years(WorkdayCalendar(COVERED_YEARS, special.values()), 1)


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _quiet_request_log(caplog):
    caplog.set_level(logging.ERROR, logger="django.request")


def moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=SHANGHAI)


@pytest.fixture
def set_today(monkeypatch):
    """`set_today(day)`: the services' "today" and "now" read `day`, 10:00 Beijing time."""
    from django.utils import timezone

    from gongkai.eia import services

    def move(day: date) -> None:
        monkeypatch.setattr(services, "today", lambda: day)
        monkeypatch.setattr(timezone, "now", lambda: moment(day))

    return move


def pdf_bytes(text: str = "Environmental impact report, full text") -> bytes:
    """A one-page PDF whose text the privacy scanner can read (Helvetica, ASCII)."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_upload(name: str = "报告书全本.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def enforcer(make_staff):
    return make_staff("enforcement_officer", username="zhouzhifa", full_name="周执法")


@pytest.fixture
def reviewer(make_staff):
    return make_staff("reviewer", username="lishencha", full_name="李审查")


PROJECT_DATA = {
    "kind": "eia",
    "name": "示例市测试化工项目",
    "builder": "示例市测试化工有限公司",
    "credit_code": BUILDER_CODE,
    "location": "示例市临港区纬三路1号",
    "district": "临港区",
    "category": "C26",
    "document_kind": "report",
    "preparer": "示例环境科学研究院",
    "summary": "新建生产线。",
    "approval_number": "",
    "received_on": date(2026, 9, 25),
}


@pytest.fixture
def project(enforcer):
    from gongkai.eia import services

    return services.create_project(actor=enforcer, data=dict(PROJECT_DATA))


@pytest.fixture
def make_notice(enforcer, set_today):
    """`make_notice(project, stage, formed, published=None)`: a draft through the services, published on
    `published` (the services' today moves there)."""
    from gongkai.eia import services

    def make(project, stage, formed: date, published: date | None = None, **data):
        set_today(published or formed)
        notice = services.save_notice(
            actor=enforcer,
            project=project,
            stage=stage,
            data={"formed_on": formed, "body": data.pop("body", "现将有关情况公示。"), **data},
            upload=pdf_upload() if stage in ("acceptance", "decision") else None,
        )
        if published is not None:
            notice = services.publish_notice(actor=enforcer, notice=notice)
        return notice

    return make

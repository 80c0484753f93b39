"""The interaction app's contributed check: a 政务咨询 message unanswered (or answered) more than 3 months
after receipt in the past year is a veto, one near the line a notice; 举报 and rejected messages are
excepted (国办秘函〔2019〕19号)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from gongkai.core import sitechecks
from gongkai.interaction.models import Message
from gongkai.interaction.sitecheck import CHECK, unanswered_messages

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 6)


def message(number, received, *, kind="consultation", status="assigned", replied=None):
    return Message.objects.create(
        number=number,
        kind=kind,
        title=f"关于{number}的咨询",
        body="内容",
        name="张三",
        phone="13800000000",
        query_code_hash="x",
        submitted_at=datetime.combine(received, time(9), ZoneInfo("Asia/Shanghai")),
        received_on=received,
        status=status,
        replied_on=replied,
        department="办公室",
    )


def test_vetoes_notices_and_exceptions():
    message("ZX1", date(2026, 9, 5))  # open, line 2026-12-05: veto
    message("ZX2", date(2026, 6, 1), status="replied", replied=date(2026, 9, 10))  # answered late: veto
    message("ZX3", date(2026, 9, 15))  # open, line 12-15, within 2 weeks: notice
    message("ZX4", date(2026, 11, 1))  # open, far from the line
    message("JB1", date(2026, 1, 5), kind="report")  # 举报 excepted
    message("ZX5", date(2026, 1, 5), status="rejected")  # not a valid message
    message("ZX6", date(2025, 10, 1))  # received more than a year ago and still open: veto
    message("ZX7", date(2025, 6, 1), status="replied", replied=date(2025, 11, 1))  # closed before the year
    message("ZX8", date(2025, 11, 1), status="replied", replied=date(2026, 3, 2))  # late answer in the year
    found = {f.title.split("：")[1].split()[0]: f for f in unanswered_messages(TODAY)}
    assert set(found) == {"ZX1", "ZX2", "ZX3", "ZX6", "ZX8"}
    assert found["ZX6"].severity == sitechecks.VETO and "至今未答复" in found["ZX6"].detail
    assert found["ZX1"].severity == sitechecks.VETO and "至今未答复" in found["ZX1"].detail
    assert found["ZX2"].severity == sitechecks.VETO and "2026-09-10才答复" in found["ZX2"].detail
    assert found["ZX3"].severity == sitechecks.NOTICE and found["ZX3"].fix == "在2026-12-15前答复该留言"
    assert found["ZX1"].department == "办公室" and found["ZX1"].url.startswith("/staff/interaction/messages/")
    assert sitechecks._checks["interaction.unanswered"] == CHECK

"""信用中国 双公示 of 行政处罚: the batch in the template's fields (regulations.md §9.1), exported as
CSV / XLSX / JSON by staff only (audited), pushed to the outbox with each push recorded; natural persons'
identity data never leaves."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.audit.models import AuditRecord
from gongkai.core import creditchina
from gongkai.core.errors import DomainError
from gongkai.enforcement import services
from gongkai.enforcement.models import CreditPush

pytestmark = pytest.mark.django_db


def published(officer, data, day: date):
    decision = services.create_decision(actor=officer, data=data)
    moment = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10, 0))
    return services.publish_decision(actor=officer, decision=decision, at=moment)


@pytest.fixture
def outbox(settings, tmp_path):
    settings.CREDITCHINA_OUTBOX_DIR = tmp_path / "outbox"
    settings.CREDITCHINA_BACKEND = ""
    return tmp_path / "outbox"


@pytest.fixture
def two_penalties(officer, penalty_data, code):
    from gongkai.core.identifiers import credit_code_check_char

    authority = "11330100002482100"
    authority = authority + credit_code_check_char(authority)
    first = published(officer, penalty_data(authority_code=authority), date(2026, 9, 29))
    person = published(
        officer,
        penalty_data(
            party_type="person",
            party_name="张三丰",
            credit_code="",
            legal_representative="",
            id_number="11010519491231002X",
            facts="当事人在禁燃区露天焚烧废旧轮胎。",
            decided_on=date(2026, 9, 29),
            authority_code=authority,
        ),
        date(2026, 9, 30),
    )
    return first, person


def test_the_batch_has_the_template_fields_and_hides_identity(two_penalties):
    batch = services.penalty_batch(date(2026, 9, 29), date(2026, 9, 30))
    assert batch.fields == creditchina.PENALTY_FIELDS
    assert [row["行政处罚决定书文号"] for row in batch.rows] == [d.number for d in two_penalties]
    company, person = batch.rows
    assert company["行政相对人名称"] == "示例市宏达化工有限公司"
    assert company["罚款金额（万元）"] == "20"
    assert company["处罚类别"] == "罚款"
    assert person["行政相对人名称"] == "张**"
    assert "11010519491231002X" not in json.dumps(batch.rows, default=str, ensure_ascii=False)
    assert creditchina.missing_required(batch) == []
    # one day only
    assert len(services.penalty_batch(date(2026, 9, 30), date(2026, 9, 30)).rows) == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_in_each_format_is_audited(officer, two_penalties, fmt):
    name, data = services.credit_export(
        actor=officer, first=date(2026, 9, 29), last=date(2026, 9, 30), fmt=fmt
    )
    assert name == f"双公示-行政处罚-20260929-20260930.{fmt}"
    if fmt == "csv":
        lines = data.decode("utf-8-sig").splitlines()
        assert lines[0].split(",") == list(creditchina.PENALTY_FIELDS)
        assert len(lines) == 3
    elif fmt == "json":
        payload = json.loads(data)
        assert payload["类型"] == "行政处罚" and len(payload["数据"]) == 2
        assert payload["数据"][1]["行政相对人名称"] == "张**"
    else:
        sheet = load_workbook(io.BytesIO(data)).active
        rows = list(sheet.values)
        assert list(rows[0]) == list(creditchina.PENALTY_FIELDS) and len(rows) == 3
    assert AuditRecord.objects.filter(action="enforcement.creditchina_export").count() == 1


def test_push_writes_the_outbox_file_and_records_it(officer, two_penalties, outbox):
    push = services.credit_push(actor=officer, first=date(2026, 9, 29), last=date(2026, 9, 30))
    assert push.ok and push.count == 2
    written = outbox / "双公示-行政处罚-20260929-20260930.json"
    assert push.detail == str(written)
    assert len(json.loads(written.read_bytes())["数据"]) == 2
    again = services.credit_push(actor=officer, first=date(2026, 9, 29), last=date(2026, 9, 30))
    assert again.detail.endswith("20260930-2.json")  # never overwritten
    assert CreditPush.objects.count() == 2
    assert AuditRecord.objects.filter(action="enforcement.creditchina_push").count() == 2


def test_a_failed_push_is_recorded_as_failed(officer, two_penalties, settings, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings.CREDITCHINA_OUTBOX_DIR = blocker / "outbox"  # a directory cannot be made under a file
    push = services.credit_push(actor=officer, first=date(2026, 9, 29), last=date(2026, 9, 29))
    assert not push.ok and push.count == 1 and push.detail


def test_a_push_refuses_rows_missing_required_fields(officer, penalty_data, outbox):
    decision = published(officer, penalty_data(), date(2026, 9, 29))  # no 处罚机关统一社会信用代码
    with pytest.raises(DomainError, match=decision.number):
        services.credit_push(actor=officer, first=date(2026, 9, 29), last=date(2026, 9, 29))
    with pytest.raises(DomainError, match="没有"):
        services.credit_push(actor=officer, first=date(2026, 1, 1), last=date(2026, 1, 1))
    assert not CreditPush.objects.exists()


def test_staff_only(two_penalties, client, client_for, make_staff, officer, outbox):
    url = reverse("enforcement:staff_creditchina")
    assert client.get(url + "?first=2026-09-29&last=2026-09-30&export=csv").status_code in (302, 403)
    editor = make_staff("editor", username="editor1")
    with pytest.raises(PermissionDenied):
        services.credit_export(actor=editor, first=date(2026, 9, 29), last=date(2026, 9, 30), fmt="csv")
    staff = client_for(officer)
    response = staff.get(url + "?first=2026-09-29&last=2026-09-30&export=xlsx")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    response = staff.post(
        reverse("enforcement:staff_creditchina_push"), {"first": "2026-09-29", "last": "2026-09-30"}
    )
    assert response.status_code == 302
    page = staff.get(url).content.decode()
    assert "推送记录" in page and CreditPush.objects.get().detail in page


def test_the_period_is_checked(officer):
    with pytest.raises(DomainError):
        services.penalty_batch(date(2026, 9, 30), date(2026, 9, 29))
    with pytest.raises(DomainError):
        services.penalty_batch(date(2025, 1, 1), date(2026, 9, 29))
    with pytest.raises(DomainError):
        services.credit_export(actor=officer, first=date(2026, 9, 29), last=date(2026, 9, 29), fmt="pdf")

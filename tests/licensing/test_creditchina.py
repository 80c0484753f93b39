"""信用中国 双公示 of 行政许可: the batch in the template's fields (regulations.md §9.1), exported as
CSV / XLSX / JSON by staff only (audited), pushed to the outbox with each push recorded."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.audit.models import AuditRecord
from gongkai.core import creditchina as core
from gongkai.core.errors import DomainError
from gongkai.licensing import creditchina, services
from gongkai.licensing.models import CreditPush

from .test_licensing_django import at, code, decision_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_staff):
    return make_staff("editor")


@pytest.fixture
def outbox(settings, tmp_path):
    settings.CREDITCHINA_OUTBOX_DIR = tmp_path / "outbox"
    settings.CREDITCHINA_BACKEND = ""
    return tmp_path / "outbox"


@pytest.fixture
def two_decisions(editor):
    made = []
    for n, (name, category, day) in enumerate(
        [
            ("示例市清河化工有限公司", "organisation", date(2026, 9, 29)),
            ("张三丰", "natural_person", date(2026, 9, 30)),
        ]
    ):
        decision = services.create_decision(
            actor=editor,
            data=decision_data(
                party_name=name,
                party_category=category,
                credit_code=code(n + 1) if category == "organisation" else "",
                valid_from=date(2026, 9, 29),
                valid_to=date(2031, 9, 28),
            ),
        )
        made.append(services.publish_decision(actor=editor, decision=decision, when=at(day)))
    return made


def test_the_batch_has_the_template_fields_and_masks_persons(two_decisions):
    batch = creditchina.licence_batch(date(2026, 9, 29), date(2026, 9, 30))
    assert batch.fields == core.LICENCE_FIELDS
    company, person = batch.rows
    assert company["行政许可决定文书号"] == two_decisions[0].document_number
    assert company["当前状态"] == "有效" and company["有效期至"] == date(2031, 9, 28)
    assert person["行政相对人名称"] == "张**" and person["行政相对人代码_1（统一社会信用代码）"] == ""
    assert len(creditchina.licence_batch(date(2026, 9, 29), date(2026, 9, 29)).rows) == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_in_each_format_is_audited(editor, two_decisions, fmt):
    name, data = creditchina.credit_export(
        actor=editor, first=date(2026, 9, 29), last=date(2026, 9, 30), fmt=fmt
    )
    assert name == f"双公示-行政许可-20260929-20260930.{fmt}"
    if fmt == "csv":
        text = data.decode("utf-8-sig")
        assert text.splitlines()[0].split(",") == list(core.LICENCE_FIELDS)
        assert "张三丰" not in text and "2031-09-28" in text
    elif fmt == "json":
        assert [row["行政相对人名称"] for row in json.loads(data)["数据"]] == [
            "示例市清河化工有限公司",
            "张**",
        ]
    else:
        rows = list(load_workbook(io.BytesIO(data)).active.values)
        assert list(rows[0]) == list(core.LICENCE_FIELDS) and len(rows) == 3
    assert AuditRecord.objects.filter(action="licensing.creditchina_export").count() == 1


def test_push_writes_the_outbox_and_records_it(editor, two_decisions, outbox, client_for):
    push = creditchina.credit_push(actor=editor, first=date(2026, 9, 29), last=date(2026, 9, 30))
    assert push.ok and push.count == 2
    assert (outbox / "双公示-行政许可-20260929-20260930.json").exists()
    assert AuditRecord.objects.filter(action="licensing.creditchina_push").count() == 1
    with pytest.raises(DomainError, match="没有"):
        creditchina.credit_push(actor=editor, first=date(2026, 1, 5), last=date(2026, 1, 5))
    staff = client_for(editor)
    response = staff.post(
        reverse("licensing:staff_creditchina_push"), {"first": "2026-09-30", "last": "2026-09-30"}
    )
    assert response.status_code == 302
    assert CreditPush.objects.count() == 2
    page = staff.get(reverse("licensing:staff_creditchina")).content.decode()
    assert str(outbox / "双公示-行政许可-20260930.json") in page


def test_staff_only(two_decisions, client, make_staff):
    url = reverse("licensing:staff_creditchina") + "?first=2026-09-29&last=2026-09-30&export=json"
    assert client.get(url).status_code in (302, 403)
    with pytest.raises(PermissionDenied):
        creditchina.credit_export(
            actor=make_staff("reviewer"), first=date(2026, 9, 29), last=date(2026, 9, 30), fmt="csv"
        )


def test_the_home_page_card_lists_the_latest_publications_masked(two_decisions, client):
    from gongkai.core import home

    assert "licensing-latest" in [card.key for card in home.cards()]
    page = client.get("/").content.decode()
    section = page.split('id="home-licensing-latest"')[1].split("</article>")[0]
    assert two_decisions[0].document_title in section and "张**" in section and "张三丰" not in section

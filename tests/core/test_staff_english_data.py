"""Staff pages of the data registries in English (issue #13, "Staff wording"): the pollution-source
registry and its online monitoring, the water results, the site self-inspection and the annual report
show no Chinese interface text and no raw codes when the interface language is English.

The fixtures hold only ASCII data, so any CJK character left on a page is interface text that escaped
translation. The annual report's national-format tables stay Chinese (marked `lang="zh-Hans"`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from gongkai.annual.format import SECTION_TITLES
from tests.core import test_staff_english as base
from tests.core.test_staff_english import assert_english as assert_english_with
from tests.core.test_staff_english import english

pytestmark = pytest.mark.django_db


def assert_english(client, urls: list[str]) -> None:
    assert_english_with(client, urls, ALLOWED, NOT_CODES)


# Chinese that these English pages show on purpose, with the reason.
ALLOWED = {
    **base.ALLOWED,
    "（国办秘函〔2019〕19号）": "the monthly assessment cites the Chinese document its scoring follows",
    "(国办秘函〔2019〕19号)": "the same",
    "pH值": "the water upload accepts the items' Chinese column names, and its help names some",
    "溶解氧": "the same",
    "总磷": "the same",
    "取水量": "the same",
}
# The annual report is a Chinese document: its section headings name the text fields and the gaps left.
ALLOWED |= dict.fromkeys(SECTION_TITLES, "a heading of the annual report, a document that stays Chinese")
ALLOWED["【请补充…】"] = "the mark of a gap left in the Chinese text of the annual report"
NOT_CODES = {
    **base.NOT_CODES,
    "nh3_n": "the water upload's column codes, which the file may use: its help lists them",
}

# The fixtures of the first staff-English test: ASCII people, organisation and applications.
ascii_organisation = base.ascii_organisation
people = base.people
fixed_today = base.fixed_today
cases = base.cases


@pytest.fixture
def registry(people):
    """An enterprise with a permit, an outlet with a limit, a device and a rejected packet."""
    from django.utils import timezone

    from gongkai.core.identifiers import credit_code_check_char
    from gongkai.sources import services
    from gongkai.sources.models import Device, Outlet, Permit, PermitLimit, RawPacket

    body = "91990100MA0000001"
    enterprise = services.save_enterprise(
        actor=people["data"],
        data={
            "credit_code": body + credit_code_check_char(body),
            "name": "Acme Chemicals Ltd",
            "district_code": "990102",
            "district_name": "East District",
            "industry_code": "C2614",
            "industry_name": "Organic chemicals",
        },
    )
    permit = Permit.objects.create(
        enterprise=enterprise,
        number="91990100MA0000001X001V",
        management=Permit.Management.KEY,
        issued_on=date(2025, 1, 10),
        valid_from=date(2025, 1, 10),
        valid_until=date(2030, 1, 9),
    )
    outlet = Outlet.objects.create(
        enterprise=enterprise, permit=permit, code="DW001", name="Main outfall", medium=Outlet.Medium.WATER
    )
    PermitLimit.objects.create(outlet=outlet, pollutant="COD", statistic="daily", value=D("50"), unit="mg/L")
    device = Device.objects.create(mn="MN0009", name="Outfall analyser", system_code="32", outlet=outlet)
    RawPacket.objects.create(
        mn="NOBODY",
        cn="2011",
        received_at=timezone.now(),
        raw="##0001x",
        status=RawPacket.Status.REJECTED,
        reason_code="unknown_mn",
        reason="Unregistered MN: NOBODY",
    )
    return {"enterprise": enterprise, "permit": permit, "outlet": outlet, "device": device}


def test_source_registry_pages_are_english(client_for, people, registry):
    data = english(client_for(people["data"]))
    enterprise = registry["enterprise"]
    assert_english(
        data,
        [
            reverse("core:staff_home"),
            reverse("sources:staff_enterprises"),
            reverse("sources:staff_enterprise_new"),
            reverse("sources:staff_enterprise_edit", args=[enterprise.pk]),
            reverse("sources:staff_facility", args=[enterprise.pk]),
            reverse("sources:staff_upload_enterprises"),
            reverse("sources:staff_upload_key_units"),
            reverse("sources:staff_upload_monitoring"),
            reverse("sources:staff_upload_validity"),
            reverse("sources:staff_result_new"),
            reverse("sources:staff_validity_new"),
            reverse("sources:staff_key_units"),
            reverse("sources:staff_permit_status", args=[registry["permit"].pk]),
        ],
    )


def test_online_monitoring_pages_are_english(client_for, people, registry):
    data = english(client_for(people["data"]))
    assert_english(
        data,
        [
            reverse("sources:staff_packets"),
            reverse("sources:staff_devices"),
            reverse("sources:staff_device_new"),
            reverse("sources:staff_device_edit", args=[registry["device"].pk]),
            reverse("sources:staff_exceedances"),
            reverse("sources:staff_receiver_metrics"),
        ],
    )


@pytest.fixture
def water(people):
    from gongkai.water import services
    from gongkai.water.models import Section

    common = {"control_level": Section.ControlLevel.NATIONAL}
    Section.objects.create(
        code="S1", name="Upper Bridge", water_name="Clear River", water_body="river", target_class=2, **common
    )
    Section.objects.create(
        code="S2", name="Outflow", water_name="Clear River", water_body="river", target_class=3, **common
    )
    content = "section,ph,do,codmn,nh3_n,tp\nS1,7.4,7.8,3.1,0.3,0.08\nS2,7.1,4.2,6.5,1.6,0.32\n"
    services.import_monthly(actor=people["admin"], month=date(2026, 10, 17), content=content.encode())
    services.publish_month(actor=people["admin"], month=date(2026, 10, 1))
    return services.draft_bulletin(actor=people["admin"], month=date(2026, 10, 1))


def test_water_pages_are_english(client_for, people, water):
    admin = english(client_for(people["data"]))
    assert_english(
        admin,
        [
            reverse("core:staff_home"),
            reverse("water:staff_upload"),
            reverse("water:staff_bulletins"),
            reverse("water:staff_bulletin", args=[water.pk]),
        ],
    )


def test_sitecheck_pages_are_english(client_for, people):
    from gongkai.sitecheck import services

    services.run_scan(actor=people["admin"], max_pages=3, fetch=lambda url, timeout: 200)
    admin = english(client_for(people["admin"]))
    assert_english(
        admin,
        [
            reverse("sitecheck:overview"),
            reverse("sitecheck:findings"),
            reverse("sitecheck:weekly"),
            reverse("sitecheck:monthly"),
        ],
    )


def test_annual_report_pages_are_english(client_for, people, cases):
    from gongkai.annual import services

    services.generate(actor=people["editor"], year=2026)
    editor = english(client_for(people["editor"]))
    assert_english(
        editor, [reverse("core:staff_home"), reverse("annual:reports"), reverse("annual:report", args=[2026])]
    )


@pytest.fixture
def piti_deductions():
    """Penalty decisions (ASCII data) that lose points on the PITI page: one published late, one overdue
    and unpublished, one published without the party's credit code; no key-units list of the year."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from gongkai.enforcement.models import Decision

    day = timezone.localdate() - timedelta(days=60)
    zone = ZoneInfo("Asia/Shanghai")

    def decision(number: str, published: date | None, **extra) -> None:
        fields = {
            "number": number, "party_type": "organisation", "party_name": "Acme Chemicals Ltd",
            "credit_code": "91990100MA0TE0010X", "violation_type": "Excess discharge", "facts": "Facts",
            "legal_basis": "Basis", "kind": "Fine", "content": "A fine of 10000 yuan", "decided_on": day,
            "authority": "Example EEB", "authority_code": "11990100MB0TE0010X",
            "publish_due": day + timedelta(days=9),
            "published_at": datetime.combine(published, time(10), zone) if published else None,
        }  # fmt: skip
        Decision.objects.create(**(fields | extra))

    decision("EX-1", day + timedelta(days=12))  # late
    decision("EX-2", None)  # overdue, unpublished
    decision("EX-3", day + timedelta(days=1), credit_code="")  # no credit code
    return {"late": day + timedelta(days=12), "due": day + timedelta(days=9)}


def test_the_piti_page_is_english_with_its_measures_and_fixes(client_for, people, piti_deductions):
    """The PITI table in English: categories, criteria, measures and what to fix (dates in DATE_FORMAT),
    with no Chinese left on the page; the Chinese page and the export keep the Chinese text."""
    import re

    from django.utils.formats import date_format
    from django.utils.translation import override

    url = reverse("sitecheck:piti")
    admin = english(client_for(people["admin"]))
    assert_english(admin, [url])
    page = admin.get(url).content.decode()
    body = page.split('id="piti-table"', 1)[1].split("</tbody>", 1)[0].split("<tbody>", 1)[1]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in body.split("<tr>")[1:]]
    assert len(rows) >= 7
    assert "Routine supervision" in rows[0][0] and rows[0][1] in ("Coverage", "Timeliness", "Completeness")
    with override("en"):
        late, due = (
            date_format(day, "DATE_FORMAT") for day in (piti_deductions["late"], piti_deductions["due"])
        )
    fixes = {cells[2]: cells[5] for cells in rows if len(cells) == 6}
    assert fixes["Published within 7 working days (dual publicity)"] == (
        f"EX-1: published on {late}, after the deadline of {due}"
    )
    assert fixes["Penalty and enforcement decisions due for publication are published"] == (
        "EX-2: past its publication deadline, not yet published"
    )
    assert fixes["Published decisions fill every required dual-publicity field"] == (
        "EX-3: missing Unified social credit code of the party"
    )
    year = next(label for label in fixes if label.startswith("Key units list of"))
    assert fixes[year].startswith("Compile the list of key units under environmental supervision of 20")

    chinese = client_for(people["admin"])
    late_iso, due_iso = f"{piti_deductions['late']:%Y-%m-%d}", f"{piti_deductions['due']:%Y-%m-%d}"
    assert f"EX-1：{late_iso}公示，晚于期限{due_iso}" in chinese.get(url).content.decode()
    export = admin.get(url + "?export=csv").content.decode("utf-8-sig")
    assert "EX-3：缺少行政相对人统一社会信用代码" in export and "7个工作日内公示（双公示）" in export


def test_the_annual_cross_check_messages_are_translated_and_the_same_in_chinese():
    from django.utils import translation

    from gongkai.annual import format as fmt
    from gongkai.core.outcomes import ReplyOutcome
    from gongkai.core.texts import translated
    from tests.annual.pure.test_format import N, consistent_report, with_table_three_cell

    report = with_table_three_cell(consistent_report(), ReplyOutcome.NOT_HANDLED_REPEAT, N, 2)
    table2 = fmt.build_table_two(normative_documents=(2, -1, 9), penalty=61, fee_amount="-0.5")
    report = fmt.AnnualReport(2026, table2, report.table3, report.table4)
    messages = [failure.message for failure in fmt.cross_checks(report)]
    assert "表三：“自然人”列：（七）总计为31，（一）至（六）各项之和为32" in messages
    assert "表二“行政规范性文件”的“本年废止件数”为-1，件数应为不小于0的整数" in messages
    with translation.override("zh-hans"):
        assert [translated(message) for message in messages] == messages
    with translation.override("en"):
        shown = [translated(message) for message in messages]
    assert shown[0] == (
        "Table 2, “Administrative normative documents”, “Repealed this year” is -1; "
        "a count must be a whole number not below 0"
    )
    assert any(text.startswith("Table 3: Column “Natural person”: total (7) is 31") for text in shown)

"""Water in the platform's registries: sections as reference data in the console (validation,
audit, roles), the to-do cards on the staff home and the published months in /sitemap.xml."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.core import dashboard
from gongkai.water import services
from gongkai.water.models import Section

pytestmark = pytest.mark.django_db

LIST, NEW, EDIT = "refdata:water-sections", "refdata:water-sections_new", "refdata:water-sections_edit"
FILE = "section,ph,do\nS1,7.4,7.8\n"


def section_form(**overrides) -> dict:
    data = {
        "code": "S1",
        "name": "上游桥",
        "water_name": "清水河",
        "water_body": "river",
        "control_level": "national",
        "target_class": "2",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_an_administrator_sets_up_a_section_and_the_write_is_audited(admin_client, administrator):
    response = admin_client.post(reverse(NEW), section_form())
    assert response.status_code == 302 and response.url == reverse(LIST)
    section = Section.objects.get(code="S1")
    assert (section.name, section.target_class, section.is_active) == ("上游桥", 2, True)
    record = AuditRecord.objects.get(action="water.section.create")
    assert (record.actor_id, record.target_id) == (administrator.pk, str(section.pk))
    response = admin_client.post(reverse(EDIT, args=[section.pk]), section_form(name="上游大桥"))
    assert response.status_code == 302
    assert '"name":"上游大桥"' in AuditRecord.objects.get(action="water.section.update").after
    assert "上游大桥" in admin_client.get(reverse(LIST), {"q": "大桥"}).text


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"code": "S 1"}, "code", "断面编码只能由字母、数字和“-”组成。"),
        ({"drinking_water_source": "on", "target_class": "4"}, "target_class", "不能低于Ⅲ类"),
        ({"name": "上游\u200b桥"}, "name", ""),
    ],
)
def test_invalid_sections_are_refused_with_chinese_messages(admin_client, overrides, field, message):
    response = admin_client.post(reverse(NEW), section_form(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not Section.objects.exists()


def test_a_taken_code_is_a_form_error(admin_client):
    admin_client.post(reverse(NEW), section_form())
    response = admin_client.post(reverse(NEW), section_form(name="另一个"))
    assert "该断面编码已被使用。" in response.context["form"].errors["code"]


def test_data_officers_read_sections_and_others_are_refused(make_staff, client_for):
    officer = client_for(make_staff("data_officer"))
    assert officer.get(reverse(LIST)).status_code == 200
    assert officer.get(reverse(NEW)).status_code == 403
    assert client_for(make_staff("editor")).get(reverse(LIST)).status_code == 403


def test_cards_show_unpublished_months_to_the_data_officer(admin_client, make_staff):
    admin_client.post(reverse(NEW), section_form())
    officer = make_staff("data_officer")
    services.import_monthly(actor=officer, month=date(2026, 10, 1), content=FILE.encode())

    def counts(user):
        shown = dashboard.cards_for(user)
        return {card.card.key: card.count for card in shown if card.card.key.startswith("water.")}

    assert counts(officer) == {
        "water.unpublished_months": 1,
        "water.bulletins_to_submit": 0,
        "water.failed_imports": 0,
    }
    assert counts(make_staff("editor")) == {}
    services.publish_month(actor=officer, month=date(2026, 10, 1))
    assert counts(officer)["water.unpublished_months"] == 0
    services.draft_due_bulletins()  # the worker's task: every section in use has its October result
    assert counts(officer)["water.bulletins_to_submit"] == 1


def test_sitemap_lists_published_months_only(admin_client, make_staff, client):
    admin_client.post(reverse(NEW), section_form())
    officer = make_staff("data_officer")
    services.import_monthly(actor=officer, month=date(2026, 10, 1), content=FILE.encode())
    before = client.get("/sitemap.xml").text
    assert "/water/?month=" not in before and "/water/section/" not in before  # only the section itself
    services.publish_month(actor=officer, month=date(2026, 10, 1))
    text = client.get("/sitemap.xml").text
    assert "/water/?month=2026-10</loc>" in text
    assert "/water/sources/?month=2026-10</loc>" in text
    assert "/water/annual/?year=2026</loc>" in text
    assert "/water/history/</loc>" in text
    assert "/water/section/S1/</loc>" in text
    assert "/water/river/%E6%B8%85%E6%B0%B4%E6%B2%B3/</loc>" in text  # 清水河
    for path in ("/water/sources/?month=2026-10", "/water/annual/?year=2026", "/water/history/"):
        assert client.get(path).status_code == 200
    assert client.get("/water/section/S1/").status_code == 200
    assert client.get(reverse("water:river", args=["清水河"])).status_code == 200


def test_flagged_sections_become_sources_in_the_data_migration(db):
    import importlib

    from django.apps import apps as real_apps

    from gongkai.water.models import DrinkingWaterSource

    migration = importlib.import_module("gongkai.water.migrations.0005_sources_from_flagged_sections")
    common = {"control_level": "city", "water_body": "river", "water_name": "甲河", "target_class": 2}
    Section.objects.create(code="F1", name="甲水源", drinking_water_source=True, **common)
    Section.objects.create(code="F2", name="普通", **common)
    migration.forwards(real_apps, None)
    migration.forwards(real_apps, None)  # idempotent
    source = DrinkingWaterSource.objects.get()
    assert (source.code, source.name, source.kind) == ("F1", "甲水源", "surface")
    assert list(source.sections.values_list("code", flat=True)) == ["F1"]


def test_sources_and_withdrawals_are_edited_in_the_console_and_audited(administrator, make_staff, client_for):
    from gongkai.water.models import DrinkingWaterSource, SourceMonth

    client = client_for(administrator)
    response = client.post(
        reverse("refdata:water-sources_new"),
        {
            "code": "DW1",
            "name": "一号水源地",
            "kind": "groundwater",
            "zone_primary": "取水井周边30米",
            "zone_primary_area": "0.003",
            "served_population": "12",
            "design_withdrawal": "3.5",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    source = DrinkingWaterSource.objects.get(code="DW1")
    assert source.kind == "groundwater" and source.served_population == 12
    assert AuditRecord.objects.filter(action="water.source.create").exists()
    officer = client_for(make_staff("data_officer"))
    response = officer.post(
        reverse("refdata:water-source-months_new"),
        {"source": source.pk, "month": "2026-10-15", "withdrawal": "98.5"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = SourceMonth.objects.get()
    assert (row.month, str(row.withdrawal)) == (date(2026, 10, 1), "98.50")
    assert AuditRecord.objects.filter(action="water.source_month.create").exists()
    again = officer.post(
        reverse("refdata:water-source-months_new"),
        {"source": source.pk, "month": "2026-10-01", "withdrawal": "1"},
    )
    assert again.status_code == 200 and SourceMonth.objects.count() == 1

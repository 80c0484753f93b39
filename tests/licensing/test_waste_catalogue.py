"""The 国家危险废物名录 as reference data: none is built in (the domain facts hold no codes), a CSV import
creates and updates categories and codes and retires what a new edition drops; licences accept only
current categories and codes, each code under one of the licence's categories."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from gongkai.licensing import services
from gongkai.licensing.models import WasteCategory, WasteCode

from .test_licensing_django import licence_data

pytestmark = pytest.mark.django_db

# Test values only: the real categories and codes are entered by the bureau from the 名录 in force.
CSV = (
    "废物类别,类别名称,废物代码,危险废物\n"
    "T01,测试类别一,T01-001-01,测试废物甲\n"
    "T01,测试类别一,T01-002-01,测试废物乙\n"
    "T02,测试类别二,,\n"
)


@pytest.fixture
def editor(make_staff):
    return make_staff("editor")


def test_nothing_is_built_in():
    assert not WasteCategory.objects.exclude(edition="演示数据").exists()
    assert not WasteCode.objects.exists()


def test_import_creates_updates_and_retires(administrator):
    counts = services.import_waste_catalogue(
        actor=administrator, data=("\ufeff" + CSV).encode(), edition="测试版"
    )
    assert counts["categories"] == 2 and counts["codes"] == 2
    assert WasteCode.objects.get(code="T01-002-01").category.code == "T01"
    newer = "废物类别,类别名称,废物代码,危险废物\nT01,测试类别一（修订）,T01-001-01,测试废物甲\n"
    counts = services.import_waste_catalogue(actor=administrator, data=newer.encode(), edition="测试版2")
    assert counts["retired_categories"] == 1 and counts["retired_codes"] == 1
    assert WasteCategory.objects.get(code="T01").name == "测试类别一（修订）"
    assert not WasteCode.objects.get(code="T01-002-01").is_active
    assert AuditRecord.objects.filter(action="licensing.waste_catalogue_import").count() == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("类别,名称\nT01,x\n", "缺少列"),
        ("废物类别,类别名称,废物代码,危险废物\n,无类别,,\n", "第2行"),
        ("废物类别,类别名称,废物代码,危险废物\nT01,a,T01-1,x\nT01,a,T01-1,x\n", "第3行：废物代码重复"),
        ("废物类别,类别名称,废物代码,危险废物\n", "没有数据行"),
    ],
)
def test_a_bad_file_imports_nothing(administrator, text, message):
    with pytest.raises(DomainError, match=message):
        services.import_waste_catalogue(actor=administrator, data=text.encode(), edition="测试版")
    assert not WasteCode.objects.exists()


def test_the_import_page_is_for_administrators(administrator, editor, client_for):
    url = reverse("licensing:staff_waste_import")
    assert client_for(editor).get(url).status_code in (302, 403)
    upload = SimpleUploadedFile("名录.csv", CSV.encode(), content_type="text/csv")
    response = client_for(administrator).post(url, {"edition": "测试版", "file": upload})
    assert response.status_code == 302
    assert WasteCode.objects.count() == 2


def test_a_licence_takes_only_current_codes_under_its_categories(administrator, editor):
    services.import_waste_catalogue(actor=administrator, data=CSV.encode(), edition="测试版")
    t01, t02 = WasteCategory.objects.get(code="T01"), WasteCategory.objects.get(code="T02")
    code = WasteCode.objects.get(code="T01-001-01")
    with pytest.raises(DomainError, match="不属于所选"):
        services.issue_licence(
            actor=editor, data=licence_data(), categories=[t02], codes=[code], decided_on=date(2026, 3, 2)
        )
    code.is_active = False
    code.save()
    with pytest.raises(DomainError, match="不在现行"):
        services.issue_licence(
            actor=editor, data=licence_data(), categories=[t01], codes=[code], decided_on=date(2026, 3, 2)
        )
    with pytest.raises(DomainError, match="只有危险废物"):
        services.issue_licence(
            actor=editor,
            data=licence_data(kind="radiation", capacity_tpa=None, scope="使用Ⅲ类射线装置"),
            categories=[t01],
            decided_on=date(2026, 3, 2),
        )
    licence = services.issue_licence(
        actor=editor, data=licence_data(), categories=[t01], decided_on=date(2026, 3, 2)
    )
    assert list(licence.categories.all()) == [t01]

"""The demo's content at a real bureau's volume (issue 12): consistent dates and numbers, every
column that applies to a city bureau filled, and loadable through the real workflow."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from django.utils import timezone

from gongkai.core import demo as core_demo
from gongkai.disclosure import demo_volume
from gongkai.disclosure.models import CatalogueItem, Document, Status
from gongkai.disclosure.standard_catalogue import STANDARD_CATALOGUE

TODAY = date(2026, 12, 6)


def _all():
    return list(demo_volume.planned(random.Random(demo_volume.SEED), TODAY))


def test_several_hundred_documents_over_two_years():
    rows = _all()
    assert len(rows) >= 300
    years = {formed.year for _, formed, _, _ in rows}
    assert years == {2025, 2026}


def test_formed_never_after_published_and_nothing_in_the_future():
    for _, formed, published, fields in _all():
        assert formed <= timezone.localdate(published) < TODAY, fields["title"]


def test_document_number_year_is_the_year_formed_and_numbers_are_unique():
    numbers = []
    for _, formed, _, fields in _all():
        number = fields.get("document_number")
        if number:
            year = int(re.search(r"〔(\d{4})〕", number).group(1))
            assert year == formed.year, number
            numbers.append(number)
    assert len(numbers) == len(set(numbers))
    assert len(numbers) >= 80


def test_every_public_column_of_the_standard_catalogue_that_takes_documents_is_planned():
    planned_codes = {plan.code for plan in demo_volume.PLANS} | {"03.03"}  # 政策解读 follow their policies
    codes = {row["code"] for row in STANDARD_CATALOGUE}
    parents = {code.rpartition(".")[0] for code in codes if "." in code}
    leaves = {
        row["code"]
        for row in STANDARD_CATALOGUE
        if row["code"] not in parents and row["method"] == "主动" and not row["link"] and row["code"] != "04"
    }
    assert leaves <= planned_codes, leaves - planned_codes


def test_bodies_carry_no_personal_data_for_the_gate_to_stop():
    from gongkai.privacy.scanner import scan_text

    for _, _, _, fields in _all():
        assert scan_text(re.sub(r"<[^>]+>", "\n", fields["body"])) == [], fields["title"]


@pytest.mark.django_db
def test_a_slice_loads_through_the_real_workflow_and_only_once():
    core_demo._load_platform_demo()
    from gongkai.core.models import User
    from gongkai.disclosure.demo import _load_catalogue

    _load_catalogue(User.objects.get(username="admin"))
    one_each = (
        *tuple(demo_volume.Plan(plan.code, 1, plan.kind) for plan in demo_volume.PLANS),
        demo_volume.Plan("03.02", 2, "rules"),
    )
    loaded = demo_volume.load(today=TODAY, plans=one_each)
    assert loaded >= len(one_each)
    assert CatalogueItem.objects.get(code=demo_volume.NOTICE_CODE).name == "通知公告"
    published = Document.objects.filter(status=Status.PUBLISHED)
    assert published.count() == loaded
    for document in published:
        assert document.date_formed <= document.public_date
    interpretation = published.get(doc_type="interpretation")
    assert interpretation.published_at == interpretation.interprets.get().published_at  # 同步发布
    assert demo_volume.load(today=TODAY, plans=one_each) == 0


def test_numbers_already_used_by_the_hand_made_demo_are_skipped():
    taken = frozenset({"示环罚〔2025〕1号", "示环罚〔2025〕2号"})
    rows = list(demo_volume.planned(random.Random(demo_volume.SEED), TODAY, taken=taken))
    numbers = {fields.get("document_number") for _, _, _, fields in rows}
    assert not numbers & taken
    assert "示环罚〔2025〕3号" in numbers

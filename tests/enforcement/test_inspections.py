"""双随机、一公开: commitment before the draw, seed revealed after, conflict avoidance, result deadlines
(20 working days), and a published draw re-run from its seed with the `gongkai inspections` CLI."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from decimal import Decimal
from fractions import Fraction
from unittest import mock

import pytest
from click.testing import CliRunner
from django.urls import reverse
from django.utils import timezone

from gongkai.core.errors import DomainError
from gongkai.enforcement import draw as dr
from gongkai.enforcement import services
from gongkai.enforcement.cli import inspections
from gongkai.enforcement.models import DrawPlan, InspectionObject, InspectionResult, Inspector

pytestmark = pytest.mark.django_db
SEED = "5eed" * 16


def at(day: date):
    moment = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10, 0))
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def pools(code):
    for n in range(1, 41):
        InspectionObject.objects.create(
            code=f"Z{n:03d}",
            name=f"示例市重点企业{n}号",
            category="key",
            credit_code=code(f"91330100MA2K{n:05d}"),
        )
    for n in range(1, 61):
        InspectionObject.objects.create(code=f"Y{n:03d}", name=f"示例市一般企业{n}号", category="general")
    InspectionObject.objects.create(code="Y999", name="已注销企业", category="general", is_active=False)
    for n in range(1, 9):
        Inspector.objects.create(code=f"P{n:02d}", name=f"执法员{n}")


def make_plan(officer, **changes):
    fields = {
        "title": "2026年第四季度双随机抽查",
        "period_start": date(2026, 10, 1),
        "period_end": date(2026, 12, 31),
        "pools": [("key", Fraction(1, 8), None), ("general", None, 5)],
    }
    fields.update(changes)
    return services.create_plan(actor=officer, **fields)


def test_commitment_then_draw_then_verification(officer, pools, client):
    plan = make_plan(officer)
    assert plan.number == "双随机〔2026〕1号"
    assert client.get(reverse("enforcement:plan", args=[plan.pk])).status_code == 404  # not yet public
    plan = services.commit_plan(actor=officer, plan=plan, seed_hex=SEED)
    key, general = plan.pools.order_by("category").reverse()  # key, general
    assert (key.category, key.drawn_count, len(key.snapshot)) == ("key", 5, 40)  # ceil(40 / 8)
    assert (general.drawn_count, len(general.snapshot)) == (5, 60)  # the inactive unit is not in the pool
    assert plan.seed_commitment == hashlib.sha256(bytes.fromhex(SEED)).hexdigest()
    page = client.get(reverse("enforcement:plan", args=[plan.pk])).content.decode()
    assert plan.seed_commitment in page and key.digest in page
    assert SEED not in page  # the seed stays secret until the draw
    with pytest.raises(DomainError):
        services.commit_plan(actor=officer, plan=plan)
    plan = services.run_draw(actor=officer, plan=plan)
    assert plan.status == DrawPlan.Status.DRAWN
    assert services.verify_plan(plan).ok
    assert InspectionResult.objects.filter(plan=plan).count() == 10
    page = client.get(reverse("enforcement:plan", args=[plan.pk])).content.decode()
    assert SEED in page and "gongkai inspections draw" in page and "结果一致" in page


def test_a_published_draw_reruns_from_its_seed_with_the_cli(officer, pools, client, tmp_path):
    plan = services.run_draw(actor=officer, plan=services.commit_plan(actor=officer, plan=make_plan(officer)))
    page = client.get(reverse("enforcement:plan", args=[plan.pk])).content.decode()
    seed = plan.seed_hex
    assert seed in page
    runner = CliRunner()
    for pool in plan.pools.all():
        pool_csv = client.get(reverse("enforcement:plan_pool_csv", args=[plan.pk, pool.category])).content
        path = tmp_path / f"{pool.category}.csv"
        path.write_bytes(pool_csv)
        committed = runner.invoke(inspections, ["commit", "--pool", str(path), "--seed", seed])
        assert committed.exit_code == 0
        assert f"pool_sha256={pool.digest}" in committed.output
        assert f"seed_sha256={plan.seed_commitment}" in committed.output
        drawn = runner.invoke(
            inspections, ["draw", "--pool", str(path), "--count", str(pool.drawn_count), "--seed", seed]
        )
        assert drawn.exit_code == 0
        rows = list(csv.DictReader(io.StringIO(drawn.output)))
        assert [row["id"] for row in rows] == [d["id"] for d in pool.drawn]
        assert [d["id"] for d in pool.drawn] == [
            r.member_id for r in dr.draw(bytes.fromhex(seed), [m[0] for m in pool.snapshot], pool.drawn_count)
        ]


def test_an_inspector_is_never_assigned_to_a_unit_they_are_tied_to(officer, pools):
    plan = make_plan(officer, pools=[("key", None, 40)], inspectors_per_unit=2)
    tied = Inspector.objects.get(code="P01")
    for unit in InspectionObject.objects.filter(category="key")[:20]:
        services.add_conflict(actor=officer, inspector=tied, object_code=unit.code, reason="曾在该企业任职")
    plan = services.run_draw(
        actor=officer, plan=services.commit_plan(actor=officer, plan=plan, seed_hex=SEED)
    )
    conflicts = {tuple(pair) for pair in plan.conflict_snapshot}
    assert len(conflicts) == 20
    for unit, inspectors in plan.assignments:
        assert len(inspectors) == 2
        assert all((inspector, unit) not in conflicts for inspector in inspectors)
    assert services.verify_plan(plan).ok


def test_tampering_is_detected(officer, pools):
    plan = services.run_draw(actor=officer, plan=services.commit_plan(actor=officer, plan=make_plan(officer)))
    pool = plan.pools.get(category="key")
    pool.drawn = list(reversed(pool.drawn))
    pool.save()
    assert not services.verify_plan(plan).ok


# The result of an inspection is due 20 working days after it (regulations.md §8 [U], a setting).
@pytest.mark.parametrize(
    ("inspected", "due"),
    [
        (date(2026, 9, 28), date(2026, 10, 30)),  # 国庆 skipped, Sat 10-10 counted
        (date(2026, 2, 13), date(2026, 3, 19)),  # 春节 skipped, Sat 02-14 and 02-28 counted
        (date(2026, 6, 1), date(2026, 6, 30)),  # 端午 Fri 06-19 skipped
    ],
)
def test_result_due_twenty_working_days_after_the_inspection(officer, pools, inspected, due):
    plan = services.run_draw(actor=officer, plan=services.commit_plan(actor=officer, plan=make_plan(officer)))
    result = plan.results.first()
    result = services.record_result(
        actor=officer, result=result, inspected_on=inspected, outcome="no_problem"
    )
    assert result.result_due == due


def test_results_are_published_and_listed(officer, pools, client):
    plan = services.run_draw(actor=officer, plan=services.commit_plan(actor=officer, plan=make_plan(officer)))
    with pytest.raises(DomainError):
        services.publish_results(actor=officer, plan=plan)
    first, second = plan.results.all()[:2]
    services.record_result(
        actor=officer,
        result=first,
        inspected_on=date(2026, 11, 3),
        outcome="ordered",
        findings="危险废物贮存场所标识不规范，已责令整改。",
    )
    with pytest.raises(DomainError) as refused:
        services.record_result(
            actor=officer,
            result=second,
            inspected_on=date(2026, 11, 3),
            outcome="no_problem",
            findings="企业负责人手机13812345678",
        )
    assert "手机号码" in refused.value.message
    with at(date(2026, 12, 2)):
        assert services.publish_results(actor=officer, plan=plan) == 1
    listing = client.get(reverse("enforcement:plans")).content.decode()
    assert first.name in listing
    api = client.get("/api/v1/lists/enforcement-inspection-results").json()
    assert api["count"] == 1 and api["results"][0]["outcome"] == "发现问题，已责令整改"
    export = client.get(reverse("enforcement:plans") + "?export=xlsx")
    assert export.status_code == 200


def test_staff_pages_of_the_draw(officer, leader, pools, client_for):
    plan = make_plan(officer)
    officer_client = client_for(officer)
    assert officer_client.get(reverse("enforcement:staff_plans")).status_code == 200
    assert officer_client.get(reverse("enforcement:staff_plan_new")).status_code == 200
    assert officer_client.post(reverse("enforcement:staff_plan_commit", args=[plan.pk])).status_code == 302
    assert officer_client.post(reverse("enforcement:staff_plan_draw", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == DrawPlan.Status.DRAWN
    assert officer_client.get(reverse("enforcement:staff_plan", args=[plan.pk])).status_code == 200
    assert officer_client.get(reverse("enforcement:staff_conflicts")).status_code == 200
    leader_client = client_for(leader)
    assert leader_client.get(reverse("enforcement:staff_plan", args=[plan.pk])).status_code == 200
    assert leader_client.post(reverse("enforcement:staff_plan_publish", args=[plan.pk])).status_code == 403
    response = officer_client.post(
        reverse("enforcement:staff_plan_new"),
        {
            "title": "2027年第一季度",
            "period_start": "2027-01-01",
            "period_end": "2027-03-31",
            "inspectors_per_unit": "2",
            "key_percent": "5",
            "general_count": "3",
        },
    )
    assert response.status_code == 302
    created = DrawPlan.objects.get(title="2027年第一季度")
    assert sorted((p.category, p.ratio, p.count) for p in created.pools.all()) == [
        ("general", None, 3),
        ("key", Decimal("0.0500"), None),
    ]


def test_the_ratio_is_shown_exactly(officer, pools, client):
    plan = services.commit_plan(actor=officer, plan=make_plan(officer), seed_hex=SEED)
    assert plan.pools.get(category="key").ratio_percent == "12.5"
    assert "12.5%" in client.get(reverse("enforcement:plan", args=[plan.pk])).content.decode()

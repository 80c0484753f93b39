"""The demo loader: a year of decisions (one withdrawn, one changed), two draw rounds that verify,
three listed cases, 20 rectification problems in every state; a second run adds nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gongkai.core.identifiers import is_valid_credit_code
from gongkai.enforcement import demo, queries, services
from gongkai.enforcement.models import Decision, DecisionChange, DrawPlan, ListedCase, RectificationPlan

pytestmark = pytest.mark.django_db


def test_demo_loads_once(make_staff):
    make_staff("enforcement_officer", username="enforcer")
    make_staff("leader", username="leader")
    assert demo.load_demo() > 0
    assert 150 <= Decision.objects.penalties().count() <= 200
    assert Decision.objects.coercions().count() == 16
    assert DecisionChange.objects.filter(kind="withdraw").count() == 1
    assert DecisionChange.objects.filter(kind="change").exclude(after__has_key="released_on").count() == 1
    assert Decision.objects.filter(continuous_days__isnull=False).count() == 2
    assert Decision.objects.filter(party_type="person").exists()
    # Late publication is shown from the year before the 12 months the PITI self-assessment scores.
    late = Decision.objects.filter(published_late=True)
    year_ago = timezone.localdate() - timedelta(days=365)
    assert late.exists() and not late.filter(decided_on__gt=year_ago).exists()
    assert all(
        is_valid_credit_code(c)
        for c in Decision.objects.exclude(credit_code="").values_list("credit_code", flat=True)
    )
    plans = list(DrawPlan.objects.all())
    assert len(plans) == 2
    for plan in plans:
        assert plan.seed_commitment and plan.drawn_at > plan.committed_at
        assert services.verify_plan(plan).ok
    assert ListedCase.objects.count() == 3
    feedback = RectificationPlan.objects.get()
    problems = queries.problems_with_states(feedback)
    assert len(problems) == 20
    assert all(count > 0 for count in queries.totals(problems).values())
    counts = (Decision.objects.count(), DrawPlan.objects.count(), ListedCase.objects.count())
    assert demo.load_demo() >= 0
    assert (Decision.objects.count(), DrawPlan.objects.count(), ListedCase.objects.count()) == counts
    assert queries.yearly_counts(timezone.localdate().year)["penalty"] > 0

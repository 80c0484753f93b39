"""Read-only questions about enforcement records: what is public today, what is due, the figures of a
year. Views, lists, cards, the facility sections and the yearly contribution read through here."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from gongkai.enforcement import rules
from gongkai.enforcement.models import (
    Category,
    Decision,
    DrawPlan,
    InspectionResult,
    ListedCase,
    RectificationPlan,
    RectificationProblem,
)

SOON_WORKDAYS = 2  # a decision whose 双公示 deadline is this close shows on the officer's card


def today() -> date:
    return timezone.localdate()


def public_decisions(on: date | None = None):
    """Published decisions inside their publicity period (withdrawn ones stay, marked, with the reason)."""
    return Decision.objects.publicly_listed(on or today()).prefetch_related("changes")


def archived_decisions(on: date | None = None):
    """Published decisions past their publicity period: kept, no longer on the public list."""
    return Decision.objects.published().filter(publicity_until__lt=on or today())


def is_public(decision: Decision, on: date | None = None) -> bool:
    return bool(
        decision.published_at and decision.publicity_until and decision.publicity_until >= (on or today())
    )


def unpublished_decisions():
    return Decision.objects.unpublished().order_by("publish_due", "pk")


def overdue_unpublished(on: date | None = None):
    return unpublished_decisions().filter(publish_due__lt=on or today())


def due_soon_unpublished(on: date | None = None):
    """Unpublished, not overdue, due within SOON_WORKDAYS working days."""
    from gongkai.enforcement.services.common import calendar

    on = on or today()
    try:
        limit = calendar().add_workdays(on, SOON_WORKDAYS)
    except LookupError:
        limit = on
    return unpublished_decisions().filter(publish_due__gte=on, publish_due__lte=limit)


def deadline(decision: Decision, on: date | None = None) -> rules.DeadlineState | None:
    """Days left before the 双公示 deadline of an unpublished decision (None without a due date)."""
    from gongkai.enforcement.services.common import calendar

    if decision.publish_due is None or decision.published_at:
        return None
    try:
        return rules.deadline_state(decision.publish_due, on or today(), calendar())
    except LookupError:
        return None


def awaiting_withdrawal():
    """Published decisions recorded as changed, revoked or found unlawful/void, not yet withdrawn."""
    return Decision.objects.filter(revoked_on__isnull=False, withdrawn_on__isnull=True).order_by("revoked_on")


def public_plans():
    return DrawPlan.objects.exclude(status=DrawPlan.Status.PLANNED).order_by("-period_start", "-pk")


def public_results():
    return InspectionResult.objects.filter(published_at__isnull=False).select_related("plan")


def results_due(on: date | None = None):
    """Recorded results not yet public, with their due date passed or reached."""
    return InspectionResult.objects.filter(
        published_at__isnull=True, result_due__isnull=False, result_due__lte=on or today()
    ).exclude(outcome=InspectionResult.Outcome.PENDING)


def plans_awaiting_draw():
    return DrawPlan.objects.filter(status__in=[DrawPlan.Status.PLANNED, DrawPlan.Status.COMMITTED])


def public_listed():
    return ListedCase.objects.filter(published=True)


def open_listed_overdue(on: date | None = None):
    return ListedCase.objects.filter(status=ListedCase.Status.OPEN, deadline__lt=on or today())


def public_rectification_plans():
    return RectificationPlan.objects.filter(published=True)


def overdue_problems(on: date | None = None):
    return RectificationProblem.objects.exclude(state=rules.DONE).filter(deadline__lt=on or today())


def yearly_counts(year: int) -> dict[str, int]:
    """Decisions made in `year` (决定日期), withdrawn ones excluded: Table 二's 行政处罚 / 行政强制."""
    rows = (
        Decision.objects.filter(decided_on__year=year, withdrawn_on__isnull=True)
        .values("category")
        .annotate(n=Count("pk"))
    )
    counts = {Category.PENALTY.value: 0, Category.COERCION.value: 0}
    counts.update({row["category"]: row["n"] for row in rows})
    counts["published"] = Decision.objects.filter(
        decided_on__year=year, withdrawn_on__isnull=True, published_at__isnull=False
    ).count()
    return counts


def decisions_for(credit_code: str, *, public: bool):
    decisions = Decision.objects.filter(credit_code=credit_code)
    return public_decisions().filter(credit_code=credit_code) if public else decisions


def listed_for(credit_code: str, *, public: bool):
    cases = ListedCase.objects.filter(credit_code=credit_code)
    return cases.filter(published=True) if public else cases


def inspections_for(credit_code: str, *, public: bool):
    results = InspectionResult.objects.filter(credit_code=credit_code).select_related("plan")
    return results.filter(published_at__isnull=False) if public else results


def problems_with_states(plan: RectificationPlan, on: date | None = None):
    on = on or today()
    problems = list(plan.problems.prefetch_related("progress"))
    for problem in problems:
        problem.shown_state = problem.effective_state(on)
    return problems


def totals(problems) -> dict[str, int]:
    counts = dict.fromkeys([rules.DONE, rules.ON_SCHEDULE, rules.NOT_DONE, rules.OVERDUE], 0)
    for problem in problems:
        counts[problem.shown_state] += 1
    return counts


def coercion_filter():
    return Q(category=Category.COERCION)

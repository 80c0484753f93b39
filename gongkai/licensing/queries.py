"""Read side: public querysets (published decisions only), the staff deadline states, and the status
of each obliged enterprise's disclosure."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.licensing import deadlines
from gongkai.licensing.models import Application, Decision, DisclosureReport, Licence, Obligation


def today() -> date:
    return timezone.localdate()


def public_decisions() -> QuerySet[Decision]:
    return Decision.objects.published().select_related("licence")


def _soon_limit(day: date) -> date | None:
    from gongkai.licensing.services import calendar
    from gongkai.workcalendar.workdays import YearNotCovered

    try:
        return calendar().add_workdays(day, deadlines.DUE_SOON_WORKDAYS)
    except YearNotCovered:
        return None


def unpublished() -> QuerySet[Decision]:
    return Decision.objects.filter(published_at__isnull=True).order_by("due_on", "pk")


def overdue() -> QuerySet[Decision]:
    """Not published and past the 双公示 due date (a provisional date gives no verdict)."""
    return unpublished().filter(due_on__lt=today(), due_provisional=False)


def due_soon() -> QuerySet[Decision]:
    """Not published and due within DUE_SOON_WORKDAYS working days (today included)."""
    limit = _soon_limit(today())
    queryset = unpublished().filter(due_on__gte=today())
    return queryset.filter(due_on__lte=limit) if limit else queryset.none()


def decision_state(decision: Decision) -> deadlines.State:
    from gongkai.licensing.services import calendar

    done_on = timezone.localdate(decision.published_at) if decision.published_at else None
    day = today()
    # The calendar (one query to check it is current) is needed only to count the days left.
    needs_calendar = done_on is None and decision.due_on is not None and decision.due_on >= day
    return deadlines.state(
        deadline=deadlines.Deadline(decision.due_on, decision.due_provisional),
        done_on=done_on,
        today=day,
        calendar=calendar() if needs_calendar else None,
    )


STATE_LABELS = {
    deadlines.State.ON_TIME: _("按时公示"),
    deadlines.State.LATE: _("逾期公示"),
    deadlines.State.PENDING: _("待公示"),
    deadlines.State.DUE_SOON: _("即将到期"),
    deadlines.State.OVERDUE: _("已逾期未公示"),
    deadlines.State.UNKNOWN: _("期限待定"),
}


def staff_decisions(state: str = "") -> QuerySet[Decision]:
    queryset = Decision.objects.select_related("licence", "application")
    if state == "unpublished":
        return queryset.filter(published_at__isnull=True)
    if state == "overdue":
        return queryset.filter(pk__in=overdue().values("pk"))
    if state == "due_soon":
        return queryset.filter(pk__in=due_soon().values("pk"))
    if state == "late":
        return queryset.filter(late=True)
    if state == "published":
        return queryset.filter(published_at__isnull=False)
    return queryset


def licences(status: str = "") -> QuerySet[Licence]:
    queryset = Licence.objects.prefetch_related("categories")
    day = today()
    if status == Licence.Status.REVOKED:
        return queryset.filter(revoked_on__lte=day)
    if status == Licence.Status.EXPIRED:
        return queryset.filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day), valid_to__lt=day)
    if status == Licence.Status.VALID:
        return queryset.filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day), valid_to__gte=day)
    return queryset


def applications() -> QuerySet[Application]:
    return Application.objects.all()


# --- 企业环境信息依法披露 -----------------------------------------------------------------------------


def obligations() -> QuerySet[Obligation]:
    """Each obliged enterprise with its annual report's state and its temporary reports' counts."""
    annual = DisclosureReport.objects.filter(obligation=OuterRef("pk"), kind=DisclosureReport.Kind.ANNUAL)
    return Obligation.objects.annotate(
        has_annual=Exists(annual),
        annual_late=Exists(annual.filter(late=True)),
        temporary_count=Count("reports", filter=Q(reports__kind=DisclosureReport.Kind.TEMPORARY)),
        temporary_late=Count(
            "reports", filter=Q(reports__kind=DisclosureReport.Kind.TEMPORARY, reports__late=True)
        ),
    )


def annual_due(year: int) -> date:
    from gongkai.licensing.services import annual_report_due_date

    return deadlines.annual_report_due(year, annual_report_due_date())


def years_past_annual_due() -> list[int]:
    """The list years whose annual reports are due by now (due date before today)."""
    return [
        year
        for year in Obligation.objects.values_list("year", flat=True).distinct()
        if annual_due(year) < today()
    ]


def missing_annual(queryset: QuerySet[Obligation] | None = None) -> QuerySet[Obligation]:
    """Obliged enterprises whose annual report is past due and not disclosed (未披露)."""
    queryset = obligations() if queryset is None else queryset
    return queryset.filter(year__in=years_past_annual_due(), has_annual=False)


def with_problems(queryset: QuerySet[Obligation]) -> QuerySet[Obligation]:
    """Late (逾期披露) or missing (未披露) reports."""
    return queryset.filter(
        Q(year__in=years_past_annual_due(), has_annual=False) | Q(annual_late=True) | Q(temporary_late__gt=0)
    )


def annual_status(obligation: Obligation) -> str:
    if getattr(obligation, "has_annual", False):
        return "逾期披露" if obligation.annual_late else "已按时披露"
    return "未披露（已逾期）" if annual_due(obligation.year) < today() else "未到期"


def report_years() -> list[int]:
    return sorted(set(Obligation.objects.values_list("year", flat=True)), reverse=True)


def districts() -> list[str]:
    return sorted({d for d in Obligation.objects.values_list("district", flat=True).distinct() if d})


# --- enterprise page and annual report ------------------------------------------------------------


def decisions_in_year(year: int) -> int:
    """本年处理决定数量 (Table 二, 第二十条第（五）项 行政许可): decisions made in the year."""
    return Decision.objects.filter(decided_on__year=year).count()

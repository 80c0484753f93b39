"""Read-only helpers of 互动交流: the leader's overview, monthly statistics, the public feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone

from gongkai.interaction import deadlines
from gongkai.interaction.models import (
    VETO_KINDS,
    CaseLead,
    Comment,
    Consultation,
    Kind,
    Message,
    OpinionItem,
    PressEvent,
    Publication,
    Status,
)


def overdue(today: date | None = None):
    today = today or timezone.localdate()
    return Message.objects.open().filter(due_on__lt=today).select_related("handler").order_by("due_on", "pk")


def due_soon(today: date | None = None, days: int = 7):
    today = today or timezone.localdate()
    return Message.objects.open().filter(due_on__gte=today, due_on__lte=today + timedelta(days=days))


def veto_risk(today: date | None = None):
    """Open 政务咨询类 messages within 2 weeks of (or past) the 3-month line (国办秘函〔2019〕19号)."""
    today = today or timezone.localdate()
    rows = Message.objects.open().filter(kind__in=VETO_KINDS).order_by("received_on")
    horizon = today + timedelta(days=14)
    return [m for m in rows if deadlines.veto_line(m.received_on) <= horizon]


def pending_leads(user):
    return CaseLead.objects.filter(officer=user, acknowledged_at__isnull=True).select_related("message")


@dataclass(frozen=True)
class MonthRow:
    month: date
    received: int
    replied: int
    replied_in_time: int
    average_workdays: float | None
    overdue: int
    satisfied: int
    rated: int

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    return first, deadlines.add_months(first, 1)


def monthly_statistics(year: int, kind: str = "", today: date | None = None) -> list[MonthRow]:
    """Per month of `year`: messages received (accepted for handling; rejected ones not counted), replied
    in the month, replied by the deadline, average working days from receipt to reply, and overdue (replied
    late in the month, or still open past the deadline at the month's end or today)."""
    today = today or timezone.localdate()
    base = Message.objects.exclude(status=Status.REJECTED)
    if kind:
        base = base.filter(kind=kind)
    rows = []
    for month in range(1, 13):
        first, after = _month_bounds(year, month)
        if first > today:
            break
        end = min(after, today + timedelta(days=1))
        received = base.filter(received_on__gte=first, received_on__lt=after).count()
        replied = base.filter(replied_on__gte=first, replied_on__lt=after)
        figures = replied.aggregate(
            n=Count("pk"),
            avg=Avg("reply_workdays"),
            in_time=Count("pk", filter=Q(replied_on__lte=models_f("due_on"))),
            late=Count("pk", filter=Q(replied_on__gt=models_f("due_on"))),
            rated=Count("pk", filter=Q(rating__isnull=False)),
            satisfied=Count("pk", filter=Q(rating=3)),
        )
        still_open = (
            base.filter(
                Q(replied_on__isnull=True) | Q(replied_on__gte=end),
                received_on__lt=end,
                due_on__lt=end - timedelta(days=1),
            )
            .filter(due_on__gte=first)
            .count()
        )
        rows.append(
            MonthRow(
                month=first,
                received=received,
                replied=figures["n"],
                replied_in_time=figures["in_time"],
                average_workdays=round(figures["avg"], 1) if figures["avg"] is not None else None,
                overdue=figures["late"] + still_open,
                satisfied=figures["satisfied"],
                rated=figures["rated"],
            )
        )
    return rows


def models_f(name):
    from django.db.models import F

    return F(name)


@dataclass(frozen=True)
class YearFigures:
    received: int
    replied: int
    average_workdays: float | None
    overdue: int
    reports: int
    transferred: int
    consultations: int
    comments: int
    press_conferences: int
    interviews: int
    opinions: int
    published_qa: int


def year_figures(year: int) -> YearFigures:
    messages = Message.objects.exclude(status=Status.REJECTED).filter(received_on__year=year)
    replied = Message.objects.filter(replied_on__year=year)
    agg = replied.aggregate(
        avg=Avg("reply_workdays"), late=Count("pk", filter=Q(replied_on__gt=models_f("due_on")))
    )
    year_end = date(year, 12, 31)
    still_open = messages.filter(
        Q(replied_on__isnull=True) | Q(replied_on__gt=year_end),
        due_on__lt=min(year_end, timezone.localdate()),
    ).count()
    events = PressEvent.objects.filter(scheduled_at__year=year, state=PressEvent.State.HELD)
    return YearFigures(
        received=messages.count(),
        replied=replied.count(),
        average_workdays=round(agg["avg"], 1) if agg["avg"] is not None else None,
        overdue=agg["late"] + still_open,
        reports=messages.filter(kind=Kind.REPORT).count(),
        transferred=CaseLead.objects.filter(transferred_at__year=year).count(),
        consultations=Consultation.objects.filter(starts_on__year=year)
        .exclude(state=Consultation.State.DRAFT)
        .count(),
        comments=Comment.objects.filter(submitted_at__year=year, state=Comment.State.APPROVED).count(),
        press_conferences=events.filter(format=PressEvent.Format.PRESS).count(),
        interviews=events.filter(format=PressEvent.Format.INTERVIEW).count(),
        opinions=OpinionItem.objects.filter(first_seen_at__year=year).count(),
        published_qa=Message.objects.public().filter(published_at__year=year).count(),
    )


# --- the unified feed --------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    kind: str
    title: str
    url: str
    when: datetime


def feed(limit: int = 50) -> list[FeedItem]:
    """Everything 互动交流 has published, newest first: Q&A replies, consultations and their 采纳情况, press
    conferences and interviews, new-media publications, responses to 舆情 with their published link."""
    from django.urls import reverse

    items: list[FeedItem] = []
    for m in Message.objects.public().order_by("-published_at")[:limit]:
        items.append(
            FeedItem(
                "留言答复", m.public_title, reverse("interaction:qa_detail", args=[m.number]), m.published_at
            )
        )
    for c in Consultation.objects.exclude(state=Consultation.State.DRAFT).order_by("-opened_at")[:limit]:
        items.append(FeedItem("意见征集", c.title, c.get_absolute_url(), c.opened_at or timezone.now()))
        if c.feedback_published_at:
            items.append(FeedItem("采纳情况", c.title, c.get_absolute_url(), c.feedback_published_at))
    for e in PressEvent.objects.filter(published_at__isnull=False).order_by("-published_at")[:limit]:
        items.append(FeedItem(e.get_format_display(), e.title, e.get_absolute_url(), e.published_at))
    publications = (
        Publication.objects.filter(published_at__isnull=False)
        .exclude(source_key__startswith="interaction.")  # press events are listed above
        .order_by("-published_at")[:limit]
    )
    for p in publications:
        kind = str(p.get_source_display()) if p.source != Publication.Source.OTHER else "新媒体"
        items.append(FeedItem(kind, p.title, p.link or reverse("interaction:feed"), p.published_at))
    for o in (
        OpinionItem.objects.filter(responded_at__isnull=False)
        .exclude(response_url="")
        .order_by("-responded_at")[:limit]
    ):
        items.append(FeedItem("回应关切", o.topic, o.response_url, o.responded_at))
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]


def report_points(days: int = 366) -> list[dict]:
    """举报 of the last `days` days with a location on the map, for the staff map (staff only)."""

    from django.urls import reverse

    since = timezone.now() - timedelta(days=days)
    rows = (
        Message.objects.filter(
            kind=Kind.REPORT, latitude__isnull=False, longitude__isnull=False, submitted_at__gte=since
        )
        .order_by("-submitted_at")
        .only("pk", "number", "district", "pollution_kind", "status", "latitude", "longitude", "submitted_at")
    )
    return [
        {
            "number": m.number,
            "district": m.district,
            "kind": str(m.get_pollution_kind_display()),
            "status": str(m.get_status_display()),
            "lon": float(m.longitude),
            "lat": float(m.latitude),
            "date": f"{timezone.localtime(m.submitted_at):%Y-%m-%d}",
            "url": reverse("interaction:staff_message", args=[m.pk]),
        }
        for m in rows
    ]

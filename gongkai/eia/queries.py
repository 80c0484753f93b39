"""Read-side helpers: what the public sees (published notices, approved comments), the to-do lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from gongkai.core import facility
from gongkai.eia import rules, services, windows
from gongkai.eia.models import Comment, Notice, Project, Stage


def public_projects() -> QuerySet[Project]:
    return Project.objects.published()


def published_notices(project: Project) -> list[Notice]:
    return list(project.notices.published().order_by("published_at"))


def current_notice(project: Project) -> Notice | None:
    """The latest published stage, as the list shows it."""
    order = {stage: index for index, stage in enumerate(Stage.values)}
    notices = [n for n in project.notices.all() if n.is_published]
    return max(notices, key=lambda n: order[n.stage], default=None)


def public_comments(project: Project) -> QuerySet[Comment]:
    """Approved comments with answers: content only (the template has no access to name or contact)."""
    return (
        Comment.objects.public()
        .filter(project=project)
        .only("number", "published_content", "submitted_at", "answer", "answered_at", "notice__stage")
        .select_related("notice")
        .order_by("submitted_at", "pk")
    )


def open_notices(day: date | None = None) -> QuerySet[Notice]:
    """Published notices whose comment window is open today."""
    day = day or services.today()
    return (
        Notice.objects.published()
        .filter(window_first__lte=day, window_last__gte=day, withdrawn_at__isnull=True)
        .select_related("project")
        .order_by("window_last", "pk")
    )


def closing_notices(day: date | None = None) -> list[Notice]:
    """Open windows ending within EIA_CLOSING_SOON_WORKDAYS working days (today included)."""
    day = day or services.today()
    cal = services.calendar()
    soon = rules.closing_soon_workdays()
    closing = []
    for notice in open_notices(day):
        window = services.window_of(notice)
        try:
            left = windows.workdays_left(today=day, window=window, calendar=cal)
        except LookupError:
            continue
        if left <= soon:
            closing.append(notice)
    return closing


def drafts_due() -> QuerySet[Notice]:
    """Unpublished decision notices, earliest deadline first (审批决定公告: within 7 working days)."""
    return (
        Notice.objects.filter(status=Notice.Status.DRAFT, stage=Stage.DECISION)
        .select_related("project")
        .order_by("due_on", "pk")
    )


def pending_comments() -> QuerySet[Comment]:
    return (
        Comment.objects.filter(status=Comment.Status.PENDING)
        .select_related("project")
        .order_by("submitted_at")
    )


def unanswered_comments() -> QuerySet[Comment]:
    return Comment.objects.filter(status=Comment.Status.APPROVED, answer="").select_related("project")


@dataclass(frozen=True)
class StageRow:
    stage: str
    label: str
    notice: Notice | None


def stage_rows(project: Project, *, public: bool) -> list[StageRow]:
    """One row per stage of the project's kind, with its notice (published only, for the public)."""
    notices = {n.stage: n for n in project.notices.all()}
    rows = []
    for stage in rules.STAGES_BY_KIND[project.kind]:
        notice = notices.get(stage)
        if public and notice is not None and not notice.is_published:
            notice = None
        rows.append(StageRow(stage, Stage(stage).label, notice))
    return rows


def builder_ref(project: Project):
    """The builder as the enterprise directory knows it (name and facility page), or None."""
    return facility.lookup(project.credit_code)


def facility_context(credit_code: str, public: bool) -> dict | None:
    """The builder's EIA projects on its facility page (企业信息页); public: published ones only."""
    projects = Project.objects.filter(credit_code=credit_code)
    if public:
        projects = projects.published()
    projects = list(
        projects.prefetch_related(Prefetch("notices", queryset=Notice.objects.order_by("pk"))).order_by(
            "-pk"
        )[:50]
    )
    if not projects:
        return None
    return {"projects": [(project, current_notice(project)) for project in projects], "public": public}

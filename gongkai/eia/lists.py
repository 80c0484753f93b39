"""Declared lists (HTML table, CSV/XLSX export, API twin /api/v1/lists/<name>).

- eia-notices (public): published notices with their windows;
- eia-projects (staff, eia.view_project): every project with the state of each stage;
- eia-comments (staff, eia.view_comment): the comment log, filterable by project; the submitter's name
  and contact only in the variant for holders of eia.view_commenter, and every export or API
  read of it is audited."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.lists import Column, DeclaredList, Filter, Ordering, register
from gongkai.eia import services
from gongkai.eia.models import Comment, Kind, Notice, Project, Stage

VIEW_COMMENTER = "eia.view_commenter"


def _date(value):
    return value.isoformat() if value else ""


def _window(notice: Notice) -> str:
    if not notice.has_window:
        return ""
    text = f"{notice.window_first:%Y-%m-%d} — {notice.window_last:%Y-%m-%d}"
    return f"{text}（{_('暂定')}）" if notice.window_provisional else text


def _open_filter(queryset, value):
    day = services.today()
    return (
        queryset.filter(window_first__lte=day, window_last__gte=day, withdrawn_at__isnull=True)
        if value == "1"
        else queryset
    )


NOTICES = register(
    DeclaredList(
        name="eia-notices",
        source=lambda request, params: Notice.objects.published().select_related("project"),
        columns=(
            Column(
                "project",
                _("项目名称"),
                value="project.name",
                link=lambda n: reverse("eia:project", args=[n.project_id]),
            ),
            Column("builder", _("建设单位"), value="project.builder"),
            Column("district", _("所在区县"), value="project.district"),
            Column("kind", _("事项类别"), value=lambda n: n.project.get_kind_display()),
            Column("stage", _("公示阶段"), value=lambda n: n.get_stage_display()),
            Column("published_on", _("发布日期"), value=lambda n: _date(n.published_on)),
            Column("window", _("公示期"), value=_window),
            Column(
                "window_first",
                _("公示开始日期"),
                value=lambda n: _date(n.window_first),
                only=frozenset({"csv", "xlsx", "api"}),
            ),
            Column(
                "window_last",
                _("公示截止日期"),
                value=lambda n: _date(n.window_last),
                only=frozenset({"csv", "xlsx", "api"}),
            ),
            Column(
                "provisional",
                _("日期暂定"),
                value="window_provisional",
                only=frozenset({"csv", "xlsx", "api"}),
            ),
            Column("approval_number", _("审批文号"), value="project.approval_number"),
            Column("withdrawn_on", _("撤回日期"), value=lambda n: _date(n.withdrawn_on)),
            Column(
                "url",
                _("网址"),
                value=lambda n: reverse("eia:project", args=[n.project_id]),
                absolute=True,
                only=frozenset({"csv", "xlsx", "api"}),
            ),
        ),
        filters=(
            Filter(
                "q",
                _("关键词"),
                kind="search",
                search=("project__name", "project__builder", "project__location"),
            ),
            Filter("kind", _("事项类别"), choices=Kind.choices, lookup="project__kind"),
            Filter("stage", _("公示阶段"), choices=Stage.choices, lookup="stage"),
            Filter("open", _("正在征求意见"), kind="checkbox", apply=_open_filter),
        ),
        orderings=(
            Ordering("new", _("最新发布"), ("-published_at", "-pk")),
            Ordering("closing", _("截止日期"), ("window_last", "pk")),
        ),
        filename="eia-notices",
        empty=_("没有公示。"),
        caption=_("环境影响评价公示公告"),
    )
)


def _stage_state(stage: str):
    def state(project: Project) -> str:
        notice = next((n for n in project.notices.all() if n.stage == stage), None)
        if notice is None:
            return ""
        return str(_("已发布") if notice.is_published else _("草稿"))

    return state


PROJECTS = register(
    DeclaredList(
        name="eia-projects",
        source=lambda request, params: Project.objects.prefetch_related("notices"),
        columns=(
            Column("name", _("项目名称"), link=lambda p: reverse("eia:staff_project", args=[p.pk])),
            Column("builder", _("建设单位")),
            Column("credit_code", _("统一社会信用代码")),
            Column("district", _("所在区县")),
            Column("kind", _("事项类别"), value=lambda p: p.get_kind_display()),
            Column("document_kind", _("环评文件类型"), value=lambda p: p.get_document_kind_display()),
            Column("received_on", _("受理日期"), value=lambda p: _date(p.received_on)),
            *(Column(stage.value, stage.label, value=_stage_state(stage.value)) for stage in Stage),
            Column("approval_number", _("审批文号")),
        ),
        filters=(
            Filter(
                "q", _("关键词"), kind="search", search=("name", "builder", "credit_code", "approval_number")
            ),
            Filter("kind", _("事项类别"), choices=Kind.choices, lookup="kind"),
        ),
        orderings=(
            Ordering("new", _("最新受理"), ("-received_on", "-pk")),
            Ordering("name", _("项目名称"), ("name", "pk")),
        ),
        permission="eia.view_project",
        filename="eia-projects",
        empty=_("没有项目。"),
        caption=_("建设项目"),
    )
)


def _project_filter(queryset, value):
    return queryset.filter(project_id=int(value)) if value.isdigit() else queryset.none()


COMMENT_COLUMNS = (
    Column("number", _("意见编号"), link=lambda c: reverse("eia:staff_comment", args=[c.pk])),
    Column("project", _("项目名称"), value="project.name"),
    Column("stage", _("公示阶段"), value=lambda c: c.notice.get_stage_display()),
    Column("submitted_at", _("提交时间"), value=lambda c: c.submitted_at.strftime("%Y-%m-%d %H:%M")),
    Column("content", _("意见内容")),
    Column("status", _("审核状态"), value=lambda c: c.get_status_display()),
    Column("published_content", _("公开的意见内容"), only=frozenset({"csv", "xlsx", "api"})),
    Column("moderation_reason", _("不予公开的理由"), only=frozenset({"csv", "xlsx", "api"})),
    Column("answer", _("答复")),
    Column(
        "answered_at",
        _("答复时间"),
        value=lambda c: c.answered_at.strftime("%Y-%m-%d %H:%M") if c.answered_at else "",
    ),
)
PERSONAL_COLUMNS = (Column("name", _("姓名或单位名称")), Column("contact", _("联系方式")))


def _comments(request, params):
    return Comment.objects.select_related("project", "notice")


def _comment_audience(user) -> DeclaredList:
    return COMMENTS_FULL if user.has_perm(VIEW_COMMENTER) else COMMENTS


COMMENTS = register(
    DeclaredList(
        name="eia-comments",
        source=_comments,
        columns=COMMENT_COLUMNS,
        html_columns=("number", "project", "stage", "submitted_at", "content", "status", "answered_at"),
        filters=(
            Filter("q", _("关键词"), kind="search", search=("number", "content", "project__name")),
            Filter("status", _("审核状态"), choices=Comment.Status.choices, lookup="status"),
            Filter("stage", _("公示阶段"), choices=Stage.choices, lookup="notice__stage"),
            Filter("project", _("项目编号"), kind="text", apply=_project_filter),
        ),
        orderings=(
            Ordering("new", _("最新提交"), ("-submitted_at", "-pk")),
            Ordering("old", _("最早提交"), ("submitted_at", "pk")),
        ),
        permission="eia.view_comment",
        filename="eia-comments",
        empty=_("没有公众意见。"),
        caption=_("公众意见"),
        audience=_comment_audience,
        audit_reads="eia.comment_export",
    )
)
COMMENTS_FULL = COMMENTS.variant(columns=COMMENT_COLUMNS[:4] + PERSONAL_COLUMNS + COMMENT_COLUMNS[4:])

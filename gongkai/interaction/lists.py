"""Lists of 互动交流, declared once for the table, the CSV/XLSX export and the API twin
(/api/v1/lists/<name>). Public lists show no personal data: the Q&A list reads only the redacted copy."""

from __future__ import annotations

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongkai.core.lists import Column, DeclaredList, Filter, Ordering, register
from gongkai.core.models import Notification
from gongkai.interaction import conf, queries, services
from gongkai.interaction.models import (
    CaseLead,
    Consultation,
    Kind,
    Message,
    OpinionItem,
    OpinionLevel,
    PressEvent,
    Publication,
    Status,
)


def _user(user) -> str:
    return (user.full_name or user.username) if user else ""


def _overdue(queryset, value):
    return queryset.filter(
        status__in=[Status.PENDING, Status.ACCEPTED, Status.ASSIGNED], due_on__lt=timezone.localdate()
    )


MESSAGES = register(
    DeclaredList(
        name="interaction-messages",
        source=lambda request, params: Message.objects.select_related("handler"),
        columns=(
            Column("number", _("登记号"), link=lambda m: reverse("interaction:staff_message", args=[m.pk])),
            Column("kind", _("类别"), lambda m: m.get_kind_display()),
            Column("title", _("标题")),
            Column("status", _("状态"), lambda m: m.get_status_display()),
            Column("received_on", _("收到日期")),
            Column("due_on", _("答复期限")),
            Column("department", _("承办处室")),
            Column("handler", _("承办人"), lambda m: _user(m.handler)),
            Column("replied_on", _("答复日期")),
            Column("reply_workdays", _("用时（工作日）"), numeric=True),
            Column("screen_hits", _("敏感词"), lambda m: "、".join(m.screen_hits)),
        ),
        filters=(
            Filter("kind", _("类别"), choices=Kind.choices, lookup="kind"),
            Filter("status", _("状态"), choices=Status.choices, lookup="status"),
            Filter("q", _("关键词"), kind="search", search=("number", "title")),
            Filter("overdue", _("仅逾期"), kind="checkbox", apply=_overdue),
        ),
        orderings=(
            Ordering("new", _("最新"), ("-submitted_at", "-pk")),
            Ordering("due", _("期限最近"), ("due_on", "pk")),
        ),
        permission="interaction.view_message",
        filename="messages",
    )
)


OVERDUE = register(
    DeclaredList(
        name="interaction-overdue",
        source=lambda request, params: queries.overdue(),
        columns=(
            Column("number", _("登记号"), link=lambda m: reverse("interaction:staff_message", args=[m.pk])),
            Column("kind", _("类别"), lambda m: m.get_kind_display()),
            Column("title", _("标题")),
            Column("status", _("状态"), lambda m: m.get_status_display()),
            Column("received_on", _("收到日期")),
            Column("due_on", _("答复期限")),
            Column(
                "days_over", _("逾期天数"), lambda m: (timezone.localdate() - m.due_on).days, numeric=True
            ),
            Column("department", _("承办处室")),
            Column("handler", _("承办人"), lambda m: _user(m.handler)),
        ),
        filters=(Filter("kind", _("类别"), choices=Kind.choices, lookup="kind"),),
        permission="interaction.oversee_message",
        filename="messages-overdue",
    )
)


QA = register(
    DeclaredList(
        name="interaction-qa",
        source=lambda request, params: Message.objects.public(),
        columns=(
            Column("number", _("登记号"), link=lambda m: reverse("interaction:qa_detail", args=[m.number])),
            Column("kind", _("类别"), lambda m: m.get_kind_display()),
            Column("title", _("标题"), "public_title"),
            Column("received_on", _("留言日期")),
            Column("replied_on", _("答复日期")),
            Column("department", _("答复处室")),
        ),
        filters=(
            Filter("kind", _("类别"), choices=Kind.choices, lookup="kind"),
            Filter("q", _("关键词"), kind="search", search=("public_title", "public_body")),
        ),
        orderings=(Ordering("new", _("最新答复"), ("-replied_on", "-pk")),),
        permission=None,
        per_page=20,
        filename="qa",
    )
)


def _statistics(request, params):
    from gongkai.core.errors import report_year

    year = report_year(params, default=timezone.localdate().year)
    return queries.monthly_statistics(
        year, kind=params.get("kind", "") if params.get("kind") in Kind.values else ""
    )


STATISTICS = register(
    DeclaredList(
        name="interaction-statistics",
        source=_statistics,
        columns=(
            Column("month", _("月份"), "label"),
            Column("received", _("收到"), numeric=True),
            Column("replied", _("答复"), numeric=True),
            Column("replied_in_time", _("按期答复"), numeric=True),
            Column("average_workdays", _("平均用时（工作日）"), numeric=True),
            Column("overdue", _("逾期"), numeric=True),
            Column("rated", _("评价数"), numeric=True),
            Column("satisfied", _("满意数"), numeric=True),
        ),
        filters=(
            Filter("year", _("年度"), kind="text"),
            Filter("kind", _("类别"), choices=Kind.choices),
        ),
        permission="interaction.oversee_message",
        per_page=12,
        filename="messages-statistics",
    )
)


LEADS = register(
    DeclaredList(
        name="interaction-leads",
        source=lambda request, params: CaseLead.objects.select_related("message", "officer"),
        columns=(
            Column(
                "number",
                _("举报登记号"),
                "message.number",
                link=lambda lead: reverse("interaction:staff_lead", args=[lead.pk]),
            ),
            Column("title", _("标题"), "message.title"),
            Column("pollution_kind", _("污染类型"), lambda lead: lead.message.get_pollution_kind_display()),
            Column("district", _("区县"), "message.district"),
            Column("officer", _("执法人员"), lambda lead: _user(lead.officer)),
            Column("transferred_at", _("移交时间")),
            Column("acknowledged_at", _("接收时间")),
            Column("outcome", _("处理结果")),
        ),
        filters=(
            Filter(
                "open",
                _("仅未接收"),
                kind="checkbox",
                apply=lambda qs, v: qs.filter(acknowledged_at__isnull=True),
            ),
        ),
        permission="interaction.view_caselead",
        filename="case-leads",
    )
)


CONSULTATIONS = register(
    DeclaredList(
        name="interaction-consultations",
        source=lambda request, params: Consultation.objects.exclude(state=Consultation.State.DRAFT),
        columns=(
            Column("title", _("标题"), link=lambda c: c.get_absolute_url()),
            Column("department", _("起草处室")),
            Column("starts_on", _("开始日期")),
            Column("ends_on", _("截止日期")),
            Column("state", _("状态"), lambda c: c.get_state_display()),
            Column(
                "comments", _("意见数"), lambda c: c.comments.filter(state="approved").count(), numeric=True
            ),
        ),
        orderings=(Ordering("new", _("最新"), ("-starts_on", "-pk")),),
        permission=None,
        per_page=20,
        filename="consultations",
    )
)


STAFF_CONSULTATIONS = register(
    CONSULTATIONS.variant(
        name="interaction-staff-consultations",
        source=lambda request, params: Consultation.objects.all(),
        columns=(
            Column("title", _("标题"), link=lambda c: reverse("interaction:staff_consultation", args=[c.pk])),
            Column("starts_on", _("开始日期")),
            Column("ends_on", _("截止日期")),
            Column("state", _("状态"), lambda c: c.get_state_display()),
            Column(
                "pending", _("待审核意见"), lambda c: c.comments.filter(state="pending").count(), numeric=True
            ),
        ),
        permission="interaction.manage_consultation",
        filename="consultations-staff",
    )
)


PRESS_EVENTS = register(
    DeclaredList(
        name="interaction-press",
        source=lambda request, params: PressEvent.objects.filter(published_at__isnull=False),
        columns=(
            Column("title", _("标题"), link=lambda e: e.get_absolute_url()),
            Column("format", _("形式"), lambda e: e.get_format_display()),
            Column("scheduled_at", _("时间")),
            Column("speakers", _("发布人或嘉宾"), lambda e: "；".join(e.speaker_lines())),
        ),
        filters=(Filter("format", _("形式"), choices=PressEvent.Format.choices, lookup="format"),),
        permission=None,
        per_page=20,
        filename="press-events",
    )
)


STAFF_PRESS_EVENTS = register(
    PRESS_EVENTS.variant(
        name="interaction-staff-press",
        source=lambda request, params: PressEvent.objects.all(),
        columns=(
            Column("title", _("标题"), link=lambda e: reverse("interaction:staff_press_edit", args=[e.pk])),
            Column("format", _("形式"), lambda e: e.get_format_display()),
            Column("scheduled_at", _("时间")),
            Column("state", _("状态"), lambda e: e.get_state_display()),
            Column("opinions", _("回应的舆情"), lambda e: e.opinions.count(), numeric=True),
        ),
        permission="interaction.manage_pressevent",
        filename="press-events-staff",
    )
)


def _on_target(item) -> str:
    verdict = services.response_on_target(item)
    return "" if verdict is None else (_("达标") if verdict else _("超时"))


OPINIONS = register(
    DeclaredList(
        name="interaction-opinions",
        source=lambda request, params: OpinionItem.objects.all(),
        columns=(
            Column("topic", _("主题"), link=lambda o: reverse("interaction:staff_opinion_edit", args=[o.pk])),
            Column("source", _("来源")),
            Column("level", _("级别"), lambda o: o.get_level_display()),
            Column("first_seen_at", _("首次发现")),
            Column("responded_at", _("回应时间")),
            Column("hours", _("回应用时（小时）"), lambda o: o.hours_to_respond, numeric=True),
            Column("target", _("目标（小时）"), lambda o: conf.opinion_target_hours(o.level), numeric=True),
            Column("on_target", _("是否达标"), _on_target),
            Column("response_url", _("回应链接")),
        ),
        filters=(Filter("level", _("级别"), choices=OpinionLevel.choices, lookup="level"),),
        permission="interaction.manage_opinionitem",
        filename="opinions",
    )
)


PUBLICATIONS = register(
    DeclaredList(
        name="interaction-publications",
        source=lambda request, params: Publication.objects.all(),
        columns=(
            Column("title", _("标题"), link=lambda p: reverse("interaction:staff_publication", args=[p.pk])),
            Column("source", _("来源类型"), lambda p: p.get_source_display()),
            Column("published_at", _("发布时间")),
            Column("postings", _("推送次数"), lambda p: p.postings.count(), numeric=True),
        ),
        filters=(Filter("source", _("来源类型"), choices=Publication.Source.choices, lookup="source"),),
        permission="interaction.manage_publication",
        filename="publications",
    )
)


REPORT_LOCATIONS = register(
    DeclaredList(
        name="interaction-report-locations",
        source=lambda request, params: Message.objects.filter(
            kind=Kind.REPORT, latitude__isnull=False, longitude__isnull=False
        ).order_by("-submitted_at"),
        columns=(
            Column("number", _("登记号"), link=lambda m: reverse("interaction:staff_message", args=[m.pk])),
            Column("submitted_at", _("提交时间")),
            Column("district", _("区县")),
            Column("pollution_kind", _("污染类型"), lambda m: m.get_pollution_kind_display()),
            Column("status", _("状态"), lambda m: m.get_status_display()),
            Column("longitude", _("经度")),
            Column("latitude", _("纬度")),
        ),
        filters=(
            Filter(
                "district", _("区县"), choices=lambda: [(d, d) for d in conf.districts()], lookup="district"
            ),
        ),
        permission="interaction.view_message",
        filename="report-locations",
    )
)


# What each notification is for (the `purpose` the sending code records), as staff read it.
PURPOSES = {
    "applications.acknowledgement": _("依申请公开登记回执"),
    "applications.notice": _("依申请公开告知书"),
    "applications.reminder": _("依申请公开期限提醒"),
    "applications.reply": _("依申请公开答复"),
    "interaction.acknowledgement": _("留言受理回执"),
    "interaction.assigned": _("留言分办通知"),
    "interaction.consultation_feedback_due": _("意见征集反馈到期提醒"),
    "interaction.lead": _("案件线索移交通知"),
    "interaction.overdue": _("留言办理逾期提醒"),
    "interaction.rejected": _("留言未通过审核通知"),
    "interaction.reminder": _("留言办理期限提醒"),
    "interaction.reply": _("留言答复通知"),
    "workcalendar.next_year_reminder": _("次年放假安排录入提醒"),
}


def _purpose(purpose: str) -> str:
    return PURPOSES.get(purpose, purpose)


def _target(target: str) -> str:
    """ "interaction.message:12" as "留言 12" (the model's name); anything else as stored."""
    label, _sep, pk = target.partition(":")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return format_html('<span translate="no">{}</span>', target)
    return f"{model._meta.verbose_name} {pk}"


NOTIFICATIONS = register(
    DeclaredList(
        name="interaction-notifications",
        source=lambda request, params: Notification.objects.all(),
        columns=(
            Column("created_at", _("创建时间")),
            Column("channel", _("渠道"), lambda n: n.get_channel_display()),
            Column("recipient", _("收件人"), "recipient_masked"),
            # The mails are written in Chinese to the public: the subject is shown as sent.
            Column(
                "subject",
                _("主题"),
                html=lambda subject: format_html('<span lang="zh-Hans">{}</span>', subject),
            ),
            Column("purpose", _("用途"), html=_purpose),
            Column("target", _("相关对象"), html=_target),
            Column("status", _("状态"), lambda n: n.get_status_display()),
            Column("sent_at", _("发送时间")),
            Column("error", _("失败原因")),
        ),
        filters=(
            Filter("channel", _("渠道"), choices=Notification.Channel.choices, lookup="channel"),
            Filter("status", _("状态"), choices=Notification.Status.choices, lookup="status"),
            Filter("q", _("关键词"), kind="search", search=("purpose", "target", "subject")),
        ),
        orderings=(Ordering("new", _("最新"), ("-created_at", "-pk")),),
        permission="core.view_notification",
        filename="notifications",
    )
)

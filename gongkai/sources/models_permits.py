"""排污许可 applications under publicity (许可申请公示) and self-monitoring plans (自行监测方案), kept
apart from models.py (which the HJ 212 receiver shares) and imported there.

The publicity period of an application is counted in working days from its first day:
``SOURCES_PERMIT_PUBLICITY_WORKDAYS`` (default 5). The figure is not in ../shared/domain/: 《排污许可
管理办法（试行）》(2018) Art. 25 as quoted in secondary sources says 重点管理 applicants publish "不得少于
五个工作日" before applying; the 2021 条例's own rule is unconfirmed [U], hence a setting."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_PUBLICITY_WORKDAYS = 5


def publicity_workdays() -> int:
    value = getattr(settings, "SOURCES_PERMIT_PUBLICITY_WORKDAYS", DEFAULT_PUBLICITY_WORKDAYS)
    return max(1, int(value or DEFAULT_PUBLICITY_WORKDAYS))


def publicity_end(start: date, workdays: int | None = None) -> date | None:
    """The last day of a publicity of ``workdays`` working days starting on ``start`` (counted when it
    is a working day, else from the next one); None when the calendar does not cover the year yet."""
    from gongkai.workcalendar.queries import get_provisional_calendar
    from gongkai.workcalendar.workdays import YearNotCovered

    count = workdays or publicity_workdays()
    calendar = get_provisional_calendar()
    try:
        return calendar.add_workdays(start, count - 1 if calendar.is_workday(start) else count)
    except YearNotCovered:
        return None


class PermitApplication(models.Model):
    """An application for a 排污许可证 under publicity: the applicant, the kind of application and
    the permit's management class, the publicity window (its end computed from the start), the
    documents published with it and where the application stands."""

    class Kind(models.TextChoices):
        NEW = "new", _("首次申请")
        RENEWAL = "renewal", _("延续")
        CHANGE = "change", _("变更")
        REISSUE = "reissue", _("重新申请")

    class Status(models.TextChoices):
        PUBLICITY = "publicity", _("申请公示")
        ACCEPTED = "accepted", _("已受理")
        GRANTED = "granted", _("已核发")
        REFUSED = "refused", _("不予许可")
        WITHDRAWN = "withdrawn", _("已撤回")

    enterprise = models.ForeignKey(
        "sources.Enterprise",
        verbose_name=_("申请单位"),
        on_delete=models.PROTECT,
        related_name="permit_applications",
    )
    kind = models.CharField(_("申请类型"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    management = models.CharField(
        _("管理类别"),
        max_length=20,
        choices=[("key", _("重点管理")), ("simplified", _("简化管理"))],
    )
    publicity_start = models.DateField(_("公示开始日期"))
    publicity_end = models.DateField(_("公示截止日期"), null=True, blank=True, editable=False)
    summary = models.TextField(
        _("公示内容"),
        blank=True,
        help_text=_("拟申请的许可事项、产排污环节、污染防治设施等；公开显示，个人信息会被遮盖。"),
    )
    status = models.CharField(_("办理状态"), max_length=10, choices=Status.choices, default=Status.PUBLICITY)
    permit = models.ForeignKey(
        "sources.Permit",
        verbose_name=_("核发的许可证"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-publicity_start", "-id"]
        verbose_name = _("排污许可申请公示")
        verbose_name_plural = _("排污许可申请公示")

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.get_kind_display()} {self.publicity_start}"

    def save(self, *args, **kwargs):
        if self.publicity_start:
            self.publicity_end = publicity_end(self.publicity_start)
        super().save(*args, **kwargs)

    def publicity_state(self, today: date | None = None) -> str:
        """ "upcoming", "open" or "closed" against today (an end not yet computable counts as open)."""
        today = today or timezone.localdate()
        if today < self.publicity_start:
            return "upcoming"
        if self.publicity_end is None or today <= self.publicity_end:
            return "open"
        return "closed"


PUBLICITY_STATES = {
    "upcoming": _("未开始"),
    "open": _("公示中"),
    "closed": _("公示期满"),
}


class PermitApplicationDocument(models.Model):
    """A document published with an application (申请表, 承诺书, …), by its address: the documents
    are published on the national permit platform or the bureau's own site."""

    application = models.ForeignKey(
        PermitApplication, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("文件名称"), max_length=200)
    url = models.URLField(_("文件地址"), max_length=500, validators=[URLValidator(schemes=["https", "http"])])

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("申请公示文件")
        verbose_name_plural = _("申请公示文件")

    def __str__(self) -> str:
        return self.title


class SelfMonitoringPlanItem(models.Model):
    """One line of an enterprise's 自行监测方案: what is measured at an outlet, how often, how, and
    from when. Self-monitoring results are compared with it (compliance.missing_periods)."""

    class Frequency(models.TextChoices):
        CONTINUOUS = "continuous", _("自动监测（连续）")
        DAILY = "daily", _("每日")
        WEEKLY = "weekly", _("每周")
        MONTHLY = "monthly", _("每月")
        QUARTERLY = "quarterly", _("每季度")
        HALF_YEARLY = "half_yearly", _("每半年")
        YEARLY = "yearly", _("每年")

    class Mode(models.TextChoices):
        MANUAL = "manual", _("手工监测")
        AUTOMATIC = "automatic", _("自动监测")

    outlet = models.ForeignKey(
        "sources.Outlet", verbose_name=_("排放口"), on_delete=models.PROTECT, related_name="plan_items"
    )
    pollutant = models.CharField(_("监测指标"), max_length=50)
    mode = models.CharField(_("监测方式"), max_length=10, choices=Mode.choices, default=Mode.MANUAL)
    frequency = models.CharField(_("监测频次"), max_length=12, choices=Frequency.choices)
    method = models.CharField(
        _("监测分析方法"), max_length=200, blank=True, help_text=_("方法标准名称及编号，如 HJ 828-2017。")
    )
    valid_from = models.DateField(_("执行起始日期"))
    valid_until = models.DateField(_("执行截止日期"), null=True, blank=True)

    class Meta:
        ordering = ["outlet__enterprise__name", "outlet__code", "pollutant"]
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "pollutant", "valid_from"], name="sources_plan_item_unique"
            )
        ]
        verbose_name = _("自行监测方案")
        verbose_name_plural = _("自行监测方案")

    def __str__(self) -> str:
        return f"{self.outlet.code} {self.pollutant} {self.get_frequency_display()}"

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.workcalendar.workdays import DayKind


class CalendarYear(models.Model):
    """A year whose holidays and 调休 have been entered (已录入年份). Working days of a year
    that has no row are unknown, never guessed."""

    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    notice = models.CharField(_("依据文件"), max_length=200, blank=True)
    source = models.CharField(_("数据来源"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("日历年份")
        verbose_name_plural = _("日历年份")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class SpecialDay(models.Model):
    """A holiday (放假) or an adjusted working day (调休上班) of an entered year."""

    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(
        _("类型"),
        max_length=10,
        choices=[(DayKind.HOLIDAY.value, _("放假")), (DayKind.WORKDAY.value, _("调休上班"))],
    )
    name = models.CharField(_("节日名称"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("特殊日期")
        verbose_name_plural = _("特殊日期")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}"

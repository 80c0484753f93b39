"""Exceedances found in online monitoring data (issue 16: "an exceedance opens an alert to enforcement
staff and, after the configured confirmation, a public exceedance record on the facility page").
Imported by models.py; the logic is in online.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OnlineExceedance(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DISMISSED = "dismissed", _("已排除")

    outlet = models.ForeignKey(
        "sources.Outlet",
        verbose_name=_("排放口"),
        on_delete=models.CASCADE,
        related_name="online_exceedances",
    )
    mn = models.CharField(_("设备唯一标识（MN）"), max_length=24)
    pollutant_code = models.CharField(_("污染物编码"), max_length=20)
    pollutant = models.CharField(_("污染物"), max_length=50)
    statistic = models.CharField(_("统计口径"), max_length=20)
    period_start = models.DateTimeField(_("时段开始"))
    value = models.DecimalField(_("监测值"), max_digits=16, decimal_places=4)
    limit = models.DecimalField(_("限值"), max_digits=14, decimal_places=4, null=True, blank=True)
    lower = models.DecimalField(_("下限"), max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    multiple = models.DecimalField(_("超标倍数"), max_digits=10, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    detected_at = models.DateTimeField(_("发现时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        db_table = "hj212_exceedance"
        ordering = ["-period_start", "pollutant_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "pollutant_code", "statistic", "period_start"],
                name="hj212_exceedance_unique",
            )
        ]
        verbose_name = _("在线监控超标")
        verbose_name_plural = _("在线监控超标")

    def __str__(self) -> str:
        return f"{self.outlet_id} {self.pollutant_code} {self.statistic} {self.period_start}"

    @property
    def statistic_label(self) -> str:
        from gongkai.sources.models import Statistic

        return Statistic(self.statistic).label if self.statistic in Statistic.values else self.statistic

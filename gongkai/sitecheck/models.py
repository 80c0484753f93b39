"""Scans of the website self-inspection, what each found, the monthly scores, and the list of
sensitive and commonly mistaken expressions (reference data staff keep)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scan(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", _("扫描中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    started_at = models.DateTimeField(_("开始时间"), db_index=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.RUNNING)
    pages = models.PositiveIntegerField(_("检查页面数"), default=0)
    external_links = models.PositiveIntegerField(_("检查外部链接数"), default=0)
    veto = models.BooleanField(_("单项否决"), default=False)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    verdict = models.CharField(_("结论"), max_length=40, blank=True)
    counts = models.JSONField(_("各类问题数"), default=dict, blank=True)
    breakdown = models.JSONField(_("扣分明细"), default=dict, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("网站自查扫描")
        verbose_name_plural = _("网站自查扫描")
        ordering = ["-started_at"]
        default_permissions = ("view",)
        permissions = [("run_scan", _("可手动运行网站自查"))]

    def __str__(self) -> str:
        return f"网站自查 {self.started_at:%Y-%m-%d %H:%M}"


class Finding(models.Model):
    class Severity(models.TextChoices):
        VETO = "veto", _("单项否决")
        DEDUCT = "deduct", _("扣分")
        NOTICE = "notice", _("提醒")

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("问题类型"), max_length=40, db_index=True)
    severity = models.CharField(_("性质"), max_length=10, choices=Severity.choices)
    title = models.CharField(_("问题"), max_length=300)
    url = models.CharField(_("页面"), max_length=500, blank=True)
    department = models.CharField(_("责任科室"), max_length=100, blank=True)
    detail = models.TextField(_("详情"), blank=True)
    fix = models.TextField(_("整改要求"), blank=True)

    class Meta:
        verbose_name = _("自查问题")
        verbose_name_plural = _("自查问题")
        ordering = ["scan", "id"]
        default_permissions = ()

    def __str__(self) -> str:
        return self.title


class MonthlyScore(models.Model):
    """月考核: the month's score, from its last scan."""

    month = models.DateField(_("月份"), unique=True)  # the first day
    scan = models.ForeignKey(Scan, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    veto = models.BooleanField(_("单项否决"), default=False)
    verdict = models.CharField(_("结论"), max_length=40)
    breakdown = models.JSONField(_("扣分明细"), default=dict)

    class Meta:
        verbose_name = _("网站月度考核")
        verbose_name_plural = _("网站月度考核")
        ordering = ["-month"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.score}"


class Expression(models.Model):
    """A sensitive or commonly mistaken expression the daily scan looks for in published pages."""

    text = models.CharField(_("表述"), max_length=100, unique=True)
    suggestion = models.CharField(_("正确或建议表述"), max_length=200, blank=True)
    veto = models.BooleanField(
        _("严重表述错误"), default=False, help_text=_("勾选后出现即单项否决（严重表述错误）。")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("敏感和易错表述")
        verbose_name_plural = _("敏感和易错表述")
        ordering = ["text"]

    def __str__(self) -> str:
        return self.text

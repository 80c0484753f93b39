"""A year's 政府信息公开工作年度报告: its figures as collected (the JSON of `format.to_json`), its
narrative sections as drafted and edited by staff, and the 主动公开 document it was handed to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    figures = models.JSONField(_("表格数据"), default=dict)  # format.to_json
    missing = models.JSONField(_("无对应模块的数据项"), default=list, blank=True)
    sources = models.JSONField(_("数据来源模块"), default=dict, blank=True)
    sections = models.JSONField(_("正文各部分"), default=dict)  # {"一": text, …}
    edited = models.JSONField(_("已人工修改的部分"), default=list, blank=True)
    computed_at = models.DateTimeField(_("数据计算时间"))
    document_id = models.PositiveIntegerField(_("主动公开文件"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交审核时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year"]
        default_permissions = ("view", "change")
        permissions = [("publish_report", _("可将年度报告提交主动公开审核"))]

    def __str__(self) -> str:
        return f"{self.year}年政府信息公开工作年度报告"


class FeeFigure(models.Model):
    """Table 二 第二十条第（八）项 行政事业性收费 of a year, entered by staff: no app records
    行政事业性收费 (the 信息处理费 of 国办函〔2020〕109号 are reported in section 六, not here), so the
    figure is the bureau's own, as entered, with who entered it (and an audit record of every change)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    amount = models.DecimalField(_("本年收费金额（万元）"), max_digits=12, decimal_places=4)
    items = models.TextField(_("收费项目及其依据、标准"), blank=True)
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("行政事业性收费金额")
        verbose_name_plural = _("行政事业性收费金额")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.amount}"

"""Water reference data in the staff console (core.refdata): the monitoring sections (监测断面),
the centralised drinking-water sources (水源地) and their monthly withdrawal (月取水量),
created and edited by administrators with validation and audit. No delete: results refer to a
section; a section no longer monitored is marked not in use."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.refdata import RefData, RefDataForm
from gongkai.water.models import DrinkingWaterSource, Section, SourceMonth

# An MN as the HJ 212 receiver's device registry accepts it: 1-24 letters and digits (HJ 212-2017 Table 3
# specifies 24 hexadecimal characters; loggers in use send shorter ones).
_MN = re.compile(r"[0-9A-Za-z_.\-]{1,24}")


class SectionForm(RefDataForm):
    class Meta:
        model = Section
        fields = [
            "code",
            "name",
            "water_name",
            "basin",
            "water_body",
            "control_level",
            "target_class",
            "drinking_water_source",
            "source",
            "longitude",
            "latitude",
            "station_mn",
            "is_active",
        ]
        error_messages = {"code": {"unique": _("该断面编码已被使用。")}}
        help_texts = {
            "code": _("监测网的断面编码，导入月度数据时按它识别断面。"),
            "target_class": _("水功能区划确定的目标类别（GB 3838-2002 第4章的五类）。"),
            "is_active": _("断面撤销后取消勾选；已有结果保留。"),
            "basin": _("流域状况按流域和河流统计。"),
            "longitude": _("WGS 84坐标，用于月报的断面分布图。"),
            "source": _("该断面代表的集中式饮用水水源地；水源地月报按代表断面的结果评价。"),
            "station_mn": _(
                "断面水质自动站数据采集仪的设备唯一标识（HJ 212-2017），断面页据此显示最近24小时的小时数据；"
                "没有自动站时留空。"
            ),
        }

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not code.isascii() or not code.replace("-", "").isalnum():
            raise forms.ValidationError(_("断面编码只能由字母、数字和“-”组成。"))
        return code

    def clean_station_mn(self) -> str:
        mn = self.cleaned_data["station_mn"]
        if mn and not _MN.fullmatch(mn):
            raise forms.ValidationError(_("MN应为1至24位字母、数字（HJ 212-2017 表3）。"))
        other = Section.objects.filter(station_mn=mn).exclude(pk=self.instance.pk).first() if mn else None
        if other is not None:
            raise forms.ValidationError(_("该MN已用于断面%(section)s。") % {"section": other})
        return mn

    def clean(self):
        data = super().clean()
        # A centralised drinking-water source is evaluated against class III (GB 3838-2002 §4: classes II
        # and III are its protection zones), so its target cannot be worse than III.
        if (data.get("longitude") is None) != (data.get("latitude") is None):
            self.add_error("latitude", _("经度和纬度须同时填写。"))
        if data.get("source"):
            data["drinking_water_source"] = True
        if data.get("drinking_water_source") and data.get("target_class") not in (None, 1, 2, 3):
            self.add_error("target_class", _("集中式饮用水水源地的目标类别不能低于Ⅲ类。"))
        return data


SECTIONS = RefData(
    key="water-sections",
    model=Section,
    form=SectionForm,
    title=_("地表水监测断面"),
    columns=("code", "name", "water_name", "water_body", "control_level", "target_class", "is_active"),
    search=("code", "name", "water_name"),
    action="water.section",
    order=20,
    help=_("断面编码是月度数据导入识别断面的依据；断面撤销后取消“在用”，不删除。"),
)


class SourceForm(RefDataForm):
    class Meta:
        model = DrinkingWaterSource
        fields = [
            "code",
            "name",
            "kind",
            "zone_primary",
            "zone_primary_area",
            "zone_secondary",
            "zone_secondary_area",
            "zone_quasi",
            "zone_quasi_area",
            "served_population",
            "design_withdrawal",
            "is_active",
        ]
        error_messages = {"code": {"unique": _("该水源地编码已被使用。")}}
        help_texts = {
            "zone_primary": _("一级保护区的范围（文字描述）。"),
            "is_active": _("水源地停用后取消勾选；已有记录保留。"),
        }

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not code.isascii() or not code.replace("-", "").isalnum():
            raise forms.ValidationError(_("水源地编码只能由字母、数字和“-”组成。"))
        return code


class SourceMonthForm(RefDataForm):
    class Meta:
        model = SourceMonth
        fields = ["source", "month", "withdrawal"]
        help_texts = {"month": _("当月第一天，如2026-10-01。")}

    def clean_month(self):
        return self.cleaned_data["month"].replace(day=1)


SOURCES = RefData(
    key="water-sources",
    model=DrinkingWaterSource,
    form=SourceForm,
    title=_("集中式饮用水水源地"),
    columns=("code", "name", "kind", "served_population", "design_withdrawal", "is_active"),
    search=("code", "name"),
    action="water.source",
    order=21,
    help=_("水源地由一个或多个监测断面代表（在断面表中选择）；保护区以文字描述，面积可选。"),
)

SOURCE_MONTHS = RefData(
    key="water-source-months",
    model=SourceMonth,
    form=SourceMonthForm,
    title=_("水源地月取水量"),
    columns=("month", "source", "withdrawal"),
    search=("source__code", "source__name"),
    action="water.source_month",
    order=22,
    help=_("每个水源地每月一行：当月取水量，用于取水量达标率。"),
)

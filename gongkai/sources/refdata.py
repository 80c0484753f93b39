"""Permits, outlets, limits and allowances as reference data (基础数据): list, create and edit pages
with audited writes come from core.refdata. A permit's status changes through its own page
(/staff/sources/permits/<id>/status/), which keeps the dated history."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.refdata import RefData, RefDataForm
from gongkai.sources.models import (
    Allowance,
    Outlet,
    Permit,
    PermitApplication,
    PermitApplicationDocument,
    PermitLimit,
    SelfMonitoringPlanItem,
)


class PermitForm(RefDataForm):
    class Meta:
        model = Permit
        fields = ["enterprise", "number", "management", "issued_on", "valid_from", "valid_until", "authority"]
        error_messages = {"number": {"unique": _("该许可证编号已登记。")}}

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("有效期至不能早于有效期起。"))
        return data


class OutletForm(RefDataForm):
    class Meta:
        model = Outlet
        fields = ["enterprise", "permit", "code", "name", "medium", "kind", "longitude", "latitude"]

    def clean_code(self):
        return self.cleaned_data["code"].upper()

    def clean(self):
        data = super().clean()
        permit, enterprise = data.get("permit"), data.get("enterprise")
        if permit and enterprise and permit.enterprise_id != enterprise.pk:
            self.add_error("permit", _("许可证不属于该单位。"))
        return data


class PermitLimitForm(RefDataForm):
    class Meta:
        model = PermitLimit
        fields = ["outlet", "pollutant_code", "pollutant", "statistic", "lower", "value", "unit", "standard"]

    def clean(self):
        data = super().clean()
        lower, value = data.get("lower"), data.get("value")
        if lower is None and value is None:
            self.add_error("value", _("请填写限值（或范围的下限）。"))
        if lower is not None and value is not None and lower > value:
            self.add_error("lower", _("下限不能大于限值。"))
        if value is not None and value <= 0:
            self.add_error("value", _("限值应大于0。"))
        return data


class AllowanceForm(RefDataForm):
    class Meta:
        model = Allowance
        fields = ["permit", "pollutant", "tonnes_per_year"]


class PermitApplicationForm(RefDataForm):
    class Meta:
        model = PermitApplication
        fields = ["enterprise", "kind", "management", "publicity_start", "summary", "status", "permit"]

    def clean(self):
        data = super().clean()
        permit, enterprise = data.get("permit"), data.get("enterprise")
        if permit and enterprise and permit.enterprise_id != enterprise.pk:
            self.add_error("permit", _("许可证不属于该单位。"))
        if data.get("status") == PermitApplication.Status.GRANTED and not permit:
            self.add_error("permit", _("已核发的申请请选择核发的许可证。"))
        return data


class PermitApplicationDocumentForm(RefDataForm):
    class Meta:
        model = PermitApplicationDocument
        fields = ["application", "title", "url"]


class PlanItemForm(RefDataForm):
    class Meta:
        model = SelfMonitoringPlanItem
        fields = ["outlet", "pollutant", "mode", "frequency", "method", "valid_from", "valid_until"]

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("执行截止日期不能早于起始日期。"))
        continuous = data.get("frequency") == SelfMonitoringPlanItem.Frequency.CONTINUOUS
        if continuous and data.get("mode") != SelfMonitoringPlanItem.Mode.AUTOMATIC:
            self.add_error("mode", _("连续监测只能是自动监测。"))
        return data


ENTRIES = (
    RefData(
        key="sources-permits",
        model=Permit,
        form=PermitForm,
        title=_("排污许可证"),
        columns=("number", "enterprise", "management", "issued_on", "valid_until", "status"),
        search=("number", "enterprise__name", "enterprise__credit_code"),
        action="sources.permit",
        order=30,
        help=_("许可证状态（变更、撤销、过期）在许可证状态页记录，保留历史。"),
    ),
    RefData(
        key="sources-outlets",
        model=Outlet,
        form=OutletForm,
        title=_("排放口"),
        columns=("enterprise", "code", "name", "medium", "kind"),
        search=("code", "name", "enterprise__name", "enterprise__credit_code"),
        action="sources.outlet",
        order=31,
    ),
    RefData(
        key="sources-limits",
        model=PermitLimit,
        form=PermitLimitForm,
        title=_("许可排放限值"),
        columns=("outlet", "pollutant", "statistic", "lower", "value", "unit", "standard"),
        search=("pollutant", "outlet__code", "outlet__enterprise__name"),
        action="sources.limit",
        order=32,
        help=_("每项限值都须注明统计口径：监测结果只与同一统计口径的限值比较。"),
    ),
    RefData(
        key="sources-allowances",
        model=Allowance,
        form=AllowanceForm,
        title=_("许可排放量"),
        columns=("permit", "pollutant", "tonnes_per_year"),
        search=("pollutant", "permit__number"),
        action="sources.allowance",
        order=33,
    ),
    RefData(
        key="sources-permit-applications",
        model=PermitApplication,
        form=PermitApplicationForm,
        title=_("排污许可申请公示"),
        columns=("enterprise", "kind", "management", "publicity_start", "publicity_end", "status"),
        search=("enterprise__name", "enterprise__credit_code"),
        action="sources.permit_application",
        order=34,
        help=_("公示截止日期按工作日历从开始日期起算（SOURCES_PERMIT_PUBLICITY_WORKDAYS，默认5个工作日）。"),
    ),
    RefData(
        key="sources-permit-application-documents",
        model=PermitApplicationDocument,
        form=PermitApplicationDocumentForm,
        title=_("排污许可申请公示文件"),
        columns=("application", "title", "url"),
        search=("title", "application__enterprise__name"),
        action="sources.permit_application_document",
        order=35,
        help=_("申请表、承诺书等公示文件的网址（全国排污许可证管理信息平台或本局网站）。"),
    ),
    RefData(
        key="sources-plan-items",
        model=SelfMonitoringPlanItem,
        form=PlanItemForm,
        title=_("自行监测方案"),
        columns=("outlet", "pollutant", "mode", "frequency", "method", "valid_from", "valid_until"),
        search=("pollutant", "outlet__code", "outlet__enterprise__name", "outlet__enterprise__credit_code"),
        action="sources.plan_item",
        order=36,
        help=_("每行一个排放口的一项监测指标；自行监测结果按监测频次与方案比对，缺测的周期在信息页标出。"),
    ),
)

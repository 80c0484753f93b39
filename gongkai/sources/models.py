"""Automatic-monitoring data received over HJ 212-2017 (污染源自动监控数据).

- ``Device`` (监测设备): the registry of data loggers by MN; the receiver refuses an unknown MN or a
  wrong password (unless configured otherwise). A device is installed at an ``Outlet`` of the
  pollution-source registry (nullable: a logger may be registered before its outlet).
- ``RawPacket`` (接收报文): every packet as received, accepted or refused with its reason. An
  accepted packet is unique on ``key`` = MN | CN | QN (or DataTime when a 2005 device sends no QN) |
  PNO, so a device that resends an unacknowledged packet never stores it twice.
- ``Measurement`` (监测值): one row per packet time and pollutant, unique on (MN, CN, DataTime,
  code), the code normalised to HJ 212-2017 (Appendix B). ``valid`` is the HJ 212 data flag N.

The Django-free receiver (``hj212/sqlite_sink.py``) writes the same tables and columns, so a
stand-alone receiver's file can be read by the platform."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Device(models.Model):
    mn = models.CharField(_("设备唯一标识（MN）"), max_length=24, unique=True)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    system_code = models.CharField(_("系统编码（ST）"), max_length=2, blank=True)
    password_hash = models.CharField(_("访问密码（摘要）"), max_length=200, blank=True)
    outlet = models.ForeignKey(
        "Outlet",
        verbose_name=_("排放口"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="devices",
    )
    code_map = models.JSONField(_("污染物编码对照"), default=dict, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        db_table = "hj212_device"
        ordering = ["mn"]
        verbose_name = _("监测设备")
        verbose_name_plural = _("监测设备")

    def __str__(self) -> str:
        return f"{self.name or self.mn}（{self.mn}）"


class RawPacket(models.Model):
    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("已接收")
        REJECTED = "rejected", _("已拒收")

    key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    mn = models.CharField(_("MN"), max_length=24, blank=True)
    st = models.CharField(_("ST"), max_length=2, blank=True)
    cn = models.CharField(_("CN"), max_length=4, blank=True)
    qn = models.CharField(_("QN"), max_length=20, blank=True)
    pno = models.PositiveIntegerField(_("包号"), null=True, blank=True)
    pnum = models.PositiveIntegerField(_("总包数"), null=True, blank=True)
    data_time = models.DateTimeField(_("数据时间"), null=True, blank=True)
    received_at = models.DateTimeField(_("接收时间"), db_index=True)
    peer = models.CharField(_("来源地址"), max_length=64, blank=True)
    raw = models.TextField(_("原始报文"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    reason_code = models.CharField(_("拒收代码"), max_length=20, blank=True)
    reason = models.CharField(_("拒收原因"), max_length=300, blank=True)
    version = models.CharField(_("标准版本"), max_length=20, blank=True)
    unknown_codes = models.CharField(_("未识别编码"), max_length=300, blank=True)

    class Meta:
        db_table = "hj212_packet"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["mn", "-received_at"], name="hj212_packet_mn_time")]
        verbose_name = _("接收报文")
        verbose_name_plural = _("接收报文")

    def __str__(self) -> str:
        return f"{self.mn} {self.cn} {self.qn}"


class Measurement(models.Model):
    mn = models.CharField(_("MN"), max_length=24)
    cn = models.CharField(_("CN"), max_length=4)
    data_time = models.DateTimeField(_("数据时间"))
    code = models.CharField(_("污染物编码"), max_length=20)
    sent_code = models.CharField(_("报文中的编码"), max_length=20)
    rtd = models.FloatField(null=True, blank=True)
    avg = models.FloatField(null=True, blank=True)
    min = models.FloatField(null=True, blank=True)
    max = models.FloatField(null=True, blank=True)
    cou = models.FloatField(null=True, blank=True)
    zs_rtd = models.FloatField(null=True, blank=True)
    zs_avg = models.FloatField(null=True, blank=True)
    flag = models.CharField(_("数据标记"), max_length=4, blank=True)
    valid = models.BooleanField(_("有效"))
    fields = models.JSONField(_("全部字段"), default=dict)
    packet_key = models.CharField(max_length=120)
    received_at = models.DateTimeField(_("接收时间"))

    class Meta:
        db_table = "hj212_measurement"
        ordering = ["mn", "data_time", "code"]
        constraints = [
            models.UniqueConstraint(fields=["mn", "cn", "data_time", "code"], name="hj212_measurement_unique")
        ]
        indexes = [models.Index(fields=["data_time"], name="hj212_measurement_time")]
        verbose_name = _("监测值")
        verbose_name_plural = _("监测值")

    def __str__(self) -> str:
        return f"{self.mn} {self.code} {self.data_time}"


# --- issue 15: the pollution-source registry (污染源档案) -------------------------------------------


class Enterprise(models.Model):
    """An enterprise (排污单位) by its 统一社会信用代码 (GB 32100-2015, checked in services). Renames and
    merges keep history (``EnterpriseEvent``); a merged enterprise points to the one that absorbed it."""

    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("单位名称"), max_length=200, db_index=True)
    address = models.CharField(_("生产经营场所地址"), max_length=300, blank=True)
    district_code = models.CharField(_("行政区划代码"), max_length=12, blank=True, db_index=True)
    district_name = models.CharField(_("所在区县"), max_length=50, blank=True)
    industry_code = models.CharField(_("行业类别代码"), max_length=10, blank=True)  # GB/T 4754-2017
    industry_name = models.CharField(_("行业类别"), max_length=100, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=8, decimal_places=6, null=True, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    is_active = models.BooleanField(_("存续"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="absorbed",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("排污单位")
        verbose_name_plural = _("排污单位")

    def __str__(self) -> str:
        return gettext("%(name)s（%(code)s）") % {"name": self.name, "code": self.credit_code}

    @property
    def industry(self) -> str:
        return " ".join(part for part in (self.industry_code, self.industry_name) if part)


class EnterpriseEvent(models.Model):
    """The history of an enterprise's name and existence: registered, renamed, merged."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("登记")
        RENAMED = "renamed", _("更名")
        MERGED_INTO = "merged_into", _("被吸收合并")
        ABSORBED = "absorbed", _("吸收合并")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"))
    old_name = models.CharField(_("原名称"), max_length=200, blank=True)
    new_name = models.CharField(_("新名称"), max_length=200, blank=True)
    other_credit_code = models.CharField(_("相关单位代码"), max_length=18, blank=True)
    other_name = models.CharField(_("相关单位名称"), max_length=200, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("单位变更记录")
        verbose_name_plural = _("单位变更记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class KeyUnitCategory(models.TextChoices):
    """《环境监管重点单位名录管理办法》(2022) categories of the 环境监管重点单位名录."""

    WATER = "water", _("水环境")
    AIR = "air", _("大气环境")
    SOIL = "soil", _("土壤污染")
    NOISE = "noise", _("声环境")
    GROUNDWATER = "groundwater", _("地下水污染防治")
    RISK = "risk", _("环境风险")
    OTHER = "other", _("其他")


class KeyUnit(models.Model):
    """One enterprise on one year's 重点排污单位名录 (环境监管重点单位名录) under one category."""

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    category = models.CharField(_("类别"), max_length=20, choices=KeyUnitCategory.choices)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="key_units"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["year", "category", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "category", "enterprise"], name="sources_keyunit_unique")
        ]
        verbose_name = _("重点单位名录条目")
        verbose_name_plural = _("重点单位名录条目")

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()} {self.enterprise_id}"


class KeyUnitPublication(models.Model):
    """A year's list handed to 主动公开 as a draft (core.publishing); its status is followed there."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    document_id = models.PositiveIntegerField(_("公开文件"))
    drafted_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    entries = models.PositiveIntegerField(_("条目数"))

    class Meta:
        verbose_name = _("名录公开记录")
        verbose_name_plural = _("名录公开记录")

    def __str__(self) -> str:
        return f"{self.year}"


class Permit(models.Model):
    """排污许可证 (排污许可管理条例, 2021): its management class, dates and status; every status change
    is kept in ``PermitEvent``."""

    class Management(models.TextChoices):
        KEY = "key", _("重点管理")
        SIMPLIFIED = "simplified", _("简化管理")
        REGISTRATION = "registration", _("登记管理")

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        CHANGED = "changed", _("已变更")
        REVOKED = "revoked", _("已撤销")
        EXPIRED = "expired", _("已过期")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("排污单位"), on_delete=models.PROTECT, related_name="permits"
    )
    number = models.CharField(_("许可证编号"), max_length=40, unique=True)
    management = models.CharField(_("管理类别"), max_length=20, choices=Management.choices)
    issued_on = models.DateField(_("发证日期"))
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.VALID)
    authority = models.CharField(_("发证机关"), max_length=100, blank=True)

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("排污许可证")
        verbose_name_plural = _("排污许可证")

    def __str__(self) -> str:
        return self.number


class PermitEvent(models.Model):
    permit = models.ForeignKey(Permit, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("状态"), max_length=10, choices=Permit.Status.choices)
    date = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("许可证状态记录")
        verbose_name_plural = _("许可证状态记录")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.date}"


class Outlet(models.Model):
    """排放口 with its code as the permit gives it (e.g. DW001, DA001)."""

    class Medium(models.TextChoices):
        WATER = "water", _("废水")
        AIR = "air", _("废气")

    class Kind(models.TextChoices):
        MAIN = "main", _("主要排放口")
        GENERAL = "general", _("一般排放口")
        SPECIAL = "special", _("特殊排放口")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("排污单位"), on_delete=models.PROTECT, related_name="outlets"
    )
    permit = models.ForeignKey(
        Permit,
        verbose_name=_("排污许可证"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outlets",
    )
    code = models.CharField(_("排放口编号"), max_length=20)
    name = models.CharField(_("排放口名称"), max_length=100)
    medium = models.CharField(_("类别"), max_length=10, choices=Medium.choices)
    kind = models.CharField(_("排放口类型"), max_length=10, choices=Kind.choices, default=Kind.GENERAL)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=8, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["enterprise__name", "code"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "code"], name="sources_outlet_unique")]
        verbose_name = _("排放口")
        verbose_name_plural = _("排放口")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Statistic(models.TextChoices):
    """The averaging period of a limit or a result (gongkai.sources.compliance.STATISTICS)."""

    HOURLY = "hourly", _("小时均值浓度")
    DAILY = "daily", _("日均值浓度")
    DAILY_AMOUNT = "daily_amount", _("日排放量")
    MONTHLY_AMOUNT = "monthly_amount", _("月排放量")
    ANNUAL_AMOUNT = "annual_amount", _("年排放量")


class PermitLimit(models.Model):
    """A permitted limit of one pollutant at one outlet, WITH its averaging period and source standard."""

    outlet = models.ForeignKey(
        Outlet, verbose_name=_("排放口"), on_delete=models.CASCADE, related_name="limits"
    )
    pollutant_code = models.CharField(
        _("污染物编码"), max_length=10, blank=True
    )  # HJ 524/525 (HJ 212 App. B)
    pollutant = models.CharField(_("污染物"), max_length=50)
    statistic = models.CharField(_("统计口径"), max_length=20, choices=Statistic.choices)
    lower = models.DecimalField(_("下限"), max_digits=14, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(_("限值"), max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    standard = models.CharField(_("执行标准"), max_length=100, blank=True)

    class Meta:
        ordering = ["outlet", "pollutant", "statistic"]
        constraints = [
            models.UniqueConstraint(fields=["outlet", "pollutant", "statistic"], name="sources_limit_unique")
        ]
        verbose_name = _("许可排放限值")
        verbose_name_plural = _("许可排放限值")

    def __str__(self) -> str:
        return f"{self.pollutant} {self.get_statistic_display()} {self.value}"


class Allowance(models.Model):
    """许可排放量: the allowable annual emissions of one pollutant under a permit (t/a)."""

    permit = models.ForeignKey(Permit, on_delete=models.CASCADE, related_name="allowances")
    pollutant = models.CharField(_("污染物"), max_length=50)
    tonnes_per_year = models.DecimalField(_("年许可排放量（吨）"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["permit", "pollutant"]
        constraints = [
            models.UniqueConstraint(fields=["permit", "pollutant"], name="sources_allowance_unique")
        ]
        verbose_name = _("许可排放量")
        verbose_name_plural = _("许可排放量")

    def __str__(self) -> str:
        return f"{self.pollutant} {self.tonnes_per_year}"


class MonitoringResult(models.Model):
    """A monitoring result of one pollutant at one outlet, with the statistic it is (an hourly mean of a
    flue-gas sample, a daily composite of wastewater …), compared only with the limit of that statistic
    (compliance.assess); the limit and the verdict are stored as judged when the result was entered."""

    class Source(models.TextChoices):
        SUPERVISORY = "supervisory", _("监督性监测")
        SELF = "self", _("自行监测")

    source = models.CharField(_("监测类型"), max_length=15, choices=Source.choices)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("排污单位"), on_delete=models.PROTECT, related_name="results"
    )
    outlet = models.ForeignKey(
        Outlet, verbose_name=_("排放口"), on_delete=models.PROTECT, related_name="results"
    )
    sampled_on = models.DateField(_("监测日期"), db_index=True)
    pollutant = models.CharField(_("污染物"), max_length=50)
    statistic = models.CharField(_("统计口径"), max_length=20, choices=Statistic.choices)
    value = models.DecimalField(_("监测值"), max_digits=14, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    limit_lower = models.DecimalField(_("限值下限"), max_digits=14, decimal_places=4, null=True, blank=True)
    limit_value = models.DecimalField(_("限值"), max_digits=14, decimal_places=4, null=True, blank=True)
    judged = models.BooleanField(_("已判定"), default=False)
    exceeded = models.BooleanField(_("超标"), default=False)
    multiple = models.DecimalField(_("超标倍数"), max_digits=10, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        ordering = ["-sampled_on", "enterprise__name", "outlet__code", "pollutant"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "outlet", "sampled_on", "pollutant", "statistic"],
                name="sources_result_unique",
            )
        ]
        verbose_name = _("监测结果")
        verbose_name_plural = _("监测结果")

    def __str__(self) -> str:
        return f"{self.pollutant} {self.sampled_on} {self.value}"


class ValidityAudit(models.Model):
    """自动监控设备有效性审核: the quarterly result per enterprise (and outlet when given)."""

    class Result(models.TextChoices):
        PASSED = "passed", _("合格")
        FAILED = "failed", _("不合格")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("排污单位"), on_delete=models.PROTECT, related_name="validity_audits"
    )
    outlet = models.ForeignKey(
        Outlet, verbose_name=_("排放口"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    result = models.CharField(_("审核结论"), max_length=10, choices=Result.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "-quarter", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "outlet", "year", "quarter"], name="sources_validity_unique"
            )
        ]
        verbose_name = _("有效性审核结果")
        verbose_name_plural = _("有效性审核结果")

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter} {self.get_result_display()}"


# issue 15, second round: in their own module (registered with the app by this import)
from gongkai.sources.models_permits import (  # noqa: E402, F401
    PermitApplication,
    PermitApplicationDocument,
    SelfMonitoringPlanItem,
)
from gongkai.sources.online_models import OnlineExceedance  # noqa: E402,F401 - issue 16, its own module
